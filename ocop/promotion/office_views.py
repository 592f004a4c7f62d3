"""The office's promotion pages (points of sale, channels with the products they carry, exports, events with
their participants): lists with filters, forms, deletion. Only offices come here; every record is looked up
among those the person may see (another province's id: 404) and written through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_act_for_province, office_province_codes, office_provinces
from ocop.core.lists import paginate, render_list

from . import office_lists as lists
from . import services
from .models import ExportRecord, Listing, PointOfSale
from .office_forms import ExportForm, ListingDatesForm, PointForm
from .selectors import export_counts, listing_counts
from .services import PromotionRefused

PER_PAGE = 50


def _office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _refused(form, exc: PromotionRefused) -> None:
    if exc.status == 403:
        raise PermissionDenied
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _province_for_new(request):
    """The province a new record is made for: the officer's own; the central office names it (?province=)."""
    codes = office_province_codes(request.user)
    if codes:
        return office_provinces(request.user).get(code=min(codes))
    code = request.GET.get("province") or request.POST.get("province_code")
    return office_provinces(request.user).filter(code=code).first() if code else None


def _choose_province(request, title):
    return render(request, "promotion/office/choose_province.html", {"title": title,
                                                                      "provinces": office_provinces(request.user)})


def _form_page(request, form, *, title, back, record=None, delete_url=None, province=None, status=None):
    return render(request, "promotion/office/form.html", {
        "form": form, "title": title, "back": back, "record": record, "delete_url": delete_url, "province": province,
    }, status=status or (400 if form.errors else 200))


def _list(request, template, filters, table, **extra):
    paginate(table, request, per_page=PER_PAGE)
    return render_list(request, template, {"filters": filters, "table": table, **extra})


# -- points of sale ----------------------------------------------------------------------------

@login_required
def points(request):
    _office(request)
    qs = (PointOfSale.objects.visible_to(request.user).select_related("province", "commune")
          .annotate(n_products=Count("products", distinct=True)).order_by("province", "name"))
    filters = lists.PointFilterSet(request.GET, queryset=qs, request=request)
    kinds = dict(PointOfSale.objects.filter(pk__in=filters.qs.values("pk")).order_by().values_list("kind")
                 .annotate(n=Count("pk")))
    by_kind = [(label, kinds[value]) for value, label in PointOfSale.Kind.choices if kinds.get(value)]
    return _list(request, "promotion/office/points.html", filters, lists.PointTable(filters.qs), by_kind=by_kind)


POINT_FIELDS = ("name", "kind", "address", "phone", "opening_hours", "latitude", "longitude", "website", "opened_on",
                "published")


