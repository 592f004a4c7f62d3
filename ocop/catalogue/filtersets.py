"""The register page's and the catalogue's filters: the register's values (province, commune, year, group, stars,
status), each checked by RegisterFilter.parse — the one parser of them, shared with the dashboard and the
statistics API, so a bad value gets the same reason everywhere — the search words and (catalogue) the order."""

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from ocop.core.lists import ListFilterSet
from ocop.places.models import Commune, Province
from ocop.producers.models import Product
from ocop.recognitions.filters import FilterError, RegisterFilter
from ocop.recognitions.filtersets import RegisterValueFilter, group_select
from ocop.recognitions.models import Status
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from .query import MAX_QUERY, clean
from .selectors import SORTS, ProductRows

FILTER_KEYS = ("province", "commune", "year", "group", "stars", "status")


class SearchWords(forms.CharField):
    """The search words, cut at the search's limit (as the catalogue does) rather than refused."""

    def to_python(self, value):
        return clean(super().to_python(value))


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
        self.filters["group"].extra["widget"] = self._group_widget()
        self.filters["stars"].extra["widget"] = forms.Select(choices=[("", _("3-5 stars"))] + [
            (str(n), f"{n}★") for n in (3, 4, 5)])
        self.filters["status"].extra["widget"] = forms.Select(choices=[("", _("Any status"))] + [
            (s.value, s.label) for s in Status])
        self.filters["commune"].extra["widget"] = self._commune_widget()

    def _group_widget(self):
        return group_select(max_depth=1)

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
        f = RegisterFilter(**{key: values.get(key) for key in FILTER_KEYS})
        if f.province and f.commune and not Commune.objects.filter(code=f.commune, province_id=f.province).exists():
            f = RegisterFilter(**{key: values.get(key) for key in FILTER_KEYS if key != "commune"})
        return f

    @property
    def qs(self):
        """The register's rows (a ProductRows sequence, not a QuerySet): ranked by the search when there are words."""
        if not hasattr(self, "_qs"):
            self._qs = ProductRows(self.register_filter, q=self.values["q"] or "")
        return self._qs


SORT_LABELS = {"relevance": _("Best match"), "stars": _("Most stars"), "newest": _("Newest recognition")}


class CatalogueFilterSet(RegisterFilterSet):
    """The public catalogue: the search words, province, commune, today's product groups (records of every criteria
    version counted through the mapping), stars, "certificate in force", and the order; each choice shows how many
    products it would give (`with_counts`)."""

    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=list(SORT_LABELS.items()), empty_label=None,
                                       method="_keep", initial="relevance")

    class Meta:
        model = Product
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        del self.filters["year"]
        self.filters["q"].label = _("Search")
        self.filters["q"].extra["widget"] = forms.TextInput(attrs={
            "type": "search", "maxlength": MAX_QUERY, "autocomplete": "off",
            "placeholder": _("e.g. nuoc mam, mật ong, ca mau")})
        self.filters["status"].extra["widget"] = forms.Select(choices=[("", _("Any status")),
                                                                        ("in_force", _("Certificate in force"))])

    def _group_widget(self):
        return forms.Select(choices=self._group_choices())

    def _keep(self, queryset, name, value):
        return queryset

    def _group_choices(self) -> list:
        newest = CriteriaVersion.objects.order_by("-in_force_from").first()
        groups = list(ProductGroup.objects.filter(version=newest, depth=0).order_by("position")) if newest else []
        choices = [("", _("All groups"))] + [(g.code, g.display_name) for g in groups]
        chosen = (self.data.get("group") or "").strip()
        if chosen and chosen not in {code for code, _label in choices}:
            other = ProductGroup.objects.filter(code=chosen).select_related("version").first()
            if other is not None:  # a group of another version, e.g. from a dashboard link
                choices.append((other.code, f"{other.display_name} ({other.version.decision})"))
        return choices

    @property
    def sort_value(self) -> str:
        value = self.values.get("sort")
        return value if value in SORTS else "relevance"

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = ProductRows(self.register_filter, q=self.values["q"] or "", sort=self.sort_value)
        return self._qs

    def with_counts(self, counts: dict) -> None:
        """Write beside each choice how many products it gives ("Cà Mau (12)"); communes with none are left out."""
        form = self.form

        def relabel(name, by_value, keep_empty=True):
            widget = form.fields[name].widget
            choices = []
            chosen = str(self.data.get(name) or "")
            for value, label in widget.choices:
                if value in ("", None):
                    choices.append((value, label))
                    continue
                n = by_value.get(str(value), 0)
                if n or keep_empty or str(value) == chosen:
                    choices.append((value, f"{label} ({n})"))
            widget.choices = choices

        relabel("province", {str(k): v for k, v in counts["province"].items()})
        relabel("group", {str(k): v for k, v in counts["group"].items()})
        relabel("stars", {str(k): v for k, v in counts["stars"].items()})
        relabel("status", {"in_force": counts["in_force"]})
        if isinstance(form.fields["commune"].widget, forms.Select):
            relabel("commune", {str(k): v for k, v in counts["commune"].items()}, keep_empty=False)
