"""People pages of an office: who has an account, who has not logged in yet, invitations, deactivation, history.
Commune officers, producers, council members and visitors cannot reach them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import is_office
from ocop.accounts.invitations import (InvitationRefused, invitation_resend, managed_users, user_deactivate, user_invite,
                                       user_reactivate)
from ocop.core.lists import paginate, render_list

from .forms import InviteForm, PeopleFilterSet
from .selectors import history as account_history
from .selectors import people
from .tables import PeopleTable


def _require_office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


@login_required
def people_list(request):
    _require_office(request)
    filters = PeopleFilterSet(request.GET, queryset=people(request.user), request=request)
    table = paginate(PeopleTable(filters.qs, request=request), request, per_page=50)
    return render_list(request, "people/list.html", {"filters": filters, "table": table})


@login_required
def invite(request):
    _require_office(request)
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_invite(inviter=request.user, email=data["email"], full_name=data["full_name"], role=data["role"],
                               province=data.get("province"), communes=list(data.get("communes") or []),
                               producer=data.get("producer"), base_url=request.build_absolute_uri("/"))
        except InvitationRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s: the person chooses a password from the link "
                                        "in the mail.") % {"email": user.email})
            return redirect("people:list")
    return render(request, "people/invite.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def act(request, pk):
    """Deactivate, reactivate or resend the invitation of one account in the office's scope (others: 404)."""
    _require_office(request)
    user = get_object_or_404(managed_users(request.user), pk=pk)
    actions = {"deactivate": (user_deactivate, _("%(name)s can no longer log in.")),
               "reactivate": (user_reactivate, _("%(name)s can log in again.")),
               "resend": (invitation_resend, _("A new invitation was sent to %(name)s."))}
    if request.POST.get("action") not in actions:
        raise Http404
    service, done = actions[request.POST["action"]]
    try:
        kwargs = {"base_url": request.build_absolute_uri("/")} if service is invitation_resend else {}
        service(actor=request.user, user=user, **kwargs)
    except InvitationRefused as exc:
        if exc.status == 403:
            raise PermissionDenied from None
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": user.get_full_name() or user.username})
    return redirect("people:list")


@login_required
def history(request):
    """Account changes and failed logins of the accounts the office manages (one person with ?user=)."""
    _require_office(request)
    person = None
    if request.GET.get("user"):
        if not str(request.GET["user"]).isdigit():
            raise Http404
        person = get_object_or_404(managed_users(request.user), pk=request.GET["user"])
    return render(request, "people/history.html", {"events": account_history(request.user, user=person),
                                                   "person": person})
