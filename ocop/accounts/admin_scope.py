"""The admin follows the same scoping as the pages and the API (ocop.accounts.access): lists,
pickers (including autocomplete, which asks the related model's admin) and deletes."""

from ocop.places.models import Commune, Province

from .access import is_central, may_write, office_province_codes, visible


def scoped_choices(model, user, queryset=None):
    """The rows of `model` a person may pick in a form: scoped models through visible(), provinces
    and communes of the office's provinces; anything else unchanged."""
    queryset = model._default_manager.all() if queryset is None else queryset
    if hasattr(model, "scope_path"):
        return visible(queryset, user)
    codes = office_province_codes(user)
    if codes is None:
        return queryset
    if model is Province:
        return queryset.filter(code__in=codes)
    if model is Commune:
        return queryset.filter(province_id__in=codes)
    return queryset


class ScopedAdminMixin:
    """For ModelAdmin and inlines of scoped models."""

    def get_queryset(self, request):
        return scoped_choices(self.model, request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not hasattr(obj, "scope_path") or may_write(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not hasattr(obj, "scope_path") or may_write(request.user, obj))


class CentralOnlyChangesMixin:
    """National records (e.g. distribution channels): everyone with admin access may see them,
    only the central office changes or deletes them."""

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_central(request.user)
