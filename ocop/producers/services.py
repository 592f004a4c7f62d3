"""Product writes that other parts of the programme ask for: a producer registering a new product (when
starting a dossier), and the product's OCOP code."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ocop.accounts.access import may_write
from ocop.core.text import fold, nfc

from .models import Product


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
    product = Product.objects.select_for_update().select_related("producer").get(pk=product.pk)
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
