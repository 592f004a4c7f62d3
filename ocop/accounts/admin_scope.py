"""The admin follows the same scoping as the pages and the API (ocop.accounts.access): lists,
pickers (including autocomplete, which asks the related model's admin) and deletes."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404

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


class ScopedHistoryMixin:
    """Before SimpleHistoryAdmin: the history of a record (django-simple-history) for those who may see the
    record only, never someone else's (the library falls back to the last historical version of a row the
    scoped list does not show), and read only: a version is never restored past the write paths."""

    def _in_scope(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        self._in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def revert_disabled(self, request, obj=None):
        return True
