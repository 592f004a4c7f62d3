from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import restrict, scope_for
from ocop.producers.selectors import is_published_product, product_page_queryset

from .inquiries import InquiryRefused, inquiry_answer, inquiry_create
from .models import Inquiry
from .selectors import promotion_figures


@require_POST
def inquiry_send(request, pk):
    product = get_object_or_404(product_page_queryset(), pk=pk)
    if not is_published_product(product):
        raise Http404
    try:
        inquiry_create(product=product, request=request, buyer_name=request.POST.get("buyer_name", ""),
                       buyer_contact=request.POST.get("buyer_contact", ""), message=request.POST.get("message", ""),
                       stamp=request.POST.get("stamp", ""), honeypot=request.POST.get("website", ""))
    except InquiryRefused as exc:
        response = render(request, "promotion/inquiry_result.html", {"product": product, "error": str(exc)}, status=exc.status)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    return render(request, "promotion/inquiry_result.html", {"product": product, "error": None})


@login_required
def inbox(request):
    """A producer's inquiries (officers see those of their scope)."""
    scope = scope_for(request.user)
    if scope.empty:
        raise PermissionDenied
    inquiries = restrict(Inquiry.objects.select_related("product", "producer"), scope, "producer__")[:200]
    if request.method == "POST":
        inquiry = get_object_or_404(restrict(Inquiry.objects.all(), scope, "producer__"), pk=request.POST.get("inquiry"))
        if not scope.producers or inquiry.producer_id not in scope.producers:
            raise PermissionDenied  # only the producer answers its buyers
        try:
            inquiry_answer(inquiry=inquiry, answer=request.POST.get("answer", ""), user=request.user)
        except InquiryRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your answer was sent."))
        return redirect("promotion:inbox")
    unread = [i.pk for i in inquiries if i.state == Inquiry.State.NEW]
    if scope.producers and unread:
        Inquiry.objects.filter(pk__in=unread).update(state=Inquiry.State.READ)
    return render(request, "promotion/inbox.html", {"inquiries": inquiries, "may_answer": bool(scope.producers)})


@login_required
def office(request):
    """Trade-promotion figures and inquiry counts for an office."""
    scope = scope_for(request.user)
    if not (scope.everything or scope.provinces):
        raise PermissionDenied
    province = None if scope.everything else next(iter(scope.provinces))
    if scope.everything and request.GET.get("province"):
        province = request.GET.get("province")
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    inquiries = restrict(Inquiry.objects.all(), scope, "producer__")
    if province:
        inquiries = inquiries.filter(producer__province_id=province)
    counts = inquiries.values("producer__name").annotate(
        total=Count("pk"), answered=Count("pk", filter=Q(state=Inquiry.State.ANSWERED))).order_by("-total")[:50]
    return render(request, "promotion/office.html", {"figures": promotion_figures(province=province, year=year),
                                                     "counts": counts, "year": year, "province": province})
