"""Background work of the registry: compliance reminders and the daily journal anchor.

Run them daily from the task worker (or cron ``manage.py shell -c``); both are idempotent per day.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

REMINDER_DAYS = (30, 7, 1)  # days before the surrender deadline


def due_reminders(year: int, today: date) -> list[tuple]:
    """(position, days left) for every enterprise still short whose deadline is one of REMINDER_DAYS away."""
    from tanxin.orgs.models import Organisation
    from tanxin.registry import queries
    from tanxin.registry.models import Obligation

    result = []
    ids = Obligation.objects.filter(year=year).values_list("enterprise_id", flat=True)
    for pos in queries.positions(Organisation.objects.filter(pk__in=ids), year, as_of=today).values():
        if pos.result is None or pos.result.shortfall_t <= 0:
            continue
        left = (pos.result.deadline - today).days
        if left in REMINDER_DAYS:
            result.append((pos, left))
    return result


@task()
def send_compliance_reminders(year: int | None = None) -> int:
    from tanxin.orgs.models import Membership

    today = timezone.localdate()
    sent = 0
    for pos, left in due_reminders(year or today.year - 1, today):
        emails = list(Membership.objects.filter(organisation=pos.enterprise, role="admin")
                      .exclude(user__email="").values_list("user__email", flat=True))  # fmt: skip
        if not emails:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Allowance surrender due in %(days)d days") % {"days": left}
            body = _("%(org)s still has to surrender %(t)d t for %(year)d before %(deadline)s.") % {
                "org": pos.enterprise.name_zh, "t": pos.result.shortfall_t, "year": pos.year,
                "deadline": pos.result.deadline.isoformat(),
            }  # fmt: skip
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
        sent += 1
    return sent


@task()
def anchor_journal() -> str:
    from tanxin.registry.verification import anchor_day

    return anchor_day(timezone.localdate()).hash
