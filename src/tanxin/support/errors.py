"""Domain error codes in the user's language: the domain keeps English text, the service layer translates.

``translated()`` wraps a block of domain calls; a ``SupportError`` leaving it carries the gettext
message for its code, keeps its code, status and details, and optionally names the form field at fault.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext_lazy as _

from tanxin.common import errors
from tanxin.support.domain.errors import MESSAGES, SupportError, support_error

ERROR_MESSAGES = {
    "outside_window": _("This action is only possible inside the scheme's time window."),
    "not_eligible": _("The enterprise does not meet the scheme's eligibility rules."),
    "score_out_of_range": _("The score is outside the range allowed for this criterion."),
    "not_assigned": _("This expert is not assigned to the application."),
    "conflicted": _("This expert has a conflict of interest or has not declared one."),
    "over_cap": _("The amount exceeds the per-enterprise cap."),
    "over_budget": _("The total awarded would exceed the scheme's budget."),
    "criteria_frozen": _("The criteria are frozen once applications open."),
    "invalid_criteria": _("The criteria tree is not valid."),
    "invalid_transition": _("This workflow step is not allowed from the current state."),
    "role_not_allowed": _("Your role may not take this workflow step."),
    "reason_required": _("A reason is required for this step."),
    "evidence_missing": _("Evidence is required for this criterion."),
    "not_applicable": _("This criterion does not apply to the enterprise."),
    "objections_open": _("All objections must be answered before the result becomes final."),
    "publicity_not_over": _("The publicity period has not ended yet."),
    "invalid_allocation": _("The allocation settings are not valid."),
    "no_expert_scores": _("No expert has submitted a score yet."),
}
assert set(ERROR_MESSAGES) == set(MESSAGES), "every domain error code needs a translated message"


def translate(exc: SupportError, field: str | None = None) -> SupportError:
    """The error in the user's language, filed under ``field`` when a form field is at fault."""
    return errors.translate(exc, ERROR_MESSAGES, field=field, values={})


@contextmanager
def translated(field: str | None = None) -> Iterator[None]:
    try:
        yield
    except SupportError as exc:
        raise translate(exc, field) from exc


def fail(code: str, field: str | None = None, **details: Any) -> SupportError:
    """A translated support error to raise from the service layer."""
    return translate(support_error(code, **details), field)


PROBLEMS = {
    "budget_not_positive": _("The budget must be positive."),
    "cap_not_positive": _("The per-enterprise cap must be positive."),
    "window_closes_before_it_opens": _("The window must close after it opens."),
    "publicity_too_short": _("Publicity needs at least one working day."),
    "spread_threshold_negative": _("The spread threshold cannot be negative."),
    "max_points_not_positive": _("Maximum points must be positive."),
    "automatic_without_rule": _("An automatic criterion needs a rule."),
    "rule_on_non_automatic_item": _("Only automatic criteria take a rule."),
    "expert_range_outside_0_max": _("The expert range must lie between 0 and the maximum points."),
    "duplicate_code": _("Two criteria share a code."),
    "no_items_for_type": _("An admitted enterprise type has no criteria."),
    "points_exceed_full_marks": _("The criteria for one enterprise type add up to more than full marks."),
    "no_bands": _("A banded rule needs at least one band."),
    "duplicate_band_score": _("Two bands start at the same score."),
    "band_amount_not_positive": _("Every band needs a positive amount."),
    "max_awardees_below_1": _("The number of awardees must be at least 1."),
}


def problem_text(problem: dict[str, Any]) -> str:
    """One validation problem as a sentence in the user's language, with what it concerns."""
    text = str(PROBLEMS.get(problem.get("problem", ""), problem.get("problem", "")))
    where = problem.get("item") or problem.get("enterprise_type") or ""
    extra = f" ({where}{' ' + problem['total'] if problem.get('total') else ''})" if where else ""
    return text + extra
