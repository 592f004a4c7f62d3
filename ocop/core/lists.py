"""List pages: a FilterSet reads the query, a Table shows one page of the rows, htmx swaps only the results.

A list view reads like this (NetBox's list views, with the pieces of django-filter and django-tables2)::

    filters = ThingFilterSet(request.GET, request=request)
    table = ThingTable(filters.qs)
    paginate(table, request, per_page=50)
    return render_list(request, "things/list.html", {"filters": filters, "table": table})

- `ListFilterSet`: always bound; a field's `initial` is its default when the query leaves it out; a bad value
  is reported beside its field (`templates/lists/filters.html`) and left out while the other values still
  apply, so the page always renders.
- `ListTable`: rendered by `templates/lists/table.html` as a `table.stack` (cards on phones, each cell
  labelled by its column's header; a column whose cells carry class `lead` heads the card). No sorting from
  the query: each list keeps its own order.
- `paginate`: the page asked for with `?page=`; past the end gives the last page, nonsense the first; the page
  size is the view's (never taken from the query).
- `render_list`: the whole page, or only its `results` partial for htmx (filters changed, another page).
"""

from django import forms
from django.core.paginator import EmptyPage
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

import django_filters
import django_tables2 as tables
from django_tables2.data import TableData


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet for a list page: a bad value never empties or breaks the page (see the module's notes)."""

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, filter_ in self.base_filters.items():
            default = filter_.extra.get("initial")
            if default is not None and not data.get(name):
                data[name] = default
        super().__init__(data, *args, **kwargs)

    @property
    def values(self) -> dict:
        """The cleaned value of every field: its default (`initial`) when missing or bad."""
        self.form.is_valid()
        cleaned = self.form.cleaned_data
        return {name: cleaned[name] if cleaned.get(name) not in (None, "", [], ()) else field.initial
                for name, field in self.form.fields.items()}

    # Fields whose whole control is redrawn after an htmx update (their choices depend on other fields).
    refreshed_fields: tuple[str, ...] = ()


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LazyRows(TableData):
    """Table data for a sequence that loads only the slice a page asks for (len() and slicing), such as
    search results ranked outside the database."""

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data[:])


class ListTable(tables.Table):
    class Meta:
        template_name = "lists/table.html"
        attrs = {"class": "stack"}
        orderable = False


def paginate(table: tables.Table, request, *, per_page: int) -> tables.Table:
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    try:
        table.paginate(per_page=per_page, page=number)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


def render_list(request, template: str, context: dict, **kwargs):
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    response = render(request, f"{template}#results" if partial else template, context, **kwargs)
    patch_vary_headers(response, ("HX-Request",))
    return response
