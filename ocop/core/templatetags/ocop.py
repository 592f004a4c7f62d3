from django import template
from django.utils.html import format_html

from ocop.core.money import vnd as format_vnd
from ocop.core.money import vnd_short as format_short

register = template.Library()


@register.filter
def stars(n):
    """3 → ★★★ (with an accessible label)."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        return "–"
    return format_html('<span class="stars" aria-label="{} sao">{}</span>', n, "★" * n)


@register.filter
def vnd(amount):
    """1250000 → 1.250.000 đ"""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return "–"


@register.filter
def vnd_short(amount):
    """3800000000 → 3,8 tỷ đồng"""
    try:
        return format_short(int(amount))
    except (TypeError, ValueError):
        return "–"


@register.filter
def isodate(value):
    """An ISO date string (as the API's facts hold them) as dd/mm/yyyy; anything else unchanged."""
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text
