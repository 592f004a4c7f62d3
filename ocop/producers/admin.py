from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ocop.accounts.admin_scope import ScopedAdminMixin, ScopedHistoryMixin

from .models import Producer, Product, ProductPhoto


@admin.register(Producer)
class ProducerAdmin(ScopedAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "legal_form", "tax_code", "province", "commune", "is_demo"]
    list_filter = ["legal_form", "province", "is_demo"]
    search_fields = ["name", "tax_code"]
    autocomplete_fields = ["province", "commune"]


class PhotoInline(ScopedAdminMixin, admin.TabularInline):
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(ScopedAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "producer", "group", "gtin", "is_demo"]
    list_filter = ["group__version", "is_demo"]
    search_fields = ["name", "producer__name", "gtin"]
    autocomplete_fields = ["producer"]
    inlines = [PhotoInline]
