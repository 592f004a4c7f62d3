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
