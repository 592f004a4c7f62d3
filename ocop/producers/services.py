"""Edits of producers and products, the change requests that certified facts need, a producer registering
a new product (when starting a dossier) and the product's OCOP code.

A certificate certifies some facts of the record (the product's name, product set and code, the producer's
name): a producer's own edit of one of them does not change the record but becomes a change request that
the provincial office approves (then it is applied) or refuses, with the reason. The office's own edits
apply at once. Which facts are certified, and whether they may change at all, is the certificates' answer to
`signals.certified_facts` (this layer never imports them). Every change is kept by django-simple-history.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.conf import settings
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_write
from ocop.core.text import fold, nfc
from ocop.notifications.services import notify_producer

from .models import ChangeRequest, Producer, Product
from .signals import certified_facts


@dataclass(frozen=True)
class Certified:
    """A receiver's answer: the certified fields of the record, and a refusal when they may not change at all."""

    fields: frozenset[str] = field(default_factory=frozenset)
    refusal: str = ""


class EditRefused(Exception):
    """`status`: the HTTP status that fits; `field`: the form field the message belongs beside (or None)."""

    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.status, self.field = status, field


def certified(instance) -> Certified:
    """What certificates say about this product or producer (union of the receivers' answers)."""
    kwargs = {"product": instance} if isinstance(instance, Product) else {"producer": instance}
    fields, refusals = set(), []
    for _receiver, answer in certified_facts.send(sender=type(instance), **kwargs):
        if answer is not None:
            fields |= set(answer.fields)
            if answer.refusal:
                refusals.append(answer.refusal)
    return Certified(frozenset(fields), refusals[0] if refusals else "")


def _value(instance, name: str):
    return instance._meta.get_field(name).value_from_object(instance)


def _label(instance, name: str, value) -> str:
    model_field = instance._meta.get_field(name)
    if model_field.is_relation and value is not None:
        return str(model_field.related_model._default_manager.filter(pk=value).first() or value)
    return "" if value is None else str(value)


@transaction.atomic
def record_edit(*, instance, before: dict, user) -> ChangeRequest | None:
    """Save an edit of a Product or Producer (`instance` holds the new values; `before` the old values of the
    fields that changed). By its producer, changes to certified facts become one change request and the rest
    is saved; by an office, everything is saved. Raises EditRefused (nothing saved)."""
    if not may_write(user, instance):
        raise EditRefused(_("You may not change this record."), 403)
    answer = certified(instance)
    frozen = {name: old for name, old in before.items() if name in answer.fields and old != _value(instance, name)}
    if not frozen or is_office(user):
        instance._change_reason = "edit"
        instance.save()
        return None
    first = next(iter(frozen))
    if answer.refusal:
        raise EditRefused(answer.refusal, 409, first)
    producer = instance if isinstance(instance, Producer) else instance.producer
    product = instance if isinstance(instance, Product) else None
    if ChangeRequest.objects.filter(producer=producer, product=product, state=ChangeRequest.State.PENDING).exists():
        raise EditRefused(_("A change request for this record is already waiting for the office's decision."), 409, first)
    changes = {name: {"from": old, "to": _value(instance, name), "from_label": _label(instance, name, old),
                      "to_label": _label(instance, name, _value(instance, name))} for name, old in frozen.items()}
    for name, old in frozen.items():  # the record keeps its certified values until the office decides
        setattr(instance, instance._meta.get_field(name).attname, old)
    instance._change_reason = "edit"
    instance.save()
    request = ChangeRequest.objects.create(producer=producer, product=product, changes=changes, requested_by=user)
    return request


def pending_requests(user):
    """The change requests an office may decide (its provinces'), oldest first."""
    return (ChangeRequest.objects.visible_to(user).filter(state=ChangeRequest.State.PENDING)
            .select_related("producer__province", "product", "requested_by").order_by("requested_at", "pk"))


