from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from ocop.core.money import vnd as format_vnd
from ocop.core.money import vnd_short as format_short

register = template.Library()


def _whole_or_dash(value, show):
    """`show` of the value as a whole number; a dash when it is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "–"
    return show(number)


def _stars(n: int) -> str:
    return format_html('<span class="stars" aria-label="{} sao">{}</span>', n, "★" * n)


@register.filter
def stars(n):
    """3 → ★★★ (with an accessible label)."""
    return _whole_or_dash(n, _stars)


@register.filter
def vnd(amount):
    """1250000 → 1.250.000 đ"""
    return _whole_or_dash(amount, format_vnd)


@register.filter
def vnd_short(amount):
    """3800000000 → 3,8 tỷ đồng"""
    return _whole_or_dash(amount, format_short)


@register.filter
def isodate(value):
    """An ISO date string (as the API's facts hold them) as dd/mm/yyyy; anything else unchanged."""
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


@register.simple_tag(takes_context=True)
def language_links(context):
    """The page's canonical address in its language, and its Vietnamese and English versions (hreflang), with
    og:url: a page in Vietnamese is its address without `lang`; in English, with `?lang=en`."""
    request = context.get("request")
    if request is None:
        return ""
    params = request.GET.copy()
    params.pop("lang", None)
    base = request.build_absolute_uri(request.path)
    query = params.urlencode()
    vietnamese = f"{base}?{query}" if query else base
    params["lang"] = "en"
    english = f"{base}?{params.urlencode()}"
    canonical = english if get_language() == "en" else vietnamese
    return format_html('<link rel="canonical" href="{}">\n  <link rel="alternate" hreflang="vi" href="{}">\n'
                       '  <link rel="alternate" hreflang="en" href="{}">\n  <link rel="alternate" hreflang="x-default" href="{}">\n'
                       '  <meta property="og:url" content="{}">', canonical, vietnamese, english, vietnamese, canonical)
