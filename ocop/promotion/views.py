from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import is_central, is_office, office_province_codes, own_producer_id
from ocop.core.lists import paginate, render_list
from ocop.recognitions.selectors import is_published_product, product_page_queryset

from ocop.core.forms import first_error

from .filtersets import InquiryFilterSet
from .forms import AnswerForm, InquiryForm
from .inquiries import InquiryRefused, inquiry_answer, inquiry_create
from .models import Inquiry
from .selectors import promotion_figures
from .tables import InquiryTable


@require_POST
def inquiry_send(request, pk):
    product = get_object_or_404(product_page_queryset(), pk=pk)
    if not is_published_product(product):
        raise Http404
    form = InquiryForm(request.POST)
    try:
        if not form.is_valid():
            raise InquiryRefused(first_error(form))
        data = form.cleaned_data
        inquiry_create(product=product, request=request, buyer_name=data["buyer_name"],
                       buyer_contact=data["buyer_contact"], message=data["message"], stamp=data["stamp"],
                       honeypot=data["website"])
    except InquiryRefused as exc:
        response = render(request, "promotion/inquiry_result.html", {"product": product, "error": str(exc)}, status=exc.status)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    return render(request, "promotion/inquiry_result.html", {"product": product, "error": None})


@login_required
def inbox(request):
    """A producer's inquiries (officers see those of their scope), 25 a page; the producer answers in the row."""
    mine = own_producer_id(request.user)
    visible = Inquiry.objects.visible_to(request.user)
    if not (mine or is_office(request.user)):
        raise PermissionDenied
    if request.method == "POST":
        form = AnswerForm(request.POST, inquiries=visible)
        if not form.is_valid():
            raise Http404  # not an inquiry this person may see
        inquiry = form.cleaned_data["inquiry"]
        if inquiry.producer_id != mine:
            raise PermissionDenied  # only the producer answers its buyers
        try:
            inquiry_answer(inquiry=inquiry, answer=form.cleaned_data["answer"], user=request.user)
        except InquiryRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your answer was sent."))
        return redirect(request.get_full_path())
    filters = InquiryFilterSet(request.GET, queryset=visible.select_related("product", "producer"), request=request)
    table = paginate(InquiryTable(filters.qs, request=request, may_answer=bool(mine)), request, per_page=25)
    if mine:  # the producer has now seen the messages on this page (shown once more as new)
        unread = [row.record.pk for row in table.paginated_rows if row.record.state == Inquiry.State.NEW]
        Inquiry.objects.filter(pk__in=unread).update(state=Inquiry.State.READ)
    return render_list(request, "promotion/inbox.html", {"filters": filters, "table": table})


@login_required
def office(request):
    """Trade-promotion figures and inquiry counts for an office."""
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
    inquiries = Inquiry.objects.visible_to(request.user)
    if province:
        inquiries = inquiries.filter(producer__province_id=province)
    counts = inquiries.values("producer__name").annotate(
        total=Count("pk"), answered=Count("pk", filter=Q(state=Inquiry.State.ANSWERED))).order_by("-total")[:50]
    return render(request, "promotion/office.html", {"figures": promotion_figures(province=province, year=year),
                                                     "counts": counts, "year": year, "province": province})
