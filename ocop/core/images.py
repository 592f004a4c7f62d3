"""Thumbnails: made once per upload with Pillow, in WebP and JPEG, at the sizes the pages show.

Each *variant* names how a page shows a photo: "list" (a 72-pixel square in product lists) and "page" (240 pixels
wide on a product's page); each is made at 1× and 2× (phones with dense screens) so that a page never loads the
original. The files sit beside the original in the same storage under predictable names
(`thumbs/<original name without extension>-<variant><width>.<webp|jpg>`), so a page writes their addresses
without asking the storage anything.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Variant:
    width: int  # CSS pixels on the page
    square: bool  # cropped to a square (lists) or the photo's own proportions (product page)


VARIANTS = {"list": Variant(72, True), "page": Variant(240, False)}
DENSITIES = (1, 2)
FORMATS = {"webp": ("WEBP", {"quality": 72, "method": 4}), "jpg": ("JPEG", {"quality": 78, "optimize": True,
                                                                           "progressive": True})}


def thumbnail_name(name: str, variant: str, density: int, fmt: str) -> str:
    path = PurePosixPath(name)
    return str(PurePosixPath("thumbs") / path.parent / f"{path.stem}-{variant}{VARIANTS[variant].width * density}.{fmt}")


def thumbnail_names(name: str) -> list[str]:
    return [thumbnail_name(name, v, d, fmt) for v in VARIANTS for d in DENSITIES for fmt in FORMATS]


def _resized(image: Image.Image, variant: Variant, density: int) -> Image.Image:
    width = variant.width * density
    if variant.square:
        return ImageOps.fit(image, (width, width), Image.Resampling.LANCZOS)
    if image.width <= width:
        return image.copy()
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def thumbnails_make(*, storage, name: str) -> list[str]:
    """Make every thumbnail of the image stored under `name` (replacing older ones); returns their names. An image
    Pillow cannot read gives none (logged): the page then shows the placeholder's space, never an error."""
    try:
        with storage.open(name, "rb") as handle:
            image = Image.open(handle)
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        log.warning("no thumbnails for %s: the image cannot be read", name)
        return []
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    made = []
    for variant_name, variant in VARIANTS.items():
        for density in DENSITIES:
            resized = _resized(image, variant, density)
            for fmt, (pil_format, options) in FORMATS.items():
                picture = resized
                if pil_format == "JPEG" and picture.mode == "RGBA":
                    background = Image.new("RGB", picture.size, (255, 255, 255))
                    background.paste(picture, mask=picture.getchannel("A"))
                    picture = background
                buffer = io.BytesIO()
                picture.save(buffer, pil_format, **options)
                target = thumbnail_name(name, variant_name, density, fmt)
                if storage.exists(target):
                    storage.delete(target)
                made.append(storage.save(target, ContentFile(buffer.getvalue())))
    return made


def thumbnails_delete(*, storage, name: str) -> None:
    for target in thumbnail_names(name):
        if storage.exists(target):
            storage.delete(target)
