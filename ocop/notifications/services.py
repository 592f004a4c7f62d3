"""notify(): an in-app notice for each user, and an e-mail (console backend by default)."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from .models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable, title: str, body: str = "", url: str = "", kind: str = "",
           extra_emails: Iterable[str] = ()) -> list[Notification]:
    users = [u for u in users if u is not None and u.is_active]
    notices = Notification.objects.bulk_create(
        [Notification(user=u, title=title[:200], body=body, url=url[:300], kind=kind) for u in users]
    )
    recipients = sorted({u.email for u in users if u.email} | {e for e in extra_emails if e})
    if recipients:
        base = getattr(settings, "OCOP_PUBLIC_URL", "")
        link = f"{base.rstrip('/')}{url}" if base and url.startswith("/") else url
        text = f"{body}\n\n{link}".strip()
        transaction.on_commit(lambda: _send(title, text, recipients))
    return notices


def _send(title: str, text: str, recipients: list[str]) -> None:
    """Mail is best effort: an unreachable mail server must not break the workflow (the in-app notice stays)."""
    try:
        send_mail(title, text, None, recipients)
    except Exception:  # noqa: BLE001 - any transport failure
        log.exception("could not send the e-mail %r to %s", title, recipients)


def notify_in_language(language: str, **kwargs):
    with translation.override(language):
        return notify(**kwargs)
