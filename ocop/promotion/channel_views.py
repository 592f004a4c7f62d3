"""The office's distribution channels: national ones (the central office's to change; every office lists its
products in them) and provincial ones (their office's); on a channel's page, the products it carries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, office_province_codes, office_provinces

from . import office_lists as lists
from . import services
from .models import Channel, Listing
from .office_forms import ChannelForm, ListingForm
from .office_views import _delete_page, _form_page, _list, _office, _refused
from .services import PromotionRefused, may_change_channel


def channels_for(user):
    """The channels an office uses: the national ones and those of its provinces."""
    return Channel.objects.filter(Q(province__isnull=True) | Q(pk__in=Channel.objects.visible_to(user).values("pk")))


def _listings_for(user):
    return Listing.objects.visible_to(user)


@login_required
def channels(request):
    _office(request)
    mine = _listings_for(request.user).values("pk")
    qs = (channels_for(request.user).select_related("province")
          .annotate(n_products=Count("listings__product", filter=Q(listings__in=mine), distinct=True))
          .order_by("province", "name"))
    filters = lists.ChannelFilterSet(request.GET, queryset=qs, request=request)
    return _list(request, "promotion/office/channels.html", filters, lists.ChannelTable(filters.qs))


def _channel(request, pk) -> Channel:
    _office(request)
    return get_object_or_404(channels_for(request.user).select_related("province"), pk=pk)


def _save_channel(request, form, channel=None):
    province = None
    if channel is not None:
        province = channel.province
    elif not is_central(request.user):
        province = office_provinces(request.user).get(code=min(office_province_codes(request.user)))
    try:
        return services.channel_save(user=request.user, channel=channel, province=province,
                                     **{k: form.cleaned_data[k] for k in ("name", "kind", "website")})
    except PromotionRefused as exc:
        _refused(form, exc)


@login_required
def channel_new(request):
    _office(request)
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = _save_channel(request, form)
        if channel is not None:
            messages.success(request, _("“%(name)s” is saved.") % {"name": channel.name})
            return redirect("promotion:channel", pk=channel.pk)
    title = _("New national channel") if is_central(request.user) else _("New channel of the province")
    return _form_page(request, form, title=title, back="promotion:channels")


@login_required
def channel_edit(request, pk):
    channel = _channel(request, pk)
    if not may_change_channel(request.user, channel):
        raise PermissionDenied
    form = ChannelForm(request.POST or None, channel=channel,
                       initial={k: getattr(channel, k) for k in ("name", "kind", "website")})
    if request.method == "POST" and form.is_valid() and _save_channel(request, form, channel) is not None:
        messages.success(request, _("“%(name)s” is saved.") % {"name": channel.name})
        return redirect("promotion:channel", pk=channel.pk)
    return _form_page(request, form, title=_("Channel: %(name)s") % {"name": channel.name}, back="promotion:channels",
                      record=channel, delete_url="promotion:channel_delete")


@login_required
def channel_delete(request, pk):
    channel = _channel(request, pk)
    if not may_change_channel(request.user, channel):
        raise PermissionDenied
    return _delete_page(request, channel, lambda: services.channel_delete(user=request.user, channel=channel),
                        "promotion:channels")


def _listing_province(request, channel):
    """Whose products the "add a product" form offers: the channel's province, else the officer's; the central
    office names one (?province=) for a national channel."""
    if channel.province_id:
        return channel.province
    codes = office_province_codes(request.user)
    code = min(codes) if codes else (request.GET.get("province") or request.POST.get("province_code"))
    return office_provinces(request.user).filter(code=code).first() if code else None


@login_required
def channel(request, pk):
    """A channel and the products it carries (those the person may see), with a form to add one."""
    channel = _channel(request, pk)
    province = _listing_province(request, channel)
    form = ListingForm(request.POST or None, user=request.user, province=province) if province else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.listing_add(user=request.user, channel=channel, product=data["product"], since=data["since"],
                                 until=data["until"])
        except PromotionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("“%(name)s” is recorded in %(channel)s.") % {
                "name": data["product"].name, "channel": channel.name})
            return redirect("promotion:channel", pk=channel.pk)
    listings = (_listings_for(request.user).filter(channel=channel).select_related("product__producer")
                .order_by("product__producer__name", "product__name", "since"))
    return render(request, "promotion/office/channel.html", {
        "channel": channel, "listings": listings, "form": form, "province": province,
        "may_change": may_change_channel(request.user, channel),
        "provinces": office_provinces(request.user) if is_central(request.user) else None,
    }, status=400 if form is not None and form.errors else 200)
