"""Buyers' inquiries: cleaned of links and markup, honeypot and timing checks against robots,
and slowed down per client (network prefix) through the cache."""

import logging
import re
import time

from django.core.mail import send_mail
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.core.clients import client_key
from ocop.notifications.services import notify

from .models import Inquiry

_URL = re.compile(r"(https?://|www\.)\S+|\b[\w.-]+\.(com|net|org|vn|info|xyz|ru|top|io|biz)(/\S*)?\b", re.IGNORECASE)
LIMIT_PER_HOUR = 5
MIN_SECONDS = 3


class InquiryRefused(Exception):
    def __init__(self, message: str, status: int = 400, retry_after: int = 0):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


def clean_text(text: str, limit: int) -> str:
    text = strip_tags(text or "")
    text = _URL.sub("[…]", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()[:limit]


def form_stamp() -> str:
    return signing.dumps(int(time.time()), salt="ocop-inquiry")


@transaction.atomic
def inquiry_create(*, product, request, buyer_name: str, buyer_contact: str, message: str, stamp: str, honeypot: str) -> Inquiry:
    if honeypot:
        raise InquiryRefused(_("The message could not be sent."))
    try:
        issued = signing.loads(stamp or "", salt="ocop-inquiry", max_age=3600 * 6)
    except signing.BadSignature:
        raise InquiryRefused(_("The form has expired: reload the page and write again.")) from None
    if time.time() - issued < MIN_SECONDS:
        raise InquiryRefused(_("The message was sent too fast; please try again."))
    key = client_key(request)
    bucket = f"inquiry:{key}"
    sent = cache.get(bucket, 0)
    if sent >= LIMIT_PER_HOUR:
        raise InquiryRefused(_("Too many messages from your connection; please try again in an hour."), 429, 3600)
    name, contact, body = clean_text(buyer_name, 120), clean_text(buyer_contact, 120), clean_text(message, 2000)
    if not name or not contact or len(body) < 10:
        raise InquiryRefused(_("Please give your name, a way to reach you and a message of at least 10 characters."))
    inquiry = Inquiry.objects.create(product=product, producer=product.producer, buyer_name=name, buyer_contact=contact,
                                     message=body, client=key)
    cache.set(bucket, sent + 1, 3600)
    notify(users=User.objects.filter(producer=product.producer), kind="inquiry", url="/inquiries/",
           title=_("A buyer wrote about %(product)s") % {"product": product.name}, body=body[:300])
    return inquiry


def inquiry_answer(*, inquiry: Inquiry, answer: str, user) -> Inquiry:
    text = clean_text(answer, 2000)
    if len(text) < 2:
        raise InquiryRefused(_("Write an answer first."))
    inquiry.answer, inquiry.state, inquiry.answered_at, inquiry.answered_by = text, Inquiry.State.ANSWERED, timezone.now(), user
    inquiry.save(update_fields=["answer", "state", "answered_at", "answered_by"])
    if "@" in inquiry.buyer_contact:
        transaction.on_commit(lambda: _mail(inquiry))
    return inquiry


def _mail(inquiry: Inquiry) -> None:
    try:
        send_mail(f"OCOP: {inquiry.product.name}", inquiry.answer, None, [inquiry.buyer_contact])
    except Exception:  # noqa: BLE001 - mail is best effort; the answer is kept in the app
        logging.getLogger(__name__).exception("could not mail the answer to inquiry %s", inquiry.pk)
