from django import template
from django.utils.translation import gettext_lazy as _

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
