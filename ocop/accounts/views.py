"""The person's own account: second factor, API tokens."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.core.urls import safe_next

from .forms import ApiTokenForm, RevokeTokenForm, TokenCodeForm
from .models import ApiToken


@login_required
def two_factor(request):
    """Set up the authenticator app (first time: a QR code to scan), then confirm a code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="authenticator", confirmed=False)
    form = TokenCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(safe_next(request, "stats:dashboard"))
        form.add_error("code", _("This code is not right (or has expired): try the one the app shows now."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4) if setup else ""
    return render(request, "accounts/two_factor.html", {"form": form, "setup": setup, "qr_svg": qr_svg,
                                                         "secret": device.bin_key.hex() if setup else ""},
                  status=400 if form.errors else 200)


@login_required
def tokens(request):
    """The person's API tokens: create one (shown once), see when each was last used, revoke."""
    new_raw = None
    form = ApiTokenForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        revoke = RevokeTokenForm(request.POST, user=request.user)
        if revoke.is_valid():
            token = revoke.cleaned_data["token"]
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            messages.success(request, _("The token was revoked."))
        return redirect("accounts:tokens")
    if request.method == "POST" and form.is_valid():
        _token, new_raw = ApiToken.objects.issue(request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        form = ApiTokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "new_raw": new_raw, "tokens": request.user.api_tokens.order_by("-created_at"),
    })
