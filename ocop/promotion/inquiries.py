"""Buyers' inquiries: a buyer writes to a producer from a product page and gets the answer.

- The buyer's contact is an e-mail address or a Vietnamese phone number, checked as such and kept exactly as
  typed (`contacts.py`); only the message is cleaned of markup and links.
- Robots: a honeypot field and a signed time stamp (a form sent in under MIN_SECONDS or older than 6 hours is
  refused). Floods: at most PER_SESSION messages an hour from one browser and PER_CLIENT from one network, counted
  in the shared cache (`ocop.core.clients.client_allowance`), so a second buyer behind the same address can still
  write while a flood from it stops.
- The buyer gets a reference number, a private page where the answer appears (`follow_token`) and, with an
  e-mail address, a copy of the message; the producer reads and answers in the app; the answer is mailed to the
  buyer. Offices see counts and response times, never the buyers' messages or contacts (`response_figures`).
"""

import re
import statistics
import time

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.core.clients import client_allowance, client_key
from ocop.notifications.services import notify

from ocop.core.validators import is_email
from .models import Inquiry

_URL = re.compile(r"(https?://|www\.)\S+|\b[\w.-]+\.(com|net|org|vn|info|xyz|ru|top|io|biz)(/\S*)?\b", re.IGNORECASE)
PER_SESSION = 5  # messages an hour from one browser
PER_CLIENT = 30  # messages an hour from one network
WINDOW = 3600
MIN_SECONDS = 3
MESSAGE_LIMIT = 2000
FOLLOW_SALT = "ocop-inquiry-follow"


class InquiryRefused(Exception):
    def __init__(self, message: str, status: int = 400, retry_after: int = 0):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


def clean_message(text: str) -> str:
    """The message without markup, links or control characters (its length was checked before)."""
    text = strip_tags(text or "")
    text = _URL.sub("[…]", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def form_stamp() -> str:
    return signing.dumps(int(time.time()), salt="ocop-inquiry")


def check_stamp(stamp: str) -> None:
    try:
        issued = signing.loads(stamp or "", salt="ocop-inquiry", max_age=3600 * 6)
    except signing.BadSignature:
        raise InquiryRefused(_("The form has expired: reload the page and write again.")) from None
    if time.time() - issued < MIN_SECONDS:
        raise InquiryRefused(_("The message was sent too fast; please try again."))


def follow_token(inquiry: Inquiry) -> str:
    """The buyer's link to the inquiry: the same in every mail about it (no time stamp, it does not expire)."""
    return signing.Signer(salt=FOLLOW_SALT).sign_object(inquiry.pk)


def inquiry_from_token(token: str) -> Inquiry | None:
    try:
        pk = signing.Signer(salt=FOLLOW_SALT).unsign_object(token)
    except signing.BadSignature:
        try:  # a link mailed before the links lost their time stamp
            pk = signing.loads(token, salt=FOLLOW_SALT)
        except signing.BadSignature:
            return None
    return Inquiry.objects.select_related("product").filter(pk=pk).first()


@transaction.atomic
def inquiry_create(*, product, request, buyer_name: str, buyer_contact: str, message: str, stamp: str,
                   honeypot: str, follow_url) -> Inquiry:
    """Record a buyer's message (the fields were checked by InquiryForm), tell the producer, and mail the buyer a
    copy when the contact is an e-mail address. `follow_url(inquiry)` gives the buyer's private page."""
    if honeypot:
        raise InquiryRefused(_("The message could not be sent."))
    check_stamp(stamp)
    wait = client_allowance(request, "inquiry", per_client=PER_CLIENT, per_session=PER_SESSION, window=WINDOW)
    if wait:
        raise InquiryRefused(_("You have sent many messages in the last hour; please try again in %(minutes)s minutes.")
                             % {"minutes": max(1, round(wait / 60))}, 429, wait)
    body = clean_message(message)
    if len(body) < 10:
        raise InquiryRefused(_("Please write a message of at least 10 characters (links are not kept)."))
    inquiry = Inquiry.objects.create(product=product, producer=product.producer, buyer_name=buyer_name.strip(),
                                     buyer_contact=buyer_contact.strip(), message=body, client=client_key(request))
    notify(users=User.objects.filter(producer=product.producer), kind="inquiry", url="/inquiries/",
           title=_("A buyer wrote about %(product)s") % {"product": product.name}, body=body[:300])
    if is_email(inquiry.buyer_contact):
        notify(users=[], extra_emails=[inquiry.buyer_contact], url=follow_url(inquiry),
               title=_("OCOP: your message about %(product)s (reference %(ref)s)") % {
                   "product": product.name, "ref": inquiry.reference},
               body="\n\n".join([_("Your message was sent to the producer, who will answer you. The answer will come to "
                                    "this address and to the page below."), _("Your message:"), body]))
    return inquiry


@transaction.atomic
def inquiry_answer(*, inquiry: Inquiry, answer: str, user, follow_url: str) -> Inquiry:
    """The producer's answer (checked by AnswerForm): kept on the inquiry, shown on the buyer's page and mailed to
    the buyer when the contact is an e-mail address."""
    text = clean_message(answer)
    if len(text) < 2:
        raise InquiryRefused(_("Write an answer first."))
    inquiry.answer, inquiry.state, inquiry.answered_at, inquiry.answered_by = text, Inquiry.State.ANSWERED, timezone.now(), user
    inquiry.save(update_fields=["answer", "state", "answered_at", "answered_by"])
    if is_email(inquiry.buyer_contact):
        notify(users=[], extra_emails=[inquiry.buyer_contact], url=follow_url,
               title=_("OCOP: the answer about %(product)s (reference %(ref)s)") % {
                   "product": inquiry.product.name, "ref": inquiry.reference},
               body=_("%(producer)s answered your message:") % {"producer": inquiry.producer.name} + "\n\n" + text)
    return inquiry


def response_figures(inquiries) -> list[dict]:
    """Per producer: messages, answered, the median time to answer (hours) — no buyer's message or contact."""
    rows = {row["producer_id"]: {**row, "hours": None} for row in inquiries.values("producer_id", "producer__name").annotate(
        total=Count("pk"), answered=Count("pk", filter=Q(state=Inquiry.State.ANSWERED))).order_by("-total")[:100]}
    delays: dict[int, list[float]] = {}
    for producer_id, created, answered in inquiries.filter(producer_id__in=rows, answered_at__isnull=False).values_list(
            "producer_id", "created_at", "answered_at"):
        delays.setdefault(producer_id, []).append((answered - created).total_seconds() / 3600)
    for producer_id, hours in delays.items():
        rows[producer_id]["hours"] = round(statistics.median(hours), 1)
    return list(rows.values())
