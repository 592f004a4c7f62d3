"""The search index of the public catalogue: one row per product, text folded (no diacritics,
"đ" → "d", lower case), the name apart from the rest so that name matches rank first; beside it the words as
written (name, place, the rest) from which the ranking tells a whole word from a prefix and "trà" from
"tráng"; and the vocabulary that corrects typing mistakes.

SQLite: an FTS5 table over `SearchDoc` (name, body), kept in step by triggers (migration 0002).
PostgreSQL: a generated, weighted tsvector column with a GIN index (migration 0002); pg_trgm over the
vocabulary (migration 0004).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath


class SearchDoc(models.Model):
    product = models.OneToOneField("producers.Product", on_delete=models.CASCADE, primary_key=True, related_name="search_doc")
    name = models.TextField()
    body = models.TextField()
    name_text = models.TextField(default="")  # the name as written
    place_text = models.TextField(default="")  # province (also its short and pre-2025 names) and commune, as written
    other_text = models.TextField(default="")  # producer, group, the start of the description, as written

    class Meta:
        verbose_name = "search document"


class SearchTerm(models.Model):
    """A folded word of the catalogue (names, places, producers, groups) with its most used written form."""

    word = models.CharField(max_length=40, primary_key=True)
    form = models.CharField(max_length=40)
    weight = models.PositiveIntegerField(default=1)  # in how many documents it was seen

    class Meta:
        verbose_name = "search vocabulary word"


class FakeReport(models.Model):
    """A member of the public's report of a product that may carry the OCOP mark falsely: a certificate number
    that was never issued, a revoked one still on packages, or a QR code whose signature does not match. It goes
    to the office of the province where the product was seen."""

    class Reason(models.TextChoices):
        UNKNOWN = "unknown", _("The number was never issued")
        REVOKED = "revoked", _("The certificate was revoked")
        TAMPERED = "tampered", _("The QR code is not genuine")
        OTHER = "other", _("Something else looks wrong")

    number = models.CharField(_("certificate number as printed"), max_length=40, blank=True)
    certificate = models.ForeignKey("certificates.Certificate", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    province = models.ForeignKey("places.Province", verbose_name=_("province where it was seen"),
                                 on_delete=models.PROTECT)
    place = models.CharField(_("where it was seen"), max_length=200)
    product_name = models.CharField(_("product"), max_length=200, blank=True)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    contact = models.CharField(_("contact of the person reporting"), max_length=120, blank=True)
    client = models.CharField(max_length=64, editable=False)  # hash of the network prefix (rate limits)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suspected fake report")
        verbose_name_plural = _("suspected fake reports")

    def __str__(self) -> str:
        return f"{self.number or '—'} · {self.place}"
