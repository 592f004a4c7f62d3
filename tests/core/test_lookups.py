"""`__among` (ocop/core/lookups.py): the same rows as `__in`, the ids sent as one parameter."""

import pytest

from ocop.producers.models import Product
from ocop.recognitions.models import Recognition

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


def test_among_finds_what_in_finds(province, other_province):
    products = [make_product(make_producer(p, name=f"HTX {i}"), name=f"Sản phẩm {i}")
                for i, p in enumerate([province, other_province, province])]
    for product in products:
        recognise(product)
    ids = [products[0].pk, products[2].pk, 10**12]  # one id that no row has, above 32 bits
    for lookup, model in (("pk", Product), ("product_id", Recognition), ("product__producer_id", Recognition)):
        values = ids if lookup != "product__producer_id" else [products[0].producer_id, products[2].producer_id]
        expected = sorted(model.objects.filter(**{f"{lookup}__in": values}).values_list("pk", flat=True))
        assert len(expected) == 2
        among = model.objects.filter(**{f"{lookup}__among": values}).values_list("pk", flat=True)
        assert sorted(among) == expected
        assert len(among.query.sql_with_params()[1]) == 1  # the ids as one parameter
    assert not Product.objects.filter(pk__among=[]).exists()
    assert Product.objects.filter(pk__among=(p.pk for p in products)).count() == 3


def test_among_takes_only_integers():
    with pytest.raises((ValueError, TypeError)):
        list(Product.objects.filter(pk__among=["1; DROP TABLE producers_product"]))
