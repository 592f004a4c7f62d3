"""The office's promotion lists: filters (of what the person may see) and tables. The central office also
filters by province; a provincial office's lists hold its province only (the querysets come from
`visible_to`)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import django_filters
import django_tables2 as tables

from ocop.accounts.access import is_central, office_provinces
from ocop.core.dates import programme_years
from ocop.core.lists import ListFilterSet, ListTable
from ocop.places.models import Commune

from .markets import MARKETS
from .models import Channel, Event, ExportRecord, Listing, PointOfSale
from .selectors import listings_in_year


def _provinces(request):
    return office_provinces(request.user)


def _years():
    return [(y, str(y)) for y in programme_years()]


class _OfficeFilterSet(ListFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=_provinces, to_field_name="code", empty_label=_("All 34 provinces"),
        error_messages={"invalid_choice": _("'%(value)s' is not one of your provinces.")})
    province_path = "province"

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        if is_central(request.user):
            self.filters["province"].field_name = self.province_path
        else:
            del self.filters["province"]


def _name_search(label):
    return django_filters.CharFilter(label=label, field_name="name", lookup_expr="icontains", max_length=100)


class PointFilterSet(_OfficeFilterSet):
    q = _name_search(_("Name contains"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PointOfSale.Kind.choices, empty_label=_("All kinds"))
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune / ward"), queryset=lambda request: Commune.objects.filter(province__in=_provinces(request)),
        to_field_name="code", empty_label=_("All communes"),
        error_messages={"invalid_choice": _("'%(value)s' is not a commune of your provinces.")})

    class Meta:
        model = PointOfSale
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if is_central(request.user):
            del self.filters["commune"]  # 3,321 of them: the province first


class ChannelFilterSet(ListFilterSet):
    q = _name_search(_("Name contains"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Channel.Kind.choices, empty_label=_("All kinds"))
    reach = django_filters.ChoiceFilter(label=_("Reach"), method="by_reach", empty_label=_("National and provincial"),
                                        choices=[("national", _("National")), ("province", _("Provincial"))])

    class Meta:
        model = Channel
        fields = []

    def by_reach(self, queryset, name, value):
        return queryset.filter(province__isnull=value == "national")


class ListingFilterSet(_OfficeFilterSet):
    year = django_filters.ChoiceFilter(label=_("In distribution in"), choices=_years, 
                                            method="in_year", empty_label=_("Any year"))
    channel = django_filters.ModelChoiceFilter(label=_("Channel"), queryset=Channel.objects.order_by("name"),
                                               empty_label=_("All channels"))
    province_path = "product__producer__province"

    class Meta:
        model = Listing
        fields = []

    def in_year(self, queryset, name, value):
        return listings_in_year(queryset, int(value))


class ExportFilterSet(_OfficeFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years, empty_label=_("Any year"))
    country = django_filters.ChoiceFilter(label=_("Market"), choices=MARKETS, empty_label=_("All markets"))
    province_path = "product__producer__province"

    class Meta:
        model = ExportRecord
        fields = []


class EventFilterSet(_OfficeFilterSet):
    q = _name_search(_("Name contains"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years, field_name="starts_on__year",
                                            empty_label=_("Any year"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Event
        fields = []


def _day(value):
    return date_format(value, "d/m/Y") if value else "–"


class PointTable(ListTable):
    name = tables.Column(_("Name"), attrs={"td": {"class": "lead"}})
    kind = tables.Column(_("Kind"))
    where = tables.Column(_("Address"), empty_values=())
    phone = tables.Column(_("Phone"))
    opening_hours = tables.Column(_("Opening hours"))
    shown = tables.Column(_("Products shown"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No point of sale recorded yet.")

    def render_name(self, record):
        url = reverse("promotion:point_edit", args=[record.pk])
        hidden = "" if record.published else format_html(' <span class="muted small">({})</span>', _("not shown"))
        return format_html('<a href="{}">{}</a>{}', url, record.name, hidden)

    def render_where(self, record):
        parts = [p for p in (record.address, record.commune.name if record.commune else "", record.province.short_name) if p]
        return ", ".join(parts)

    def render_shown(self, record):
        return record.n_products


class ChannelTable(ListTable):
    name = tables.Column(_("Name"), attrs={"td": {"class": "lead"}})
    kind = tables.Column(_("Kind"))
    reach = tables.Column(_("Reach"), empty_values=())
    carried = tables.Column(_("Products recorded in it"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No channel recorded yet.")

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', reverse("promotion:channel", args=[record.pk]), record.name)

    def render_reach(self, record):
        return record.province.short_name if record.province_id else _("National")

    def render_carried(self, record):
        return record.n_products


class ListingTable(ListTable):
    product = tables.Column(_("Product"), empty_values=(), attrs={"td": {"class": "lead"}})
    producer = tables.Column(_("Producer"), empty_values=())
    channel = tables.Column(_("Channel"), empty_values=())
    since = tables.Column(_("Since"))
    until = tables.Column(_("Until"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No product in distribution for these filters.")

    def render_product(self, record):
        return record.product.name

    def render_producer(self, record):
        return record.product.producer.name

    def render_channel(self, record):
        return format_html('<a href="{}">{}</a>', reverse("promotion:channel", args=[record.channel_id]), record.channel.name)

    def render_since(self, value):
        return _day(value)

    def render_until(self, value):
        return _day(value) if value else _("still carried")


class ExportTable(ListTable):
    product = tables.Column(_("Product"), empty_values=(), attrs={"td": {"class": "lead"}})
    producer = tables.Column(_("Producer"), empty_values=())
    country_name = tables.Column(_("Market"))
    year = tables.Column(_("Year"))
    value_usd = tables.Column(_("Value (USD)"), default="–")
    volume = tables.Column(_("Volume"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No export recorded for these filters.")

    def render_product(self, record):
        return format_html('<a href="{}">{}</a>', reverse("promotion:export_edit", args=[record.pk]), record.product.name)

    def render_producer(self, record):
        return record.product.producer.name

    def render_value_usd(self, value):
        return f"{value:,}".replace(",", ".")

    def render_volume(self, record):
        if record.volume is None:
            return "–"
        return f"{record.volume.normalize():f}".replace(".", ",") + (f" {record.unit}" if record.unit else "")


class EventTable(ListTable):
    name = tables.Column(_("Name"), attrs={"td": {"class": "lead"}})
    kind = tables.Column(_("Kind"))
    dates = tables.Column(_("Dates"), empty_values=())
    place = tables.Column(_("Place"))
    booths = tables.Column(_("Booths in all"))
    taking_part = tables.Column(_("Producers taking part"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No event recorded for these filters.")

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', reverse("promotion:event", args=[record.pk]), record.name)

    def render_dates(self, record):
        return f"{_day(record.starts_on)} – {_day(record.ends_on)}"

    def render_taking_part(self, record):
        return record.n_producers


def this_year() -> int:
    return timezone.localdate().year
