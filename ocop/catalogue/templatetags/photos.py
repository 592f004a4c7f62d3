"""Product photos on pages: always a thumbnail (ocop.core.images), WebP with a JPEG fallback, 1× and 2×."""

from django import template
from django.utils.html import format_html

from ocop.core.images import VARIANTS, thumbnail_name

register = template.Library()


def thumbnail_url(photo, variant: str = "page", density: int = 2, fmt: str = "jpg") -> str:
    return photo.image.storage.url(thumbnail_name(photo.image.name, variant, density, fmt))


@register.simple_tag
def picture(photo, variant: str = "list", alt: str = ""):
    """<picture> of a photo at the size a variant shows it (lazy, with its width, so nothing jumps)."""
    width = VARIANTS[variant].width
    height = format_html(' height="{}"', width) if VARIANTS[variant].square else ""
    return format_html(
        '<picture><source type="image/webp" srcset="{} 1x, {} 2x">'
        '<img src="{}" srcset="{} 2x" alt="{}" width="{}"{} loading="lazy" decoding="async"></picture>',
        thumbnail_url(photo, variant, 1, "webp"), thumbnail_url(photo, variant, 2, "webp"),
        thumbnail_url(photo, variant, 1, "jpg"), thumbnail_url(photo, variant, 2, "jpg"), alt, width, height)


@register.simple_tag
def photo_share_url(request, photo):
    """The address of a photo for link previews (Open Graph): its larger page thumbnail, as JPEG."""
    return request.build_absolute_uri(thumbnail_url(photo, "page", 2, "jpg"))
