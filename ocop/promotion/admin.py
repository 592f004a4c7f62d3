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
    list_display = ["product", "buyer_name", "state", "created_at"]
    list_filter = ["state"]
