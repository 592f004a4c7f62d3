"""The producer's own pages: "my products" (where a producer lands after logging in), each product with its
certificate's countdown, the re-evaluation window, the PDF and labels, what to prepare and the renewal dossier
one click away; self-assessment and dossiers one tap away."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import own_producer_id, roles_on
from ocop.producers.models import ChangeRequest, Producer

from .facts import facts
from .ids import IdError, normalize
from .lifecycle import certificate_renewal_start, renewal_dossier_id, renewal_window, window_phase
from .selectors import producer_certificates


@dataclass
class Row:
    product: object
    certificate: object = None
    data: dict | None = None
    days_left: int | None = None
    opens: dt.date | None = None
    closes: dt.date | None = None
    phase: str = ""
    dossier_id: int | None = None
    changes: tuple = ()


def _rows(user, producer, today: dt.date) -> list[Row]:
    by_product: dict[int, object] = {}
    for certificate in producer_certificates(user):
        current = by_product.get(certificate.recognition.product_id)
        # the certificate to show: the one in force, else the newest
        if current is None or (facts(current, today)["status"] != "in_force" and facts(certificate, today)["status"] == "in_force"):
            by_product[certificate.recognition.product_id] = certificate
    pending = {}
    for change in ChangeRequest.objects.filter(producer=producer, product__isnull=False).order_by("-requested_at")[:50]:
        pending.setdefault(change.product_id, []).append(change)
    rows = []
    for product in producer.products.select_related("group").order_by("name_folded"):
        row = Row(product, changes=tuple(pending.get(product.pk, ())[:3]))
        certificate = by_product.get(product.pk)
        if certificate is not None:
            r = certificate.recognition
            row.certificate, row.data = certificate, facts(certificate, today)
            row.days_left = (r.valid_until - today).days
            row.opens, row.closes = renewal_window(r.valid_until)
            row.phase = window_phase(r.valid_until, today)
            row.dossier_id = renewal_dossier_id(certificate)
        rows.append(row)
    # what needs attention first: open windows, then the soonest expiry
    order = {"open": 0, "closed": 1, "before": 2, "expired": 3, "": 4}
    return sorted(rows, key=lambda row: (order.get(row.phase, 4) if row.data and row.data["status"] == "in_force" else 5,
                                         row.days_left if row.days_left is not None else 10**6))


def _producer(request) -> Producer:
    producer_id = own_producer_id(request.user)
    if producer_id is None:
        raise PermissionDenied
    return Producer.objects.select_related("province").get(pk=producer_id)


@login_required
def start(request):
    """Where a login lands: a producer on "my products", everyone else on the dashboard."""
    return redirect("certificates:mine" if own_producer_id(request.user) is not None else "stats:dashboard")


@login_required
def mine(request):
    producer = _producer(request)
    today = timezone.localdate()
    producer_changes = ChangeRequest.objects.filter(producer=producer, product__isnull=True).order_by("-requested_at")[:3]
    return render(request, "certificates/mine.html", {
        "producer": producer, "rows": _rows(request.user, producer, today), "today": today,
        "producer_changes": producer_changes,
    })


@login_required
@require_POST
def renewal_start(request, certificate_id):
    """The producer's one click: open (or find) the renewal dossier of a certificate whose window is open."""
    _producer(request)
    try:
        public_id = normalize(certificate_id)
    except IdError:
        raise Http404 from None
    certificate = producer_certificates(request.user).filter(public_id=public_id).first()
    if certificate is None or "producer" not in roles_on(request.user, certificate):
        raise Http404
    existing = renewal_dossier_id(certificate)
    if existing is not None:
        return redirect("dossiers:detail", pk=existing)
    r = certificate.recognition
    data = facts(certificate)
    if data["status"] != "in_force" or window_phase(r.valid_until, timezone.localdate()) == "before":
        messages.error(request, _("The re-evaluation window of this certificate is not open: it opens on %(date)s.") % {
            "date": renewal_window(r.valid_until)[0].strftime("%d/%m/%Y")})
        return redirect("certificates:mine")
    dossier = certificate_renewal_start(certificate)
    if dossier is None:
        messages.info(request, _("A dossier for this product is already in progress: continue it below."))
        return redirect("dossiers:home")
    messages.success(request, _("Your re-evaluation dossier is open: complete it and submit it before %(date)s.") % {
        "date": renewal_window(r.valid_until)[1].strftime("%d/%m/%Y")})
    return redirect("dossiers:detail", pk=dossier.pk)
