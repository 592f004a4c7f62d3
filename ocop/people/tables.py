"""The office's list of people as a table."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import django_tables2 as tables

from ocop.accounts.invitations import InvitationState, invitation_state
from ocop.core.lists import ListTable

STATE_BADGES = {InvitationState.ACTIVE: "in_force", InvitationState.PENDING: "expired",
                InvitationState.EXPIRED: "revoked", InvitationState.DEACTIVATED: "superseded"}


def state_label(state: str) -> str:
    return {InvitationState.ACTIVE: _("Active"), InvitationState.PENDING: _("Invitation pending"),
            InvitationState.EXPIRED: _("Invitation expired"), InvitationState.DEACTIVATED: _("Deactivated")}[state]


class PeopleTable(ListTable):
    name = tables.Column(gettext_lazy("Name"), empty_values=(), attrs={"td": {"class": "lead"}})
    role = tables.Column(gettext_lazy("Role"), empty_values=())
    scope = tables.Column(gettext_lazy("Where"), empty_values=())
    state = tables.Column(gettext_lazy("State"), empty_values=())
    last_login = tables.DateTimeColumn("d/m/Y H:i", verbose_name=gettext_lazy("Last login"),
                                       default=gettext_lazy("never"))
    actions = tables.Column(gettext_lazy("Actions"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = gettext_lazy("Nobody yet: invite the first person.")

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def render_name(self, record):
        return format_html('{}<br><span class="small muted">{}</span>', record.get_full_name() or record.username,
                           record.email)

    def render_role(self, record):
        return record.get_role_display() or "–"

    def render_scope(self, record):
        if record.producer_id:
            return record.producer.name
        communes = list(record.communes.all())
        if record.province_id:
            place = record.province.short_name
        elif communes:
            place = communes[0].province.short_name
        else:
            place = _("Central")
        return f"{place} · {', '.join(c.name for c in communes)}" if communes else place

    def render_state(self, record):
        state = invitation_state(record)
        return format_html('<span class="badge {}" data-state="{}">{}</span>', STATE_BADGES[state], state,
                           state_label(state))

    def render_actions(self, record):
        history = format_html('<a class="small" href="{}?user={}">{}</a>', reverse("people:history"), record.pk,
                              _("History"))
        if record.pk == self.request.user.pk:  # the list holds managed_users; may_manage_user also refuses oneself
            return history
        state = invitation_state(record)
        buttons = []
        if state in (InvitationState.PENDING, InvitationState.EXPIRED):
            buttons.append(("resend", _("Resend the invitation"), "secondary"))
        if state == InvitationState.DEACTIVATED:
            buttons.append(("reactivate", _("Reactivate"), "secondary"))
        else:
            buttons.append(("deactivate", _("Deactivate"), "danger"))
        url = reverse("people:act", args=[record.pk])
        token = get_token(self.request)
        name = record.get_full_name() or record.username
        confirm = {"deactivate": _("Deactivate the account of %(name)s? They will no longer be able to log in "
                                   "(it can be reactivated later).") % {"name": name}}
        forms = format_html_join(" ", '<form method="post" action="{}" class="inline" data-confirm="{}"><input '
                                 'type="hidden" name="csrfmiddlewaretoken" value="{}"><button name="action" value="{}" '
                                 'class="small {}">{}</button></form>',
                                 ((url, confirm.get(a, ""), token, a, cls, label) for a, label, cls in buttons))
        return format_html("{} {}", forms, history)
