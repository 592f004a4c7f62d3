from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ocop.accounts.admin_scope import ScopedAdminMixin, ScopedHistoryMixin

from .models import Recognition, default_level
from .services import CORRECTABLE, recognition_correct, recognition_record, valid_until_for


class RecognitionForm(forms.ModelForm):
    """Valid-until and the rating level may be left empty: the write path derives them."""

    class Meta:
        model = Recognition
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("valid_until", "level"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        version, day, stars = data.get("criteria_version"), data.get("decision_date"), data.get("stars")
        if day and version and not data.get("valid_until"):
            data["valid_until"] = valid_until_for(day, version)
        if day and stars and not data.get("level"):
            data["level"] = default_level(stars, day)
        return data


@admin.register(Recognition)
class RecognitionAdmin(ScopedAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    """Recognitions are recorded and corrected through the register's write path (valid-until,
    supersession, certificate and search index follow); revocation goes through the certificate."""

    list_display = ["product", "stars", "decision_number", "decision_date", "valid_until", "province", "level", "status_label"]
    list_filter = ["stars", "level", "province", "criteria_version"]
    search_fields = ["product__name", "decision_number"]
    autocomplete_fields = ["product"]
    date_hierarchy = "decision_date"
    form = RecognitionForm
    readonly_fields = ["superseded_by", "revoked_at", "revocation_reason", "revocation_decision", "revocation_ground",
                       "revocation_found_on", "extended_until"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["product", "criteria_version", "decision_number"] if obj is not None else []
        return [*self.readonly_fields, *fixed]

    def save_model(self, request, obj, form, change):
        if change:
            recognition_correct(obj, [f for f in form.changed_data if f in CORRECTABLE])
            return
        saved = recognition_record(
            product=obj.product, stars=obj.stars, criteria_version=obj.criteria_version, group=obj.group,
            decision_number=obj.decision_number, decision_date=obj.decision_date, province=obj.province,
            legacy_province=obj.legacy_province, score=obj.score, level=obj.level or None, valid_until=obj.valid_until,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # a recorded decision is revoked or superseded, never deleted
