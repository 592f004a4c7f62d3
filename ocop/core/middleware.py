"""Language choice: Vietnamese unless the person chose English.

Pages ignore the browser's Accept-Language on purpose: Vietnamese is the default of every
page, and the switcher (a cookie) or `?lang=en` selects English. API clients may also send
Accept-Language.
"""

from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def choose_language(request) -> str:
    lang = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if lang in SUPPORTED:
        return lang
    if request.path.startswith("/api/"):
        header = request.headers.get("Accept-Language", "")
        for part in header.split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in SUPPORTED:
                return code
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = choose_language(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response
