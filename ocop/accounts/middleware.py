"""Office accounts (central, provincial, staff): logged out after an idle time, and asked for a
second factor (TOTP) after login when OCOP_REQUIRE_2FA is on."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .access import is_office

EXEMPT_PREFIXES = ("/account/two-factor/", "/logout/", "/static/", "/i18n/", "/healthz", "/api/", "/media/")


def needs_office_security(user) -> bool:
    return user.is_authenticated and (user.is_staff or is_office(user))


class OfficeSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_office_security(user):
            request.session.set_expiry(settings.OCOP_OFFICE_IDLE_MINUTES * 60)  # sliding: idle time, not session age
            if (settings.OCOP_REQUIRE_2FA and not user.is_verified()
                    and not request.path.startswith(EXEMPT_PREFIXES)):
                return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
