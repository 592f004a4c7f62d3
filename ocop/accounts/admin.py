from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ocop.places.admin import CommuneAdmin, ProvinceAdmin
from ocop.places.models import Commune, Province

from .admin_scope import ScopedAdminMixin
from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "province", "is_staff", "is_active"]
    list_filter = ["role", "province", "is_staff", "is_active"]
    autocomplete_fields = ["province", "producer"]
    filter_horizontal = ["communes", "groups", "user_permissions"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("OCOP role"), {"fields": ("role", "province", "may_sign_decisions", "communes", "producer")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]


# The map's admins also answer the province and commune pickers of other admins (autocomplete asks the
# picked model's admin), so they follow the office's scope like every other picker (admin_scope.scoped_choices).
admin.site.unregister(Province)
admin.site.unregister(Commune)


@admin.register(Province)
class ScopedProvinceAdmin(ScopedAdminMixin, ProvinceAdmin):
    pass


@admin.register(Commune)
class ScopedCommuneAdmin(ScopedAdminMixin, CommuneAdmin):
    pass
