"""People invite people: a provincial office invites the commune officers, council members and
producers of its province; the central office invites provincial officers and the central council.
The invitation mail carries a one-time link to choose a password (Django's password-reset token),
so no password is ever typed by someone else. Every change is kept in the user's history."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .access import is_central, may_act_for_province
from .models import Role, User

# Who may invite whom: central office → every role; provincial office → these, in its own province.
PROVINCIAL_MAY_INVITE = {Role.COMMUNE, Role.COUNCIL, Role.PRODUCER}


class InvitationRefused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def may_invite(inviter, role: str, province_code: str | None) -> bool:
    if is_central(inviter):
        return True
    return role in PROVINCIAL_MAY_INVITE and province_code is not None and may_act_for_province(inviter, province_code)


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
                role=role, province=province if role != Role.PRODUCER else None, producer=producer, invited_by=inviter)
    user.set_unusable_password()
    user.save()
    if communes:
        user.communes.set(communes)
    link = set_password_link(user, base_url)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your OCOP account")
        body = "\n\n".join([
            _("%(inviter)s invited you to the OCOP system as %(role)s. Choose your password here (the link works "
              "once, for a few days):") % {"inviter": inviter.get_full_name() or inviter.username, "role": Role(role).label},
            link, _("Your username: %(username)s") % {"username": user.username}])
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Switch an account off (kept for the history); only an office that could have invited it."""
    province_code = user.province_id or (user.producer.province_id if user.producer_id else None)
    if user.pk == actor.pk or not may_invite(actor, user.role, province_code):
        raise InvitationRefused(_("You may not deactivate this account."), 403)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user
