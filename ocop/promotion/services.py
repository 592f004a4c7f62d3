"""Promotion's writes from the office pages: points of sale, channels and their listings, export records, events
and their participants. Each checks who acts (ocop.accounts.access) before it writes: a provincial office writes
its province's records and lists its province's products only; national channels are the central office's."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, is_office, may_act_for_province, may_write

from .models import Channel, Event, ExportRecord, Listing, Participation, PointOfSale


class PromotionRefused(Exception):
    """A write refused: `status` 403 when the person may not act at all, 400 with the `field` it is about."""

    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.status, self.field = status, field


def _office_of(user, province) -> None:
    if not (is_office(user) and may_act_for_province(user, getattr(province, "code", None))):
        raise PromotionRefused(_("Only the office of this province records its trade promotion."), 403)


def _own_products(user, products, field: str = "products") -> None:
    for product in products:
        if not may_write(user, product):
            raise PromotionRefused(_("“%(name)s” is another province's product.") % {"name": product.name}, 400, field)


def _products_of(province, products, field: str = "products") -> None:
    for product in products:
        if product.producer.province_id != province.code:
            raise PromotionRefused(_("“%(name)s” is not a product of %(province)s.") % {
                "name": product.name, "province": province.short_name}, 400, field)


def _set(record, fields: dict) -> None:
    for name, value in fields.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)


# -- points of sale ----------------------------------------------------------------------------

@transaction.atomic
def point_save(*, user, point: PointOfSale | None = None, province, commune, products, **fields) -> PointOfSale:
    """Create or change a point of sale and display with the products it shows (its province's)."""
    if point is not None:
        _office_of(user, point.province)
    _office_of(user, province)
    if commune is not None and commune.province_id != province.code:
        raise PromotionRefused(_("This commune is not in %(province)s.") % {"province": province.short_name}, 400, "commune")
    _own_products(user, products)
    _products_of(province, products)
    point = point or PointOfSale()
    _set(point, {**fields, "province": province, "commune": commune})
    point.save()
    point.products.set(products)
    return point


@transaction.atomic
def point_delete(*, user, point: PointOfSale) -> None:
    _office_of(user, point.province)
    point.delete()


# -- channels and listings ---------------------------------------------------------------------

def may_change_channel(user, channel: Channel) -> bool:
    """National channels: the central office only; a provincial channel: its province's office (and the centre)."""
    if channel.province_id is None:
        return is_central(user)
    return is_office(user) and may_act_for_province(user, channel.province_id)


@transaction.atomic
def channel_save(*, user, channel: Channel | None = None, province, **fields) -> Channel:
    if channel is not None and not may_change_channel(user, channel):
        raise PromotionRefused(_("A national channel is changed by the central office only."), 403)
    if province is None and not is_central(user):
        raise PromotionRefused(_("Only the central office records national channels."), 400, "province")
    if province is not None:
        _office_of(user, province)
    channel = channel or Channel()
    _set(channel, {**fields, "province": province})
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, user, channel: Channel) -> None:
    if not may_change_channel(user, channel):
        raise PromotionRefused(_("A national channel is changed by the central office only."), 403)
    channel.delete()


def _listing_dates(since: dt.date, until: dt.date | None) -> None:
    if until is not None and until < since:
        raise PromotionRefused(_("A product cannot leave the channel before it entered it."), 400, "until")


@transaction.atomic
def listing_add(*, user, channel: Channel, product, since: dt.date, until: dt.date | None) -> Listing:
    """A product carried by a channel from a date: the product's office lists it in any national channel or in a
    channel of its own province."""
    if not is_office(user):
        raise PromotionRefused(_("Only an office records products in distribution."), 403)
    _own_products(user, [product], "product")
    if channel.province_id is not None and channel.province_id != product.producer.province_id:
        raise PromotionRefused(_("This channel is %(province)s's: it carries that province's products only.") % {
            "province": channel.province.short_name}, 400, "product")
    _listing_dates(since, until)
    if Listing.objects.filter(channel=channel, product=product, since=since).exists():
        raise PromotionRefused(_("This product is already recorded in this channel from that date."), 400, "since")
    return Listing.objects.create(channel=channel, product=product, since=since, until=until)


@transaction.atomic
def listing_change(*, user, listing: Listing, since: dt.date, until: dt.date | None) -> Listing:
    if not (is_office(user) and may_write(user, listing)):
        raise PromotionRefused(_("Only the office of the product's province changes this record."), 403)
    _listing_dates(since, until)
    if Listing.objects.filter(channel=listing.channel, product=listing.product, since=since).exclude(pk=listing.pk).exists():
        raise PromotionRefused(_("This product is already recorded in this channel from that date."), 400, "since")
    listing.since, listing.until = since, until
    listing.save(update_fields=["since", "until"])
    return listing


@transaction.atomic
def listing_delete(*, user, listing: Listing) -> None:
    if not (is_office(user) and may_write(user, listing)):
        raise PromotionRefused(_("Only the office of the product's province changes this record."), 403)
    listing.delete()


# -- exports -----------------------------------------------------------------------------------

@transaction.atomic
def export_save(*, user, record: ExportRecord | None = None, product, **fields) -> ExportRecord:
    if not is_office(user):
        raise PromotionRefused(_("Only an office records exports."), 403)
    if record is not None and not may_write(user, record):
        raise PromotionRefused(_("Only the office of the product's province changes this record."), 403)
    _own_products(user, [product], "product")
    record = record or ExportRecord()
    _set(record, {**fields, "product": product})
    record.save()
    return record


@transaction.atomic
def export_delete(*, user, record: ExportRecord) -> None:
    if not (is_office(user) and may_write(user, record)):
        raise PromotionRefused(_("Only the office of the product's province changes this record."), 403)
    record.delete()


# -- events and participants -------------------------------------------------------------------

@transaction.atomic
def event_save(*, user, event: Event | None = None, province, starts_on: dt.date, ends_on: dt.date, **fields) -> Event:
    if event is not None:
        _office_of(user, event.province)
    _office_of(user, province)
    if ends_on < starts_on:
        raise PromotionRefused(_("An event cannot end before it starts."), 400, "ends_on")
    if event is not None and event.province_id != province.code and event.participations.exists():
        raise PromotionRefused(_("The event has participants of its province: remove them before moving it."), 400,
                               "province")
    event = event or Event()
    _set(event, {**fields, "province": province, "starts_on": starts_on, "ends_on": ends_on})
    event.save()
    return event


@transaction.atomic
def event_delete(*, user, event: Event) -> None:
    _office_of(user, event.province)
    event.delete()


@transaction.atomic
def participation_save(*, user, event: Event, producer, products, booths: int) -> Participation:
    """A producer of the event's province at the event, with the products shown and its booths (one row per
    producer: recording the producer again changes its row)."""
    _office_of(user, event.province)
    if producer.province_id != event.province_id or not may_write(user, producer):
        raise PromotionRefused(_("Only producers of %(province)s take part through this page.") % {
            "province": event.province.short_name}, 400, "producer")
    for product in products:
        if product.producer_id != producer.pk:
            raise PromotionRefused(_("“%(name)s” is not this producer's product.") % {"name": product.name}, 400,
                                   "products")
    participation, _created = Participation.objects.update_or_create(event=event, producer=producer,
                                                                     defaults={"booths": booths})
    participation.products.set(products)
    return participation


@transaction.atomic
def participation_delete(*, user, participation: Participation) -> None:
    _office_of(user, participation.event.province)
    participation.delete()
