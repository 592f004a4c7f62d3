"""Certificates: one per recognition, with a public identifier and the facts it certifies (frozen when it is
issued: what the producer renames later never changes them); their append-only history, revocation cases
and the log of public verifications. The status is the recognition's (derived, never stale)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop.accounts.access import ScopedQuerySet, ScopePath
from ocop.recognitions.models import REVOCATION_DAYS, RevocationGround

from .ids import display


class Certificate(models.Model):
    recognition = models.OneToOneField(
        "recognitions.Recognition", on_delete=models.PROTECT, related_name="certificate", verbose_name=_("recognition")
    )
    public_id = models.CharField(_("certificate number"), max_length=11, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    # The certified facts, copied from the register when the certificate is issued and never changed after:
    # they are what the QR code signs and what verification shows.
    product_name = models.CharField(_("certified product name"), max_length=255, default="")
    producer_name = models.CharField(_("certified producer name"), max_length=255, default="")
    stars = models.PositiveSmallIntegerField(_("certified stars"), default=0)
    product_set_code = models.CharField(_("certified product set (code)"), max_length=30, default="", blank=True)
    product_set_name = models.CharField(_("certified product set"), max_length=200, default="", blank=True)
    product_code = models.CharField(_("certified product code"), max_length=40, default="", blank=True)
    reevaluation_filed_on = models.DateField(
        _("re-evaluation filed on"), null=True, blank=True,
        help_text=_("Set by certificate_reevaluation_filed (evaluation, or the office): a late filing keeps the "
                    "certificate valid until the result, at most 180 days past expiry (Art. 12.3)."))

    scope_path = ScopePath(producer="recognition__product__producer", province="recognition__province")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.display_id

    @property
    def display_id(self) -> str:
        return display(self.public_id)

    @property
    def status(self) -> str:
        return self.recognition.status


class Event(models.Model):
    """One line of a certificate's history. Rows are only ever added."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REMINDER = "reminder", _("Expiry reminder sent")  # before Decision 26/2026 (90/60/30 days); kept for history
        WINDOW_OPEN = "window_open", _("Re-evaluation window opened (notice sent)")
        WINDOW_CLOSING = "window_closing", _("Re-evaluation window closing (notice sent)")
        REEVALUATION_FILED = "reeval_filed", _("Re-evaluation filed")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded by a newer certificate")
        CASE_OPENED = "case_opened", _("Revocation case opened")
        CASE_DROPPED = "case_dropped", _("Revocation case closed without revocation")
        CASE_OVERDUE = "case_overdue", _("Revocation case past its 15 days (notice sent)")
        REVOKED = "revoked", _("Revoked")
        RENEWAL = "renewal", _("Renewal started")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events",
                                    db_index=False)  # the index on (certificate, kind) serves it
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        indexes = [models.Index(fields=["certificate", "kind"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("certificate history is append-only")
        super().save(*args, **kwargs)


class Answer(models.Model):
    """A certificate's verification answer, precomputed (`answers.py`): its public facts as JSON, its status and
    the day the calendar changes it. Recomputed by the write path and the daily work; never edited by hand."""

    certificate = models.OneToOneField(Certificate, primary_key=True, on_delete=models.CASCADE, related_name="answer")
    public_id = models.CharField(max_length=11, unique=True)
    status = models.CharField(max_length=12)
    body = models.TextField()
    stale_on = models.DateField(null=True, blank=True, db_index=True)
    computed_on = models.DateField()

    class Meta:
        verbose_name = _("verification answer")
        verbose_name_plural = _("verification answers")


class VerificationCount(models.Model):
    """The log of public verifications, per certificate, hour, outcome and channel: how many look-ups were
    answered so (certificate empty for numbers that match none). Counted in the shared cache or in the
    process and written in batches (`verification_log.py`), so a scan never waits for a database write."""

    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="verification_counts")
    hour = models.DateTimeField(db_index=True)
    outcome = models.CharField(max_length=12)
    channel = models.CharField(max_length=4)  # page | api
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("verifications in an hour")
        verbose_name_plural = _("verifications by hour")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "hour", "outcome", "channel"], name="one_count_per_hour"),
            models.UniqueConstraint(fields=["hour", "outcome", "channel"], condition=models.Q(certificate__isnull=True),
                                    name="one_unmatched_count_per_hour"),
        ]


class VerificationFlush(models.Model):
    """A batch of counts taken from the shared cache and written: a batch is written once even when two
    processes try it (the second one finds its name here)."""

    batch = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class RevocationCase(models.Model):
    """A finding that may lead to revocation (Art. 8.3): opened by an office or by an inspection's outcome,
    decided within 15 days of the finding (Art. 8.4) by revoking (the authority of Art. 8.2) or closed
    without revocation, with the reason."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for the authority's decision")
        REVOKED = "revoked", _("Revoked")
        DROPPED = "dropped", _("Closed without revocation")

    certificate = models.ForeignKey(Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT,
                                    related_name="revocation_cases")
    ground = models.CharField(_("ground"), max_length=20, choices=RevocationGround.choices)
    details = models.TextField(_("details"))
    found_on = models.DateField(_("finding dated"))
    deadline = models.DateField(_("decide by"))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Where the finding comes from."))
    source_url = models.CharField(max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("opened by"))
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("why closed without revocation"), blank=True)

    scope_path = ScopePath(producer="certificate__recognition__product__producer", province="certificate__recognition__province")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("revocation case")
        verbose_name_plural = _("revocation cases")
        constraints = [models.UniqueConstraint(fields=["certificate"], condition=models.Q(state="open"),
                                               name="one_open_revocation_case")]

    def __str__(self) -> str:
        return f"{self.certificate} · {self.get_ground_display()}"

    @staticmethod
    def deadline_for(found_on: dt.date) -> dt.date:
        return found_on + dt.timedelta(days=REVOCATION_DAYS)

    def overdue_on(self, day: dt.date) -> bool:
        return self.state == self.State.OPEN and day > self.deadline
