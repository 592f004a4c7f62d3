"""The register page's filters: the register's values (province, commune, year, group, stars, status), each
checked by RegisterFilter.parse — the one parser of them, shared with the dashboard and the statistics API,
so a bad value gets the same reason everywhere — and the search words."""

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from ocop.core.lists import ListFilterSet
from ocop.places.models import Commune, Province
from ocop.producers.models import Product
from ocop.recognitions.filters import FilterError, RegisterFilter
from ocop.recognitions.filtersets import RegisterValueFilter, group_select
from ocop.recognitions.models import Status

from .search import MAX_QUERY
from .selectors import ProductRows

FILTER_KEYS = ("province", "commune", "year", "group", "stars", "status")


class SearchWords(forms.CharField):
    """The search words, cut at the search's limit (as the catalogue does) rather than refused."""

    def to_python(self, value):
        return super().to_python(value)[:MAX_QUERY]


class SearchFilter(django_filters.CharFilter):
    field_class = SearchWords


class RegisterFilterSet(ListFilterSet):
    q = SearchFilter(label=_("Product name"),
                     widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY, "autocomplete": "off"}))
    province = RegisterValueFilter("province", label=_("Province"))
    commune = RegisterValueFilter("commune", label=_("Commune/ward"))
    year = RegisterValueFilter("year", label=_("Year recognised"),
                               widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}))
    group = RegisterValueFilter("group", label=_("Product group"))
    stars = RegisterValueFilter("stars", label=_("Stars"))
    status = RegisterValueFilter("status", label=_("Status today"))

    refreshed_fields = ("commune",)

    class Meta:
        model = Product
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["province"].extra["widget"] = forms.Select(choices=[("", _("All 34 provinces"))] + [
            (p.code, p.short_name) for p in Province.objects.all()])
        self.filters["group"].extra["widget"] = group_select(max_depth=1)
        self.filters["stars"].extra["widget"] = forms.Select(choices=[("", _("3-5 stars"))] + [
            (str(n), f"{n}★") for n in (3, 4, 5)])
        self.filters["status"].extra["widget"] = forms.Select(choices=[("", _("Any status"))] + [
            (s.value, s.label) for s in Status])
        self.filters["commune"].extra["widget"] = self._commune_widget()

    def _commune_widget(self):
        """The communes of the chosen province; no province, no commune picker (a commune given in the
        query is still shown, as a code, with its reason if it is not one)."""
        try:
            province = RegisterFilter.parse(province=self.data.get("province")).province
        except FilterError:
            province = None
        if province:
            communes = Commune.objects.filter(province_id=province).order_by("short_name", "code")
            return forms.Select(choices=[("", _("All communes"))] + [(c.code, c.name) for c in communes])
        if self.data.get("commune"):
            return forms.TextInput(attrs={"inputmode": "numeric", "size": 6})
        return forms.HiddenInput()

    @property
    def register_filter(self) -> RegisterFilter:
        """The valid values (a bad one is left out and reported beside its field). A commune outside the
        chosen province is dropped: it is what was left in the picker when the province changed."""
        values = self.values
        f = RegisterFilter(**{key: values[key] for key in FILTER_KEYS})
        if f.province and f.commune and not Commune.objects.filter(code=f.commune, province_id=f.province).exists():
            f = RegisterFilter(**{key: values[key] for key in FILTER_KEYS if key != "commune"})
        return f

    @property
    def qs(self):
        """The register's rows (a ProductRows sequence, not a QuerySet): ranked by the search when there are words."""
        if not hasattr(self, "_qs"):
            self._qs = ProductRows(self.register_filter, q=self.values["q"] or "")
        return self._qs
