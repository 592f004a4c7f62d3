from django.contrib import admin

from .models import CriteriaVersion, ProductGroup


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "decision", "in_force_from", "in_force_to", "validity_months"]


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version", "depth", "lead_ministry", "verified", "maps_to"]
    list_filter = ["version", "depth", "verified"]
    search_fields = ["code", "name", "name_en"]