@transaction.atomic
def change_request_decide(*, change: ChangeRequest, approve: bool, note: str, user) -> ChangeRequest:
    """The provincial office (or the centre) approves a change request, which applies it, or refuses it with
    a reason. Raises EditRefused."""
    change = ChangeRequest.objects.select_for_update(of=("self",)).select_related("producer", "product").get(pk=change.pk)
    if not (is_office(user) and may_write(user, change)):
        raise EditRefused(_("Only the provincial office of the producer decides a change request."), 403)
    if change.state != ChangeRequest.State.PENDING:
        raise EditRefused(_("This change request was already decided."), 409)
    note = (note or "").strip()
    target = change.target
    if approve:
        answer = certified(target)
        if answer.refusal:
            raise EditRefused(answer.refusal, 409)
        for name, values in change.changes.items():
            setattr(target, target._meta.get_field(name).attname, values["to"])
        if isinstance(target, Product) and "name" in change.changes and Product.objects.filter(
                producer_id=target.producer_id, name_folded=fold(target.name)).exclude(pk=target.pk).exists():
            raise EditRefused(_("Another product of this producer already has this name."), 409)
        target._change_reason = f"change request {change.pk} approved"
        target.save()
    elif not note:
        raise EditRefused(_("Say why the change is refused: the producer reads it."), 400, "note")
    change.state = ChangeRequest.State.APPROVED if approve else ChangeRequest.State.REFUSED
    change.decided_by, change.decided_at, change.note = user, timezone.now(), note
    change.save()
    with translation.override(settings.LANGUAGE_CODE):
        labels = ", ".join(f"«{v['from_label']}» → «{v['to_label']}»" for v in change.changes.values())
        if approve:
            title = _("Your change was approved")
            body = _("The provincial office approved the change %(changes)s.") % {"changes": labels}
        else:
            title = _("Your change was refused")
            body = _("The provincial office refused the change %(changes)s: %(note)s") % {"changes": labels, "note": note}
        notify_producer(change.producer, title=title, body=body, kind="change_request", url="/my/")
    return change


class ProductRefused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@transaction.atomic
def product_register(*, producer, name: str, group, user, description: str = "") -> Product:
    """A new product of the producer's, in a product group of any criteria version."""
    if not may_write(user, producer):
        raise ProductRefused(_("You may not add products for this producer."), 403)
    name = nfc(name or "").strip()
    if not name:
        raise ProductRefused(_("Give the product's name."))
    if Product.objects.filter(producer=producer, name_folded=fold(name)).exists():
        raise ProductRefused(_("This producer already has a product of that name."), 409)
    product = Product(producer=producer, name=name[:255], group=group, description=description or "")
    try:
        product.full_clean(exclude=["name_folded"])
    except ValidationError as exc:
        raise ProductRefused("; ".join(m for messages in exc.message_dict.values() for m in messages)) from None
    product.save()
    return product


CODE = re.compile(r"^(\d{2})-(\d{5})-(\d{3,})-(\d{4})$")


def product_code_format(province: str, commune: str, number: int, year: int) -> str:
    """(T)-(X)-(STT)-year, e.g. 96-32014-007-2026 (Decision 26/2026, the heading of every score sheet)."""
    return f"{province}-{commune}-{number:03d}-{year}"


@transaction.atomic
def product_code_give(*, product: Product, year: int) -> str:
    """The product's code, given once: the commune's next running number (the commune keeps the count)."""
    product = Product.objects.select_for_update(of=("self",)).select_related("producer").get(pk=product.pk)
    if product.product_code:
        return product.product_code
    commune = product.producer.commune_id
    if not commune:
        raise ProductRefused(_("The producer has no commune on record: the product code needs it."))
    province = product.producer.province_id
    prefix = f"{province}-{commune}-"
    taken = [CODE.match(code) for code in Product.objects.filter(product_code__startswith=prefix)
             .values_list("product_code", flat=True)]
    number = max([int(m.group(3)) for m in taken if m] + [0]) + 1
    product.product_code = product_code_format(province, commune, number, year)
    try:
        with transaction.atomic():
            product.save(update_fields=["product_code", "updated_at"])
    except IntegrityError:
        raise ProductRefused(_("The product code %(code)s is already taken; try again.") % {"code": product.product_code},
                             409) from None
    return product.product_code
