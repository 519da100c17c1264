"""Directory: jurisdictions, industries, organisations, people, memberships, consents, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tanxin.orgs.domain.roles import OrgKind, Role
from tanxin.orgs.gate import (
    ApiTokenQuerySet,
    ConsentQuerySet,
    InvitationQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
)
from tanxin.orgs.validators import validate_uscc


class BilingualName(models.Model):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Chinese."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Jurisdiction(BilingualName):
    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    code = models.CharField(_("division code"), max_length=12, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def with_descendants(self) -> set[int]:
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class Industry(BilingualName):
    """GB/T 4754-2017 national economic industry classification (section letter or division code)."""

    code = models.CharField(_("industry code"), max_length=8, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    source = models.CharField(_("source"), max_length=200, default="GB/T 4754-2017")

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Organisation(BilingualName):
    class Kind(models.TextChoices):
        BUREAU = OrgKind.BUREAU.value, _("Ecology and environment bureau")
        ENTERPRISE = OrgKind.ENTERPRISE.value, _("Enterprise")
        BANK = OrgKind.BANK.value, _("Bank")
        GUARANTOR = OrgKind.GUARANTOR.value, _("Guarantor")
        VERIFIER = OrgKind.VERIFIER.value, _("Verifier")

    class EnterpriseType(models.TextChoices):
        PRODUCTION = "production", _("Production")
        RD = "rd", _("Research and development")
        SERVICE = "service", _("Service")
        OTHER = "other", _("Other")

    class Size(models.TextChoices):
        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    class Ets(models.TextChoices):
        NONE = "none", _("Not in an ETS")
        NATIONAL = "national", _("National ETS")
        SHENZHEN = "shenzhen", _("Shenzhen ETS")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", pgettext_lazy("organisation status", "Closed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="organisations"
    )
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT)
    enterprise_type = models.CharField(_("enterprise type"), max_length=12, choices=EnterpriseType.choices, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    key_emitter = models.BooleanField(_("key emission-control unit"), default=False)
    ets = models.CharField(_("ETS membership"), max_length=10, choices=Ets.choices, default=Ets.NONE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # The directory is listed by kind, sorted by name and paged: this index serves it without a sort.
        indexes = [
            models.Index(fields=["jurisdiction", "kind", "name_zh"]),
            models.Index(fields=["kind", "name_zh", "id"], name="orgs_kind_name_idx"),
        ]

    @property
    def is_enterprise(self) -> bool:
        return self.kind == self.Kind.ENTERPRISE


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    class RoleChoice(models.TextChoices):
        ADMIN = Role.ADMIN.value, _("Administrator")
        OFFICER = Role.OFFICER.value, _("Officer")
        MEMBER = Role.MEMBER.value, _("Member")
        EXPERT = Role.EXPERT.value, _("Expert")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=RoleChoice.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class ConsentGrant(models.Model):
    """An enterprise lets a bank or guarantor read its data until it expires or is revoked."""

    enterprise = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consents_given")
    grantee = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consents_received")
    purpose = models.CharField(_("purpose"), max_length=200, validators=[MaxLengthValidator(200)])
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.grantee}"


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.RoleChoice.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the clear token is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"tx_{self.prefix}_… ({self.name})"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class NotificationQuerySet(models.QuerySet):
    """A notice is personal: only its recipient sees it (the rule of ``orgs.gate``, kept here beside the model)."""

    def visible_to(self, user, action: str = "view") -> models.QuerySet:
        from tanxin.orgs.gate import check_action, principal_for

        check_action(action)
        principal = principal_for(user)
        if principal.is_anonymous:
            return self.none()
        return self.filter(user_id=principal.user_id)


class Notification(models.Model):
    """One notice in one person's inbox, written in both languages when it is raised (see ``orgs.notifications``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    subject_zh = models.CharField(max_length=200)
    subject_en = models.CharField(max_length=200)
    body_zh = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120, blank=True)  # the same event notified twice is one notice
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                    name="orgs_one_notice_per_key"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="orgs_notice_unread")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.subject_en}"

    @property
    def subject(self) -> str:
        return self.subject_en if (get_language() or "").startswith("en") else self.subject_zh

    @property
    def body(self) -> str:
        return self.body_en if (get_language() or "").startswith("en") else self.body_zh


class NotificationPreference(models.Model):
    """How a person wants their notices: in the inbox only, also by e-mail at once, or in one daily digest.

    Every notice lands in the inbox whatever the choice; the choice decides the e-mail. ``email`` overrides the
    account's address for notices (a shared mailbox, say); empty means the account's address."""

    class Delivery(models.TextChoices):
        INBOX = "inbox", _("In the inbox only")
        EMAIL = "email", _("In the inbox and by e-mail at once")
        DIGEST = "digest", _("In the inbox and one e-mail digest a day")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)
    email = models.EmailField(_("e-mail for notices"), blank=True)
    digest_sent_at = models.DateTimeField(null=True, blank=True)  # the last digest: the next one starts after it
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.delivery}"
