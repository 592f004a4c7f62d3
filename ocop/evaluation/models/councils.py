"""Evaluation councils (one per province, one central), their members, sessions with an agenda of
dossiers, and members' individual scores (every round kept)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath


class Council(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial council")
        CENTRAL = "central", _("Central council")

    level = models.CharField(max_length=10, choices=Level.choices)
    province = models.OneToOneField("places.Province", null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    quorum = models.DecimalField(_("quorum (share of members)"), max_digits=3, decimal_places=2, default=Decimal("0.75"))
    divergence = models.DecimalField(_("divergence that calls for discussion (points)"), max_digits=5, decimal_places=2, default=Decimal(10))

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [models.UniqueConstraint(fields=["level"], condition=models.Q(level="central"), name="one_central_council")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_seats")
    role = models.CharField(max_length=10, choices=Role.choices)
    agency = models.CharField(_("agency"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Session(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    present = models.ManyToManyField(Member, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    scope_path = ScopePath(province="council__province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.PROTECT, related_name="agenda_items")
    added_at = models.DateTimeField(auto_now_add=True)
    flagged = models.BooleanField(default=False)
    result_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    result_stars = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "dossier"], name="agenda_unique")]


class Score(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="scores")
    round = models.PositiveSmallIntegerField(default=1)
    answers = models.JSONField()
    total = models.DecimalField(max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "submitted_at"]
        constraints = [models.UniqueConstraint(fields=["item", "member", "round"], name="score_unique_round")]
