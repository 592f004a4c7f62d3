"""notify(): an in-app notice for each user, and an e-mail sent by the worker after the commit (console backend by
default); notify_producer() and notify_province_officers() find the people for a producer or a province."""

from collections.abc import Iterable

from django.conf import settings

from ocop.accounts.models import Role, User
from ocop.core.mail import mail_after_commit

from .models import Notification


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
        mail_after_commit(title, text, recipients)
    return notices


def notify_producer(producer, *, title: str, body: str = "", url: str = "", kind: str = "") -> list[Notification]:
    """The producer's accounts, and the producer's own e-mail address when it has one."""
    return notify(users=User.objects.filter(producer=producer, is_active=True), title=title, body=body, url=url,
                  kind=kind, extra_emails=[producer.email] if getattr(producer, "email", "") else [])


def notify_province_officers(province_id: str, *, title: str, body: str = "", url: str = "",
                             kind: str = "") -> list[Notification]:
    return notify(users=User.objects.filter(role=Role.PROVINCE, province_id=province_id, is_active=True),
                  title=title, body=body, url=url, kind=kind)
