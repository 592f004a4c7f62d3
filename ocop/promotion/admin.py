from django.contrib import admin

from ocop.accounts.admin_scope import CentralOnlyChangesMixin, ScopedAdminMixin

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
class ChannelAdmin(CentralOnlyChangesMixin, admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [ListingInline]


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
