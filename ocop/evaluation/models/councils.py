"""Evaluation councils set up by an office (by the decision that establishes them), their members and
advisory group, sessions (meetings, or written opinions for a re-evaluation) with an agenda of dossiers,
what happened to each session, and members' individual scores (every round kept)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop.accounts.access import ScopedQuerySet, ScopePath


class Council(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial council")
        CENTRAL = "central", _("Central council")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey("places.Province", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="councils")
    name = models.CharField(_("name"), max_length=200)
    decision_number = models.CharField(_("number of the establishing decision"), max_length=60, blank=True)
    decision_date = models.DateField(_("date of the establishing decision"), null=True, blank=True)
    # The province's council regulation ("Quy chế hoạt động") decides these; the defaults are the usual ones.
    quorum = models.DecimalField(_("quorum (share of members)"), max_digits=3, decimal_places=2, default=Decimal("0.75"),
                                 validators=[MinValueValidator(Decimal("0.50")), MaxValueValidator(Decimal("1.00"))])
    chair_required = models.BooleanField(_("the chair must be present"), default=True)
    divergence = models.DecimalField(_("divergence that calls for discussion (points)"), max_digits=5, decimal_places=2,
                                     default=Decimal(10),
                                     validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(50))])
    regulation = models.CharField(_("council regulation (decision)"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    history = HistoricalRecords(excluded_fields=["created_at"])  # regulation changes, who made them

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["level", "province", "-active", "-decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["level"], condition=models.Q(level="central", active=True),
                                    name="one_active_central_council"),
            models.UniqueConstraint(fields=["province"], condition=models.Q(level="province", active=True),
                                    name="one_active_council_per_province"),
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")
        ADVISOR = "advisor", _("Advisory group")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_seats")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    agency = models.CharField(_("department"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = [models.Case(models.When(role="chair", then=0), models.When(role="member", then=1),
                                models.When(role="secretary", then=2), default=3), "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="member_unique")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def scores_dossiers(self) -> bool:
        return self.role in (self.Role.CHAIR, self.Role.MEMBER)


SCORING_ROLES = (Member.Role.CHAIR, Member.Role.MEMBER)


class Session(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WRITTEN = "written", _("Written opinions (no meeting)")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    due_on = models.DateField(_("opinions due by"), null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    present = models.ManyToManyField(Member, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    scope_path = ScopePath(province="council__province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")

    def __str__(self) -> str:
        return f"{self.council} · {self.date:%d/%m/%Y}"

    @property
    def written(self) -> bool:
        return self.kind == self.Kind.WRITTEN


class SessionEvent(models.Model):
    """What happened to a session (planned, rescheduled, attendance taken, adjourned, cancelled, a meeting
    called, closed): who, when, why. Rows are only ever added."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    detail = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("session history is append-only")
        super().save(*args, **kwargs)


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.PROTECT, related_name="agenda_items")
    added_at = models.DateTimeField(auto_now_add=True)
    flagged = models.BooleanField(default=False)  # members' first-round totals diverged (kept as history)
    result_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    result_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    removed = models.BooleanField(default=False)  # the session was cancelled: the dossier went back to waiting

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "dossier"], name="agenda_unique")]


class Score(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="scores")
    round = models.PositiveSmallIntegerField(default=1)
    answers = models.JSONField()
    total = models.DecimalField(max_digits=5, decimal_places=2)
    opinion = models.TextField(_("opinion"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "submitted_at"]
        constraints = [models.UniqueConstraint(fields=["item", "member", "round"], name="score_unique_round")]
