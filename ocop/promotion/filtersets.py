"""The inquiries list: by state and product (of the inquiries the person may see); the central office also
by province."""

from django.utils.translation import gettext_lazy as _

import django_filters

from ocop.accounts.access import is_central, office_provinces
from ocop.core.lists import ListFilterSet
from ocop.producers.models import Product

from .models import Inquiry


def _products(request):
    return Product.objects.filter(pk__in=Inquiry.objects.visible_to(request.user).values("product_id")).order_by("name")


def _provinces(request):
    return office_provinces(request.user)


class InquiryFilterSet(ListFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Inquiry.State.choices, empty_label=_("Any state"),
        error_messages={"invalid_choice": _("'%(value)s' is not a state of a message.")})
    product = django_filters.ModelChoiceFilter(
        label=_("Product"), queryset=_products, empty_label=_("All products"),
        error_messages={"invalid_choice": _("There are no messages about this product for you.")})
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), field_name="producer__province", queryset=_provinces, to_field_name="code",
        empty_label=_("All 34 provinces"),
        error_messages={"invalid_choice": _("'%(value)s' is not one of your provinces.")})

    class Meta:
        model = Inquiry
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        if not is_central(request.user):
            del self.filters["province"]
