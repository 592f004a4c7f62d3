"""Trade promotion: points of sale and display, distribution channels and listings, export
records, events, and buyers' inquiries. Offices record these; the figures a province reports
("29 products of 16 producers in distribution systems") are counted from them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath


class PointOfSale(models.Model):
    class Kind(models.TextChoices):
        OCOP_CENTRE = "ocop_centre", _("OCOP centre")
        TOURISM_DISPLAY = "tourism_display", _("Tourism display point")
        SHOP = "shop", _("Shop")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province = models.ForeignKey("places.Province", verbose_name=_("province"), on_delete=models.PROTECT)
    commune = models.ForeignKey("places.Commune", verbose_name=_("commune / ward"), null=True, blank=True, on_delete=models.PROTECT)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("online shop or website"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True,
                                     help_text=_("As a shopper reads them, e.g. 7:00–21:00 every day"))
    # WGS 84 degrees, as a phone's map shows them: the "map" link and "nearest first" on product pages.
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))])
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    products = models.ManyToManyField("producers.Product", verbose_name=_("products"), blank=True, related_name="points_of_sale")
    published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(default=False, editable=False)

    scope_path = ScopePath(province="province", commune="commune")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("point of sale")
        verbose_name_plural = _("points of sale")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude" if self.longitude is None else "latitude":
                                   _("Give both the latitude and the longitude, or neither.")})

    @property
    def map_url(self) -> str:
        """A map of the place that opens in the phone's map application."""
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://www.google.com/maps/search/?api=1&query={self.latitude},{self.longitude}"


class Channel(models.Model):
    """A distribution system. Without a province it is national: recorded and changed by the central office only;
    every province lists its products in it. A provincial channel is its province's office's to change."""

    class Kind(models.TextChoices):
        SUPERMARKET = "supermarket", _("Supermarket chain")
        ECOMMERCE = "ecommerce", _("E-commerce platform")
        WHOLESALER = "wholesaler", _("Wholesaler / distributor")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    province = models.ForeignKey("places.Province", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, help_text=_("Empty for a national channel."))

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("distribution channel")
        verbose_name_plural = _("distribution channels")

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    """A product carried by a distribution channel, from a date (and possibly until one)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="listings")
    product = models.ForeignKey("producers.Product", on_delete=models.CASCADE, related_name="listings")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    url = models.URLField(_("online shop link"), blank=True, help_text=_("The product's own page on this channel"))
    is_demo = models.BooleanField(default=False, editable=False)

    scope_path = ScopePath(producer="product__producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [models.UniqueConstraint(fields=["channel", "product", "since"], name="listing_unique")]

    def __str__(self) -> str:
        return f"{self.product.name} – {self.channel.name}"


class ExportRecord(models.Model):
    product = models.ForeignKey("producers.Product", on_delete=models.CASCADE, related_name="exports")
    country = models.CharField(_("country (ISO code)"), max_length=2)
    country_name = models.CharField(_("country"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    volume = models.DecimalField(_("volume"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    value_usd = models.PositiveBigIntegerField(_("value (USD)"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    scope_path = ScopePath(producer="product__producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "country_name"]
        verbose_name = _("export record")
        verbose_name_plural = _("export records")

    def __str__(self) -> str:
        return f"{self.product.name} – {self.country_name} {self.year}"


class Event(models.Model):
    class Kind(models.TextChoices):
        FAIR = "fair", _("Fair")
        FESTIVAL = "festival", _("Festival")
        TRADE_CONFERENCE = "trade_conference", _("Trade-connection conference")
        TRAINING = "training", _("Training course")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=300)
    province = models.ForeignKey("places.Province", verbose_name=_("province"), on_delete=models.PROTECT)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    booths = models.PositiveIntegerField(_("booths"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(default=False, editable=False)

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="event_participations")
    products = models.ManyToManyField("producers.Product", blank=True, related_name="event_participations")
    booths = models.PositiveSmallIntegerField(_("booths"), default=1)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["event", "producer"], name="participation_unique")]


class Inquiry(models.Model):
    """A buyer's message to a producer, sent from a product page. The producer's e-mail is never shown;
    the producer reads and answers in the app, and the answer goes to the buyer."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        ANSWERED = "answered", _("Answered")

    product = models.ForeignKey("producers.Product", on_delete=models.CASCADE, related_name="inquiries")
    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="inquiries")
    buyer_name = models.CharField(_("your name"), max_length=120)
    buyer_contact = models.CharField(_("your e-mail or phone"), max_length=120)
    message = models.TextField(_("message"), max_length=2000)
    client = models.CharField(max_length=64, editable=False)  # hash of the network prefix, for rate limiting and counts
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    scope_path = ScopePath(producer="producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("buyer inquiry")
        verbose_name_plural = _("buyer inquiries")

    @property
    def reference(self) -> str:
        """The number the buyer keeps ("LH-2026-00042": liên hệ, year, number)."""
        return f"LH-{self.created_at:%Y}-{self.pk:05d}"
