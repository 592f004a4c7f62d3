"""The public list of products: the register's filters, optional full-text search, pages."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Paginator

from ocop.recognitions.selectors import attach_recognitions, register_products
from ocop.recognitions.filters import RegisterFilter, filtered_recognitions

from django.db.models.expressions import RawSQL

from .search import matching_ids_sql, ranked_ids, terms


class PageOutOfRange(ValueError):
    def __init__(self, num_pages: int):
        super().__init__(num_pages)
        self.num_pages = num_pages


@dataclass
class ProductPage:
    count: int
    number: int
    num_pages: int
    per_page: int
    products: list

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _related(qs):
    return qs.select_related("producer__province", "producer__commune", "group").prefetch_related("photos")


class ProductRows:
    """Recognised products matching the filters (with `q`, ranked by the search: name matches first), as a
    sequence that loads only the slice asked for, each product with `.latest` and `.current`. Paged by
    `product_page` and by the register's table."""

    def __init__(self, f: RegisterFilter, q: str = ""):
        self.f = f
        if q.strip() and terms(q):
            self._ids, self._queryset = search_ids(f, q), None
        elif q.strip():
            self._ids, self._queryset = [], None  # only punctuation or symbols: nothing matches
        else:
            self._ids, self._queryset = None, _related(register_products(f))
        self._count = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._ids) if self._ids is not None else self._queryset.count()
        return self._count

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        if self._ids is None:
            products = list(self._queryset[key])
        else:
            page_ids = self._ids[key]
            found = {p.pk: p for p in _related(register_products(self.f).filter(pk__in=page_ids))}
            products = [found[pk] for pk in page_ids if pk in found]
        return attach_recognitions(products)


def product_page(f: RegisterFilter, *, q: str = "", page: int = 1, per_page: int = 24, strict: bool = False) -> ProductPage:
    """One page of `ProductRows`. A page past the end raises PageOutOfRange when `strict`, else gives the last page."""
    paginator = Paginator(ProductRows(f, q), per_page)
    number = _page_number(paginator, page, strict)
    products = list(paginator.page(number).object_list) if paginator.count else []
    return ProductPage(paginator.count, number, paginator.num_pages if paginator.count else 0, per_page, products)


def search_ids(f: RegisterFilter, q: str) -> list[int]:
    """Ids of the recognised products matching the words and the filters, best first."""
    ranked = ranked_ids(q) or []
    sql, params = matching_ids_sql(q)
    allowed = set(filtered_recognitions(f).filter(product_id__in=RawSQL(sql, params))
                  .order_by().values_list("product_id", flat=True).distinct())
    return [pk for pk, _score in ranked if pk in allowed]


def _page_number(paginator: Paginator, page: int, strict: bool) -> int:
    if not paginator.count:
        return 1
    try:
        paginator.validate_number(page)
    except EmptyPage:
        if strict and page > 1:
            raise PageOutOfRange(paginator.num_pages) from None
        return paginator.num_pages if page > 1 else 1
    return page
