"""People invite people: a provincial office invites the commune officers, council members and
producers of its province; the central office invites provincial officers and the central council.
The invitation mail carries a one-time link to choose a password (Django's password-reset token),
so no password is ever typed by someone else. Every change is kept in the user's history."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ocop.core.mail import mail_after_commit

from .access import is_central, may_act_for_province, office_province_codes
from .models import Role, User

# Who may invite whom: central office → every role; provincial office → these, in its own province.
PROVINCIAL_MAY_INVITE = {Role.COMMUNE, Role.COUNCIL, Role.PRODUCER}
# What the central office's people pages offer: provincial officers, the central council, central officers.
CENTRAL_INVITES = (Role.PROVINCE, Role.COUNCIL, Role.CENTRAL)


class InvitationRefused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def may_invite(inviter, role: str, province_code: str | None) -> bool:
    if is_central(inviter):
        return True
    return role in PROVINCIAL_MAY_INVITE and province_code is not None and may_act_for_province(inviter, province_code)


def managed_users(actor) -> QuerySet:
    """The accounts an office may invite, deactivate and follow: the central office every account; a provincial
    office the commune officers, council members and producers' accounts of its province. Others: none."""
    codes = office_province_codes(actor)
    if codes is None:
        return User.objects.all()
    if not codes:
        return User.objects.none()
    in_province = User.objects.filter(
        Q(role__in=[Role.COMMUNE, Role.COUNCIL], province_id__in=codes)
        | Q(role=Role.COMMUNE, communes__province_id__in=codes)
        | Q(role=Role.PRODUCER, producer__province_id__in=codes)).values("pk")
    return User.objects.filter(pk__in=in_province)


def _province_of(user: User) -> str | None:
    """The province an account belongs to: its own, its producer's, or its communes' (one province only)."""
    if user.province_id or user.producer_id:
        return user.province_id or user.producer.province_id
    provinces = set(user.communes.values_list("province_id", flat=True)) if user.pk else set()
    return provinces.pop() if len(provinces) == 1 else None


def may_manage_user(actor, user: User) -> bool:
    return user.pk != actor.pk and may_invite(actor, user.role, _province_of(user))


class InvitationState:
    ACTIVE, PENDING, EXPIRED, DEACTIVATED = "active", "pending", "expired", "deactivated"


def invitation_state(user: User, now: dt.datetime | None = None) -> str:
    """active (has logged in or chosen a password), pending (link not used yet), expired (link too old), deactivated."""
    if not user.is_active:
        return InvitationState.DEACTIVATED
    if user.last_login is not None or user.has_usable_password():
        return InvitationState.ACTIVE
    sent = user.invited_at or user.date_joined
    if (now or timezone.now()) - sent > dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT):
        return InvitationState.EXPIRED
    return InvitationState.PENDING


def _username_for(email: str) -> str:
    base = email.split("@")[0][:100] or "user"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def set_password_link(user: User, base_url: str = "") -> str:
    path = reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})
    return f"{(base_url or getattr(settings, 'OCOP_PUBLIC_URL', '') or '').rstrip('/')}{path}"


def _send_invitation(user: User, inviter, base_url: str) -> None:
    """The mail with the link to choose a password, sent once the transaction commits."""
    link = set_password_link(user, base_url)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your OCOP account")
        body = "\n\n".join([
            _("%(inviter)s invited you to the OCOP system as %(role)s. Choose your password here (the link works "
              "once, for a few days):") % {"inviter": inviter.get_full_name() or inviter.username,
                                           "role": Role(user.role).label},
            link, _("Your username: %(username)s") % {"username": user.username}])
    email = user.email
    mail_after_commit(subject, body, [email])


@transaction.atomic
def user_invite(*, inviter, email: str, full_name: str, role: str, province=None, communes=(), producer=None,
                base_url: str = "") -> User:
    """Create the account (no usable password) and mail the link to choose one."""
    email = (email or "").strip().lower()
    if role not in Role.values:
        raise InvitationRefused(_("Unknown role."))
    province_code = province.code if province is not None else (producer.province_id if producer is not None else None)
    if not may_invite(inviter, role, province_code):
        raise InvitationRefused(_("You may not invite this kind of account here."), 403)
    # a council member without a province sits on the central council (invited by the central office)
    if (role in (Role.PROVINCE, Role.COMMUNE) or (role == Role.COUNCIL and not is_central(inviter))) and province is None:
        raise InvitationRefused(_("Choose the province."))
    if role == Role.PRODUCER and producer is None:
        raise InvitationRefused(_("Choose the producer."))
    if role == Role.COMMUNE and not communes:
        raise InvitationRefused(_("Choose at least one commune."))
    if any(c.province_id != province_code for c in communes):
        raise InvitationRefused(_("The communes must be in the chosen province."))
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationRefused(_("An account with this e-mail address already exists."))
    first, _sep, last = full_name.strip().rpartition(" ")
    user = User(username=_username_for(email), email=email, first_name=first[:150], last_name=(last or first)[:150],
                role=role, province=province if role != Role.PRODUCER else None, producer=producer, invited_by=inviter,
                invited_at=timezone.now())
    user.set_unusable_password()
    user._change_reason = "invited"
    user.save()
    if communes:
        user.communes.set(communes)
    _send_invitation(user, inviter, base_url)
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Switch an account off (kept for the history); only an office that could have invited it."""
    if not may_manage_user(actor, user):
        raise InvitationRefused(_("You may not deactivate this account."), 403)
    user.is_active = False
    user._change_reason = "deactivated"
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    """Switch a deactivated account back on (same rule as deactivating)."""
    if not may_manage_user(actor, user):
        raise InvitationRefused(_("You may not change this account."), 403)
    user.is_active = True
    user._change_reason = "reactivated"
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def invitation_resend(*, actor, user: User, base_url: str = "") -> User:
    """Mail a fresh link to someone who has not chosen a password yet (pending or expired invitation)."""
    if not may_manage_user(actor, user):
        raise InvitationRefused(_("You may not change this account."), 403)
    if invitation_state(user) not in (InvitationState.PENDING, InvitationState.EXPIRED):
        raise InvitationRefused(_("This person has already chosen a password: there is no invitation to resend."))
    user.invited_at = timezone.now()
    user._change_reason = "invitation resent"
    user.save(update_fields=["invited_at"])
    _send_invitation(user, actor, base_url)
    return user
