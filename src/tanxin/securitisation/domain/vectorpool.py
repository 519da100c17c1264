"""The pool's cash flows on many paths at once (numpy float64), the same rules as ``pool.project``.

With default and prepayment rates the same for every loan of a path, each loan's balance is its
scheduled balance ``B_i(t)`` times a path factor ``S(t) = Π (1 − MDR)(1 − SMM)``, and its pledged tonnes
are ``Q_i S(t)``. The carbon recovery of the loans defaulting in a period is then
``MDR S Σ_i [g_i B_i + min((1 − g_i) B_i, Q_i x)]`` with ``x`` = price × (1 − slippage): a piecewise-linear
function of ``x`` read from the loans sorted by their threshold ``(1 − g_i) B_i / Q_i`` — exact, one
sort per period and a binary search per path, so the loans never form a paths × loans array.
Totals are rounded to the fen at the same places as the exact projection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tanxin.securitisation.domain.pool import Loan, schedule_fraction


@dataclass
class PathFlows:
    initial_fen: int
    opening: list[np.ndarray]
    interest: list[np.ndarray]
    scheduled: list[np.ndarray]
    prepaid: list[np.ndarray]
    defaulted: list[np.ndarray]
    recovered: list[np.ndarray]
    loss: list[np.ndarray]
    closing: list[np.ndarray]

    @property
    def periods(self) -> int:
        return len(self.opening)


def schedules(loans: list[Loan] | tuple[Loan, ...], periods: int) -> np.ndarray:
    """Scheduled balance of each loan after each period with no default or prepayment, (loans, periods+1)."""
    out = np.zeros((len(loans), periods + 1))
    for i, loan in enumerate(loans):
        b = float(loan.balance_fen)
        out[i, 0] = b
        for t in range(1, periods + 1):
            b *= 1 - float(schedule_fraction(loan, t))
            out[i, t] = b
    return out


def project(loans: list[Loan] | tuple[Loan, ...], mdr: np.ndarray, smm: float, price: np.ndarray,
            slippage: float, lag: int) -> PathFlows:  # fmt: skip
    """``mdr``: (paths, periods); ``price``: (paths, periods + 1) per tonne, in fen."""
    n, periods = mdr.shape
    B = schedules(loans, periods)
    rate = np.array([loan.rate_ppm / 12_000_000 for loan in loans])
    Q = np.array([float(loan.pledged_t) for loan in loans])
    g = np.array([loan.guarantee_ppm / 1_000_000 for loan in loans])
    S = np.ones(n)
    x_all = price * (1 - slippage)
    raw = {k: [] for k in ("interest", "prepaid", "defaulted", "closing")}
    rec_raw = [np.zeros(n) for _ in range(periods)]
    for t in range(1, periods + 1):
        b0, b1 = B[:, t - 1], B[:, t]
        sum_b, sum_sched = b0.sum(), (b0 - b1).sum()
        m = mdr[:, t - 1]
        perf = (1 - m) * S
        raw["interest"].append(perf * float(b0 @ rate))
        raw["defaulted"].append(m * S * sum_b)
        raw["prepaid"].append(perf * (sum_b - sum_sched) * smm)
        if t + lag <= periods and sum_b > 0:
            rec_raw[t + lag - 1] = m * S * _recovery_sum(b0, Q, g, x_all[:, t + lag])
        S = perf * (1 - smm)
        raw["closing"].append(S * b1.sum())
    return _to_fen(int(sum(loan.balance_fen for loan in loans)), raw, rec_raw, lag)


def _recovery_sum(b: np.ndarray, q: np.ndarray, g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Σ_i g_i b_i + min((1 − g_i) b_i, q_i x) for every x (one per path)."""
    c = (1 - g) * b
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = np.where(q > 0, c / np.where(q > 0, q, 1), np.inf)
    order = np.argsort(theta, kind="stable")
    theta, c, q = theta[order], c[order], q[order]
    cum_c = np.concatenate([[0.0], np.cumsum(c)])
    cum_q = np.concatenate([[0.0], np.cumsum(q)])
    k = np.searchsorted(theta, x, side="right")
    return float((g * b).sum()) + cum_c[k] + x * (cum_q[-1] - cum_q[k])


def _to_fen(initial: int, raw: dict[str, list[np.ndarray]], rec_raw: list[np.ndarray], lag: int) -> PathFlows:
    out = {k: [] for k in ("opening", "interest", "scheduled", "prepaid", "defaulted", "recovered", "loss",
                           "closing")}  # fmt: skip
    opening = np.full(rec_raw[0].shape, float(initial))
    for i in range(len(rec_raw)):
        closing = np.rint(raw["closing"][i])
        prepaid, defaulted = np.rint(raw["prepaid"][i]), np.rint(raw["defaulted"][i])
        sched = opening - closing - prepaid - defaulted
        take = np.minimum(np.maximum(-sched, 0), prepaid)
        prepaid, sched = prepaid - take, sched + take
        defaulted, sched = defaulted + np.minimum(sched, 0), np.maximum(sched, 0)
        due = defaulted if lag == 0 else out["defaulted"][i - lag] if i >= lag else np.zeros_like(opening)
        rec = np.minimum(np.rint(rec_raw[i]), due)
        for key, value in (("opening", opening), ("interest", np.rint(raw["interest"][i])), ("scheduled", sched),
                           ("prepaid", prepaid), ("defaulted", defaulted), ("recovered", rec),
                           ("loss", due - rec), ("closing", closing)):  # fmt: skip
            out[key].append(value)
        opening = closing
    return PathFlows(initial_fen=initial, **out)
