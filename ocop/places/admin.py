from django.contrib import admin

from .models import Commune, LegacyDistrict, LegacyProvince, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "code"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["name", "code"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "successor"]
    search_fields = ["name", "code"]


@admin.register(LegacyDistrict)
class LegacyDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["name", "code"]
