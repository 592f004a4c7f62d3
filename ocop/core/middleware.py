"""Language choice: the person's choice (the switcher's cookie, or `?lang=en` for one page), else on a first visit
the browser's languages (Accept-Language, in the order of preference it gives), else Vietnamese."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _preferred(header: str) -> list[str]:
    """Language codes of an Accept-Language header, most wanted first ("en-US,en;q=0.9,vi;q=0.8" → en, en, vi)."""
    found = []
    for position, part in enumerate(header.split(",")[:20]):
        code, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if code and quality > 0:
            found.append((-quality, position, code.strip().lower()[:2]))
    return [code for _q, _p, code in sorted(found)]


def choose_language(request) -> tuple[str, bool]:
    """(language, whether the browser's header decided it)."""
    lang = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if lang in SUPPORTED:
        return lang, False
    for code in _preferred(request.headers.get("Accept-Language", "")):
        if code in SUPPORTED:
            return code, True
    return settings.LANGUAGE_CODE, True


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang, from_header = choose_language(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        if from_header:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
