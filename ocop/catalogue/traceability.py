"""Electronic traceability (criteria 2.3 and 5.1 of Decision 26/2026): every published product has a public
traceability page reached by a GS1 Digital Link-style address — `/01/<GTIN-14>` when the product has a GTIN,
else `/p/<product code>` (the product's code when the register has one, its number otherwise) — optionally with
a lot (`/10/<lot>`, GS1's application identifier for a batch). One QR code on the label then serves shops,
consumers and the council.

Answers, as GS1's resolver does: an address that never named a product is 404; a product not yet published is
404 too (it is not revealed).
"""

import re

import segno
from django.db.models import Prefetch

from ocop.certificates.facts import public_base_url
from ocop.producers.models import Batch, Product
from ocop.recognitions.selectors import is_published_product, product_page_queryset

_DIGITS = re.compile(r"^\d{8,14}$")
_KEY = re.compile(r"^[A-Za-z0-9._-]{1,40}$")  # product codes (T-X-STT-year) and numbers; nothing else reaches the database


def product_code(product) -> str:
    return (getattr(product, "product_code", "") or "").strip()


def gtin14(gtin: str) -> str:
    return gtin.zfill(14)


def trace_path(product) -> str:
    """The address printed in the product's QR code."""
    if product.gtin:
        return f"/01/{gtin14(product.gtin)}"
    return f"/p/{product_code(product) or product.pk}"


def trace_url(product, request=None) -> str:
    return public_base_url(request) + trace_path(product)


def qr_svg(text: str, scale: int = 4) -> str:
    return segno.make(text, error="m").svg_inline(scale=scale, border=2, omitsize=False)


def _queryset():
    return product_page_queryset().prefetch_related(Prefetch("batches", queryset=Batch.objects.order_by("-produced_on", "-pk")))


def _published(products) -> Product | None:
    for product in products:
        if is_published_product(product):
            return product
    return None


def product_by_gtin(gtin: str) -> Product | None:
    """The published product with this GTIN (8, 12, 13 or 14 digits; GS1 Digital Link writes 14)."""
    if not _DIGITS.match(gtin or ""):
        return None
    full = gtin14(gtin)
    forms = {full[14 - n:] for n in (8, 12, 13, 14) if set(full[:14 - n]) <= {"0"}}
    return _published(_queryset().filter(gtin__in=forms).order_by("pk"))


def product_by_key(key: str) -> Product | None:
    """The published product with this OCOP product code (T-X-STT-year), or, for one without a code yet, this number."""
    key = (key or "").strip()
    if not _KEY.match(key):
        return None
    found = _published(_queryset().filter(product_code__iexact=key))
    if found is not None:
        return found
    if key.isdigit() and len(key) <= 12:
        return _published(_queryset().filter(pk=int(key)))
    return None
