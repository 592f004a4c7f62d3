from django.contrib import admin

from .models import Recognition


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["product", "stars", "decision_number", "decision_date", "valid_until", "province", "level", "status_label"]
    list_filter = ["stars", "level", "province", "criteria_version"]
    search_fields = ["product__name", "decision_number"]
    autocomplete_fields = ["product"]
    raw_id_fields = ["superseded_by"]
    date_hierarchy = "decision_date"
