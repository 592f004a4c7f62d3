from django.contrib import admin

from ocop.accounts.access import scope_for

from .models import Channel, Event, ExportRecord, Inquiry, Listing, Participation, PointOfSale


class ProvinceScoped:
    """A provincial officer with admin access sees and records only their province's entries."""

    province_path = "province"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = scope_for(request.user)
        if scope.everything:
            return qs
        return qs.filter(**{f"{self.province_path}__in": scope.provinces})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_for(request.user)
        if not scope.everything and db_field.name == "province":
            from ocop.places.models import Province

            kwargs["queryset"] = Province.objects.filter(code__in=scope.provinces)
        if not scope.everything and db_field.name == "commune":
            from ocop.places.models import Commune

            kwargs["queryset"] = Commune.objects.filter(province_id__in=scope.provinces)
        if not scope.everything and db_field.name in ("product", "producer"):
            from ocop.producers.models import Producer, Product

            model = Product if db_field.name == "product" else Producer
            path = "producer__province_id__in" if db_field.name == "product" else "province_id__in"
            kwargs["queryset"] = model.objects.filter(**{path: scope.provinces})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PointOfSale)
class PointOfSaleAdmin(ProvinceScoped, admin.ModelAdmin):
    list_display = ["name", "kind", "province", "published"]
    list_filter = ["kind", "province", "published"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["products", "province", "commune"]


class ListingInline(ProvinceScoped, admin.TabularInline):
    model = Listing
    province_path = "product__producer__province"
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [ListingInline]


@admin.register(ExportRecord)
class ExportRecordAdmin(ProvinceScoped, admin.ModelAdmin):
    province_path = "product__producer__province"
    list_display = ["product", "country_name", "year", "volume", "unit"]
    list_filter = ["year", "country_name"]
    autocomplete_fields = ["product"]


class ParticipationInline(ProvinceScoped, admin.TabularInline):
    province_path = "producer__province"
    model = Participation
    extra = 0
    autocomplete_fields = ["producer", "products"]


@admin.register(Event)
class EventAdmin(ProvinceScoped, admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "province", "booths"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "place"]
    inlines = [ParticipationInline]


@admin.register(Inquiry)
class InquiryAdmin(ProvinceScoped, admin.ModelAdmin):
    province_path = "producer__province"
    list_display = ["product", "buyer_name", "state", "created_at"]
    list_filter = ["state"]
