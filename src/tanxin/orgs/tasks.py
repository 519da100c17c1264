"""Background work of the directory (run by the database task worker started with ``make run``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_invitation(invitation_id: int, token: str) -> None:
    from tanxin.orgs.models import Invitation

    invitation = Invitation.objects.select_related("organisation").get(pk=invitation_id)
    link = settings.SITE_URL + reverse("orgs:accept_invitation", args=[token])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation to join %(org)s on Tanxin") % {"org": invitation.organisation.name_zh}
        body = _("You are invited to join %(org)s. Open this link within 7 days to create your account: %(link)s") % {
            "org": invitation.organisation.name_zh,
            "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
