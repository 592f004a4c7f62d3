"""Reads for the people pages: the accounts an office manages with their invitation state, and the history of
those accounts (changes kept by django-simple-history, failed logins kept by django-axes)."""

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessFailureLog
from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central
from ocop.accounts.invitations import InvitationState, managed_users
from ocop.accounts.models import User

UNUSABLE = "!"  # how Django marks a password that was never chosen


def state_q(state: str, now: dt.datetime | None = None) -> Q:
    """The accounts in one invitation state, in SQL (the same rule as accounts.invitations.invitation_state)."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    waiting = Q(is_active=True, last_login__isnull=True, password__startswith=UNUSABLE)
    sent_before = Q(invited_at__lt=cutoff) | Q(invited_at__isnull=True, date_joined__lt=cutoff)
    return {
        InvitationState.DEACTIVATED: Q(is_active=False),
        InvitationState.PENDING: waiting & ~sent_before,
        InvitationState.EXPIRED: waiting & sent_before,
        InvitationState.ACTIVE: Q(is_active=True) & ~Q(last_login__isnull=True, password__startswith=UNUSABLE),
        "never": Q(is_active=True, last_login__isnull=True),
    }[state]


def people(actor) -> QuerySet:
    return (managed_users(actor).select_related("province", "producer", "invited_by")
            .prefetch_related("communes__province").order_by("role", "last_name", "first_name", "pk"))


@dataclass
class Event:
    when: dt.datetime
    kind: str  # "change" or "login_failure"
    account: str
    what: str
    by: str
    where: str = ""


def _describe(record, previous) -> str:
    labels = {"invited": _("invited"), "deactivated": _("deactivated"), "reactivated": _("reactivated"),
              "invitation resent": _("invitation resent")}
    if record.history_change_reason in labels:
        return labels[record.history_change_reason]
    if record.history_type == "+":
        return _("account created")
    if record.history_type == "-":
        return _("account deleted")
    if previous is None:
        return _("account changed")
    delta = record.diff_against(previous, excluded_fields=["invited_at", "date_joined"])
    fields = [str(User._meta.get_field(c.field).verbose_name) for c in delta.changes]
    return _("changed: %(fields)s") % {"fields": ", ".join(fields)} if fields else _("password chosen or changed")


def account_changes(actor, *, user: User | None = None, limit: int = 300) -> list[Event]:
    ids = [user.pk] if user is not None else managed_users(actor).values("pk")
    records = list(User.history.filter(id__in=ids).select_related("history_user").order_by("id", "history_date",
                                                                                              "history_id"))
    events, previous = [], {}
    for record in records:
        events.append(Event(record.history_date, "change", f"{record.first_name} {record.last_name}".strip() or record.username,
                            _describe(record, previous.get(record.id)), str(record.history_user or "")))
        previous[record.id] = record
    return sorted(events, key=lambda e: e.when, reverse=True)[:limit]


def login_failures(actor, *, user: User | None = None, limit: int = 300) -> list[Event]:
    """Failed logins typed with the username or e-mail of an account the office manages (the central office
    also sees attempts on names that match no account)."""
    failures = AccessFailureLog.objects.order_by("-attempt_time")
    if user is not None or not is_central(actor):
        accounts = [user] if user is not None else managed_users(actor).only("username", "email")
        names = {n.lower() for a in accounts for n in (a.username, a.email) if n}
        failures = failures.annotate(typed=Lower("username")).filter(typed__in=names)
    return [Event(f.attempt_time, "login_failure", f.username or "", _("login failed") + (
        " — " + _("account locked") if f.locked_out else ""), "", f.ip_address or "") for f in failures[:limit]]


def history(actor, *, user: User | None = None, limit: int = 300) -> list[Event]:
    events = account_changes(actor, user=user, limit=limit) + login_failures(actor, user=user, limit=limit)
    return sorted(events, key=lambda e: e.when, reverse=True)[:limit]
