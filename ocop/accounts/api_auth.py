"""Who is calling the API: a Bearer token, else the browser session, else the public."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from .models import ApiToken


class ApiAuthError(Exception):
    pass


def api_user(request):
    """The user behind a request. A bad token is an error, never a silent fall back to public."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise ApiAuthError(_("Use 'Authorization: Bearer <token>'."))
        user = ApiToken.objects.authenticate(raw.strip())
        if user is None:
            raise ApiAuthError(_("Invalid or revoked API token."))
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else AnonymousUser()


class TokenAuth(HttpBearer):
    """For endpoints that require a logged-in caller."""

    def authenticate(self, request, token):
        return ApiToken.objects.authenticate(token)


def caller(request):
    """The API's authentication hook: every endpoint knows its caller (public when anonymous);
    a malformed or unknown token is refused with 401 instead of being treated as public."""
    return api_user(request)
