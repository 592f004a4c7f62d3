from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ocop.accounts.admin_scope import CentralOnlyChangesMixin, ScopedAdminMixin

from .services import may_change_channel
from .models import Channel, Event, ExportRecord, Inquiry, Listing, Participation, PointOfSale


@admin.register(PointOfSale)
class PointOfSaleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "province", "published"]
    list_filter = ["kind", "province", "published"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["products", "province", "commune"]


class ListingInline(ScopedAdminMixin, admin.TabularInline):
    model = Listing
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Channel)
class ChannelAdmin(CentralOnlyChangesMixin, ScopedAdminMixin, admin.ModelAdmin):
    """National channels for every office to see (the central office changes them); a provincial channel for its
    province's office (the same rule as the office's pages: `services.may_change_channel`)."""

    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [ListingInline]

    def get_queryset(self, request):
        everything = admin.ModelAdmin.get_queryset(self, request)
        return everything.filter(Q(province__isnull=True) | Q(pk__in=Channel.objects.visible_to(request.user).values("pk")))

    def has_change_permission(self, request, obj=None):
        allowed = admin.ModelAdmin.has_change_permission(self, request, obj)
        return allowed and (obj is None or may_change_channel(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not may_change_channel(request.user, obj):  # a national channel added by a provincial office
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        allowed = admin.ModelAdmin.has_delete_permission(self, request, obj)
        return allowed and (obj is None or may_change_channel(request.user, obj))


@admin.register(ExportRecord)
class ExportRecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["product", "country_name", "year", "volume", "unit"]
    list_filter = ["year", "country_name"]
    autocomplete_fields = ["product"]


class ParticipationInline(ScopedAdminMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["producer", "products"]


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "province", "booths"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "place"]
    inlines = [ParticipationInline]


@admin.register(Inquiry)
class InquiryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Offices see that a buyer wrote and whether the producer answered, never the buyer's name, contact or words
    (those are the producer's, in the app); a superuser sees everything."""

    list_display = ["product", "state", "created_at", "answered_at"]
    list_filter = ["state"]
    PRIVATE = ["buyer_name", "buyer_contact", "message", "answer"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if request.user.is_superuser else [f for f in fields if f not in self.PRIVATE]

    def get_readonly_fields(self, request, obj=None):
        return ["product", "producer", "state", "answered_at", "answered_by", *(
            self.PRIVATE if request.user.is_superuser else [])]
