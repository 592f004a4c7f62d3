from django.contrib import admin

from ocop.accounts.admin_scope import ScopedAdminMixin

from .models import FakeReport


@admin.register(FakeReport)
class FakeReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "reason", "number", "place", "province"]
    list_filter = ["reason", "province"]
    search_fields = ["number", "place", "product_name"]
    readonly_fields = ["number", "certificate", "reason", "province", "place", "product_name", "details", "contact",
                       "created_at"]

    def has_add_permission(self, request):
        return False  # reports come from the public page
