"""Outgoing e-mail: queued after the commit and sent by the worker, so a slow or unreachable mail server never
holds up a page or breaks a workflow step (what the step recorded, and the in-app notice, stay)."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task

log = logging.getLogger(__name__)


def mail_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Queue one e-mail once the current transaction commits (at once outside a transaction)."""
    recipients = list(recipients)
    if recipients:
        transaction.on_commit(lambda: _enqueue(subject, body, recipients))


def _enqueue(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail_task.enqueue(subject, body, recipients)
    except Exception:  # noqa: BLE001 - the queue itself unreachable: send here rather than lose the mail
        log.exception("could not queue the e-mail %r; sending it now", subject)
        send_now(subject, body, recipients)


def send_now(subject: str, body: str, recipients: list[str]) -> bool:
    """Best effort: a transport failure is logged (one line, not a traceback) and reported as False."""
    try:
        send_mail(subject, body, None, recipients)
    except Exception as exc:  # noqa: BLE001 - any transport failure
        log.warning("could not send the e-mail %r to %s: %s", subject, recipients, exc)
        return False
    return True


@task()
def send_mail_task(subject: str, body: str, recipients: list[str]) -> bool:
    """Sent by the worker; the task's result says whether the mail server took it."""
    return send_now(subject, body, recipients)
