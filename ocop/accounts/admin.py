from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "province", "is_staff", "is_active"]
    list_filter = ["role", "province", "is_staff", "is_active"]
    autocomplete_fields = ["province", "producer"]
    filter_horizontal = ["communes", "groups", "user_permissions"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("OCOP role"), {"fields": ("role", "province", "communes", "producer")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