def _point_form_page(request, point=None):
    province = point.province if point else _province_for_new(request)
    if province is None:
        return _choose_province(request, _("New point of sale"))
    initial = None
    if point is not None:
        initial = {**{k: getattr(point, k) for k in POINT_FIELDS}, "commune": point.commune_id,
                   "products": list(point.products.all())}
    form = PointForm(request.POST or None, initial=initial, user=request.user, province=province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.point_save(user=request.user, point=point, province=province, commune=data["commune"],
                                        products=list(data["products"]),
                                        **{k: data[k] for k in POINT_FIELDS})
        except PromotionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
            return redirect("promotion:points")
    title = _("Point of sale: %(name)s") % {"name": point.name} if point else _("New point of sale")
    return _form_page(request, form, title=title, back="promotion:points", record=point, province=province,
                      delete_url="promotion:point_delete" if point else None)


@login_required
def point_new(request):
    _office(request)
    return _point_form_page(request)


def _point(request, pk) -> PointOfSale:
    _office(request)
    point = get_object_or_404(PointOfSale.objects.visible_to(request.user).select_related("province", "commune"), pk=pk)
    if not may_act_for_province(request.user, point.province_id):
        raise Http404
    return point


@login_required
def point_edit(request, pk):
    return _point_form_page(request, _point(request, pk))


@login_required
def point_delete(request, pk):
    point = _point(request, pk)
    return _delete_page(request, point, lambda: services.point_delete(user=request.user, point=point), "promotion:points")


def _delete_page(request, record, delete, back, back_args=()):
    if request.method == "POST":
        try:
            delete()
        except PromotionRefused as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            messages.error(request, str(exc))
        else:
            messages.success(request, _("“%(name)s” is deleted.") % {"name": record})
        return redirect(back, *back_args)
    return render(request, "promotion/office/delete.html", {"record": record, "back_url": reverse(back, args=back_args)})


# -- exports -----------------------------------------------------------------------------------

@login_required
def exports(request):
    _office(request)
    qs = ExportRecord.objects.visible_to(request.user).select_related("product__producer").order_by("-year", "country_name", "pk")
    filters = lists.ExportFilterSet(request.GET, queryset=qs, request=request)
    return _list(request, "promotion/office/exports.html", filters, lists.ExportTable(filters.qs),
                 counts=export_counts(filters.qs))


def _export_form_page(request, record=None):
    province = record.product.producer.province if record else _province_for_new(request)
    if province is None:
        return _choose_province(request, _("New export record"))
    initial = None
    if record is not None:
        initial = {k: getattr(record, k) for k in ("product", "country", "year", "value_usd", "volume", "unit")}
    form = ExportForm(request.POST or None, initial=initial, user=request.user, province=province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.export_save(user=request.user, record=record, **{k: data[k] for k in (
                "product", "country", "country_name", "year", "value_usd", "volume", "unit")})
        except PromotionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The export of “%(name)s” is saved.") % {"name": data["product"].name})
            return redirect("promotion:exports")
    title = _("Export: %(name)s") % {"name": record.product.name} if record else _("New export record")
    return _form_page(request, form, title=title, back="promotion:exports", record=record, province=province,
                      delete_url="promotion:export_delete" if record else None)


@login_required
def export_new(request):
    _office(request)
    return _export_form_page(request)


def _export(request, pk) -> ExportRecord:
    _office(request)
    return get_object_or_404(ExportRecord.objects.visible_to(request.user).select_related("product__producer__province"),
                             pk=pk)


@login_required
def export_edit(request, pk):
    return _export_form_page(request, _export(request, pk))


@login_required
def export_delete(request, pk):
    record = _export(request, pk)
    return _delete_page(request, record, lambda: services.export_delete(user=request.user, record=record),
                        "promotion:exports")


# -- products in distribution ------------------------------------------------------------------

@login_required
def distribution(request):
    _office(request)
    qs = (Listing.objects.visible_to(request.user).select_related("product__producer", "channel")
          .order_by("product__producer__name", "product__name", "channel__name", "since"))
    filters = lists.ListingFilterSet(request.GET, queryset=qs, request=request)
    return _list(request, "promotion/office/distribution.html", filters, lists.ListingTable(filters.qs),
                 counts=listing_counts(filters.qs))


def _listing(request, pk) -> Listing:
    _office(request)
    return get_object_or_404(Listing.objects.visible_to(request.user).select_related("product", "channel"), pk=pk)


@login_required
def listing_edit(request, pk):
    listing = _listing(request, pk)
    form = ListingDatesForm(request.POST or None, initial={"since": listing.since, "until": listing.until},
                            user=request.user, province=listing.product.producer.province)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_change(user=request.user, listing=listing, since=form.cleaned_data["since"],
                                    until=form.cleaned_data["until"])
        except PromotionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The dates are saved."))
            return redirect("promotion:channel", pk=listing.channel_id)
    title = _("%(product)s in %(channel)s") % {"product": listing.product.name, "channel": listing.channel.name}
    return _form_page(request, form, title=title, back="promotion:channels", record=listing,
                      delete_url="promotion:listing_delete")


@login_required
def listing_delete(request, pk):
    listing = _listing(request, pk)
    return _delete_page(request, listing, lambda: services.listing_delete(user=request.user, listing=listing),
                        "promotion:channel", (listing.channel_id,))
