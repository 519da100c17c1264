"""Labels for what the pages show: a match's reasons and a timeline step, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _percent(ppm: int) -> str:
    return f"{ppm // 10_000}.{ppm % 10_000 // 100:02d} %"


def reason_texts(reasons: list[dict]) -> list[str]:
    out = []
    for r in reasons:
        code = r.get("code")
        if code == "net_rate":
            text = _("Rate %(rate)s, %(net)s after the district's subsidy") if r.get("subsidised") else \
                _("Rate %(rate)s (no subsidy for this use)")
            out.append(text % {"rate": _percent(r["rate_ppm"]), "net": _percent(r["net_ppm"])})
        elif code == "likelihood":
            band = r.get("band") or _("not banded")
            out.append(_("Approval likelihood %(p)s %% (screening band %(band)s)")
                       % {"p": r["permille"] // 10, "band": band})  # fmt: skip
        elif code == "speed":
            out.append(_("Answers within %(n)s working days") % {"n": r["workdays"]})
        elif code == "carbon_surplus":
            out.append(_("Surplus allowances (%(t)s t) can be pledged") % {"t": f"{r['pledgeable_t']:,}"})
        elif code == "green_purpose":
            out.append(_("Green purpose"))
    return out


STEPS = {
    "posted": gettext_lazy("Request posted"),
    "matched": gettext_lazy("Products matched and banks notified"),
    "accepted": gettext_lazy("Accepted by a bank"),
    "approved": gettext_lazy("Credit approved"),
    "declined": gettext_lazy("Declined"),
    "slot_expired": gettext_lazy("Service time ran out: the slot passed on"),
    "disbursed": gettext_lazy("Money disbursed"),
    "use_reported": gettext_lazy("Use of proceeds reported"),
    "discussed": gettext_lazy("Discussed at a matchmaking meeting"),
    "withdrawn": gettext_lazy("Request withdrawn"),
}


def step_label(action: str) -> str:
    return str(STEPS.get(action, _("Other step")))


def parameters() -> list[tuple[str, str, bool]]:
    """The matchmaking parameters as people read them: label, value, "to be confirmed" (M) or not."""
    from tanxin.matchmaking.domain.params import DEFAULTS, PARAMETERS

    tags = {p.key: p.tag == "M" for p in PARAMETERS}
    likelihood = "，".join(f"{band or _('not banded')} {permille // 10} %"
                          for band, permille in DEFAULTS.likelihood_permille)  # fmt: skip
    return [
        (_("Banks that may engage"), str(DEFAULTS.slots), tags["grab_slots"]),
        (_("Service time (working days)"), str(DEFAULTS.service_workdays), tags["service_workdays"]),
        (_("One-year loan prime rate"), _percent(DEFAULTS.lpr_ppm), tags["lpr_1y"]),
        (_("District's share of the financing cost"), _percent(DEFAULTS.subsidy_share_ppm), tags["subsidy_share"]),
        (_("Approval likelihood by screening band"), likelihood, tags["likelihood_by_band"]),
        (_("Ranking weights: cost, likelihood, speed, carbon position"),
         " / ".join(str(w) for w in (DEFAULTS.weight_cost, DEFAULTS.weight_likelihood, DEFAULTS.weight_speed,
                                     DEFAULTS.weight_carbon)), tags["ranking_weights"]),
    ]
