"""Users, their role and scope, and API tokens."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRAL = "central", _("Central office")
    PROVINCE = "province", _("Provincial office")
    COMMUNE = "commune", _("Commune officer")
    PRODUCER = "producer", _("Producer")
    COUNCIL = "council", _("Council member")  # sits on a council; sees the dossiers on its agenda only


class User(AbstractUser):
    """A person who logs in. What they may see and change follows from role + scope
    (see ocop.accounts.access, the one place that answers it)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        "places.Province", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    communes = models.ManyToManyField("places.Commune", verbose_name=_("communes"), blank=True)
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("producer"), null=True, blank=True, on_delete=models.SET_NULL
    )

    may_sign_decisions = models.BooleanField(
        _("may sign decisions"), default=False,
        help_text=_("Provincial office: the chair of the provincial people's committee, or the person the chair "
                    "delegates, who signs revocations of 3- and 4-star certificates (Decision 26/2026 Art. 8.2)."))

    invited_by = models.ForeignKey("self", verbose_name=_("invited by"), null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True, editable=False,
                                      help_text=_("When the last invitation mail was sent (its link lasts a few days)."))
    history = HistoricalRecords(excluded_fields=["password", "last_login"])  # account changes, who made them

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def issue(self, user: User, *, name: str = "", days: int | None = None) -> tuple["ApiToken", str]:
        """Create a token valid for `days` (OCOP_API_TOKEN_DAYS by default) and return it with its raw
        value (shown once, stored only as a hash)."""
        raw = "ocop_" + secrets.token_urlsafe(32)
        days = settings.OCOP_API_TOKEN_DAYS if days is None else days
        token = self.create(user=user, name=name[:100], prefix=raw[:12], key_hash=_digest(raw),
                            expires_at=timezone.now() + dt.timedelta(days=days))
        return token, raw

    def authenticate(self, raw: str) -> User | None:
        token = self.select_related("user").filter(key_hash=_digest(raw), revoked_at__isnull=True).first()
        if token is None or not token.user.is_active or token.expired:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            self.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired
