from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from tanxin.accounting import facts as accounting_facts
from tanxin.disclosure.content import tonnes as _tonnes
from tanxin.disclosure.messages import ACTION_LABELS, ROLE_LABELS, STATE_LABELS

register = template.Library()

# Log entries that are not workflow transitions but are recorded beside them.
EVENT_LABELS = {"create": _("Created"), "refresh": _("Refresh figures from accounting")}


@register.filter
def tonnes(kg, places: int = 1) -> str:
    """Integer kgCO2e shown as tonnes, rounded half-up (presentation only)."""
    return _tonnes(kg, int(places))


@register.filter
def workflow_label(code) -> str:
    """A workflow state, action or role code in the reader's language; "—" for none.
    The code itself stays in the API and the audit trail, never on a page."""
    if not code:
        return "—"
    for table in (STATE_LABELS, ACTION_LABELS, ROLE_LABELS, EVENT_LABELS):
        if code in table:
            return str(table[code])
    return str(code)


@register.filter
def factor_names(factor_ids) -> str:
    """The factors a report used, each by its name for people with its id on hover (the id stays in the trace
    and the API)."""
    ids = [str(i) for i in factor_ids or ()]
    if not ids:
        return "—"
    labels = accounting_facts.factor_labels(ids)
    return format_html_join("、", '<span title="{}">{}</span>', ((i, labels[i]) for i in ids))


@register.filter
def flag_reason(flag) -> str:
    """A pinned data-quality flag in the reader's language (the report keeps the English text it was frozen with;
    the code and details name it again)."""
    return accounting_facts.flag_reason(flag.get("code", ""), flag.get("details") or {}, flag.get("reason", ""))


@register.filter
def severity(code) -> str:
    return accounting_facts.severity_label(str(code))
