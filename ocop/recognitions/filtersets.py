"""The register's filter values as form fields for list pages' FilterSets: each value is checked by
RegisterFilter.parse, the one parser of them (shared with the dashboard and the statistics API), so a bad
value gets the same reason everywhere."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import django_filters

from ocop.taxonomy.models import ProductGroup

from .filters import FilterError, RegisterFilter


class RegisterValue(forms.CharField):
    """One of the register's filter values, cleaned to what RegisterFilter.parse makes of it."""

    def __init__(self, *, key: str, **kwargs):
        self.key = key
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return getattr(RegisterFilter.parse(**{self.key: value}), self.key)
        except FilterError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class RegisterValueFilter(django_filters.Filter):
    field_class = RegisterValue

    def __init__(self, key: str, **kwargs):
        super().__init__(field_name=key, key=key, **kwargs)


def group_select(*, max_depth: int = 1, empty_label=None) -> forms.Select:
    """A picker of product groups (subgroups marked "— "), each with its criteria version's decision."""
    groups = ProductGroup.objects.filter(depth__lte=max_depth).select_related("version")
    return forms.Select(choices=[("", empty_label or _("All groups"))] + [
        (g.code, f"{'— ' if g.depth else ''}{g.display_name} ({g.version.decision})") for g in groups])
