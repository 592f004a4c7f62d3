"""The office list of certificates: which list (expiring within so many days, expired, revoked, in force,
all), the province (one of the office's own) and the product group."""

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from ocop.accounts.access import office_provinces
from ocop.core.lists import IntegerFilter, ListFilterSet
from ocop.recognitions.filtersets import RegisterValueFilter, group_select

from .models import Certificate
from .selectors import office_certificates

VIEW_CHOICES = [
    ("expiring", _("Expiring soon")), ("expired", _("Expired")), ("revoked", _("Revoked")),
    ("in_force", _("In force")), ("all", _("All")),
]
MAX_DAYS = 3650


def _office_provinces(request):
    return office_provinces(request.user)


class ProvinceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class ProvinceFilter(django_filters.ModelChoiceFilter):
    field_class = ProvinceChoice


class CertificateFilterSet(ListFilterSet):
    view = django_filters.ChoiceFilter(
        label=_("Show"), choices=VIEW_CHOICES, empty_label=None, initial="expiring",
        error_messages={"invalid_choice": _("'%(value)s' is not one of the lists offered.")})
    days = IntegerFilter(
        label=_("Within (days)"), initial=90, min_value=1, max_value=MAX_DAYS,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_DAYS, "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a number of days from 1 to 3650."),
                        "min_value": _("Enter a number of days from 1 to 3650."),
                        "max_value": _("Enter a number of days from 1 to 3650.")})
    province = ProvinceFilter(
        label=_("Province"), queryset=_office_provinces, to_field_name="code", empty_label=_("All"),
        error_messages={"invalid_choice": _("'%(value)s' is not one of your provinces.")})
    group = RegisterValueFilter("group", label=_("Product group"))

    class Meta:
        model = Certificate
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["group"].extra["widget"] = group_select(max_depth=0)

    @property
    def qs(self):
        """The office's certificates on the chosen list (scoped to the office by the selector)."""
        if not hasattr(self, "_qs"):
            values = self.values
            self._qs = office_certificates(
                self.request.user, view=values["view"], days=values["days"],
                province=values["province"].code if values["province"] else None, group=values["group"])
        return self._qs
