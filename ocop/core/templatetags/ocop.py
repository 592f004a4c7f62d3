from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def stars(n):
    """3 → ★★★ (with an accessible label)."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        return "–"
    return format_html('<span class="stars" aria-label="{} sao">{}</span>', n, "★" * n)
