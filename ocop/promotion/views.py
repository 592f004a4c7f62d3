from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ocop.accounts.access import is_central, is_office, office_province_codes, own_producer_id
from ocop.core.dates import programme_years
from ocop.core.lists import paginate, render_list
from ocop.places.models import Province
from ocop.recognitions.selectors import is_published_product, product_page_queryset

from .filtersets import InquiryFilterSet
from .forms import AnswerForm, InquiryForm
from .inquiries import (InquiryRefused, follow_token, form_stamp, inquiry_answer, inquiry_create, inquiry_from_token,
                        response_figures)
from .models import Inquiry, PointOfSale
from .selectors import promotion_figures
from .tables import InquiryTable


def _follow_url(request, inquiry) -> str:
    return request.build_absolute_uri(reverse("promotion:follow", args=[follow_token(inquiry)]))


@require_POST
def inquiry_send(request, pk):
    """A buyer's message from a product page. A problem sends the form back with what was typed and the reason
    beside the field; a sent message leads to the buyer's own page (reference number, then the answer)."""
    product = get_object_or_404(product_page_queryset(), pk=pk)
    if not is_published_product(product):
        raise Http404
    form = InquiryForm(request.POST)
    status, retry_after = 400, 0
    if form.is_valid():
        data = form.cleaned_data
        try:
            inquiry = inquiry_create(product=product, request=request, buyer_name=data["buyer_name"],
                                     buyer_contact=data["buyer_contact"], message=data["message"], stamp=data["stamp"],
                                     honeypot=data["website"], follow_url=lambda i: _follow_url(request, i))
        except InquiryRefused as exc:
            form.add_error(None, str(exc))
            status, retry_after = exc.status, exc.retry_after
        else:
            messages.success(request, _("Your message was sent. Your reference number is %(ref)s.") % {
                "ref": inquiry.reference})
            return redirect("promotion:follow", token=follow_token(inquiry))
    form.data = form.data.copy()
    form.data["stamp"] = form_stamp()  # a fresh stamp for the next try
    response = render(request, "promotion/inquiry_form.html", {"product": product, "form": form}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
def follow(request, token):
    """The buyer's own page (the address is the key, mailed to the buyer): the message and, when it comes, the answer."""
    inquiry = inquiry_from_token(token)
    if inquiry is None:
        raise Http404
    response = render(request, "promotion/follow.html", {"inquiry": inquiry})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def inbox(request):
    """A producer's inquiries, 25 a page; the producer answers in the row. Offices see counts and response times
    on the promotion page, never the buyers' messages or contacts."""
    mine = own_producer_id(request.user)
    if not mine:
        if is_office(request.user) and request.method == "GET":
            return redirect("promotion:office")
        raise PermissionDenied
    visible = Inquiry.objects.filter(producer_id=mine)
    if request.method == "POST":
        form = AnswerForm(request.POST, inquiries=visible)
        if not form.is_valid():
            raise Http404  # not one of this producer's inquiries
        inquiry = form.cleaned_data["inquiry"]
        try:
            inquiry_answer(inquiry=inquiry, answer=form.cleaned_data["answer"], user=request.user,
                           follow_url=_follow_url(request, inquiry))
        except InquiryRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your answer was sent."))
        return redirect(request.get_full_path())
    filters = InquiryFilterSet(request.GET, queryset=visible.select_related("product", "producer"), request=request)
    table = paginate(InquiryTable(filters.qs, request=request, may_answer=True), request, per_page=25)
    unread = [row.record.pk for row in table.paginated_rows if row.record.state == Inquiry.State.NEW]
    Inquiry.objects.filter(pk__in=unread).update(state=Inquiry.State.READ)  # seen now (shown once more as new)
    return render_list(request, "promotion/inbox.html", {"filters": filters, "table": table})


@login_required
def office(request):
    """Trade-promotion figures, and per producer the buyers' inquiries: how many, answered, how fast."""
    if not is_office(request.user):
        raise PermissionDenied
    codes = office_province_codes(request.user)
    province = None if codes is None else min(codes)
    if is_central(request.user) and request.GET.get("province"):
        province = request.GET.get("province")
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if year not in programme_years():
        year = timezone.localdate().year
    inquiries = Inquiry.objects.visible_to(request.user)
    if province:
        inquiries = inquiries.filter(producer__province_id=province)
    figures = promotion_figures(province=province, year=year)
    kinds = figures["points_of_sale"]["by_kind"]
    return render(request, "promotion/office.html", {
        "figures": figures, "counts": response_figures(inquiries), "year": year, "province": province,
        "years": programme_years(), "own_province": codes is not None,
        "province_name": Province.objects.filter(code=province).values_list("short_name", flat=True).first(),
        "points_by_kind": [(label, kinds[value]) for value, label in PointOfSale.Kind.choices if kinds.get(value)]})
