"""Partners' logos: bounded at upload (bytes and pixels), and made small once for the PDFs that print them.

A 12,000 × 12,000 PNG compresses to a few hundred kilobytes, yet WeasyPrint decoded it for every PDF (52 s each).
So an upload is refused above MAX_BYTES or MAX_PIXELS (read from the image's header, before anything is decoded),
and the PDFs print a copy no larger than PDF_BOX, made the first time a process needs it and kept in the cache
under the file's name and size. A file stored before these limits that exceeds them is not printed (the partner's
name is, as for a partner without a logo).
"""

import base64
import io
import warnings

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 16_000_000  # e.g. 4,000 × 4,000
MAX_SIDE = 8_000
PDF_BOX = (600, 200)  # the logo prints 28 pt high: this is plenty, even on a printer


def _opened(file):
    """Pillow's image, opened lazily (header only). Pillow's own decompression-bomb warning is ours to decide on:
    the limits below are tighter."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(file)


def _dimensions(file):
    """(width, height) from the image's header, without decoding its pixels; None if unreadable."""
    from PIL import Image, UnidentifiedImageError

    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with _opened(file) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(position)


def validate_logo(file):
    """Upload rule: at most MAX_BYTES, MAX_SIDE pixels a side and MAX_PIXELS in all."""
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(
            _("This image is too large (%(size)s): %(max)s at most.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(MAX_BYTES)},
            code="logo_too_heavy",
        )
    size = _dimensions(file)
    if size is None:
        raise ValidationError(_("This file is not an image that can be read."), code="logo_unreadable")
    width, height = size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ValidationError(
            _("This image is %(width)d × %(height)d pixels: give one of at most %(max)s million pixels.")
            % {"width": width, "height": height, "max": MAX_PIXELS // 1_000_000},
            code="logo_too_large",
        )


def _pdf_copy(content):
    """(bytes, mime type) of the logo fitted in PDF_BOX (the original when it already fits); None if too large."""
    from PIL import Image

    with _opened(io.BytesIO(content)) as image:
        width, height = image.size
        if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
            return None
        if width <= PDF_BOX[0] and height <= PDF_BOX[1]:
            return content, Image.MIME.get(image.format, "image/png")
        image.thumbnail(PDF_BOX)
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png"


def pdf_data_uri(organisation):
    """The partner's logo as a data URI fit for the PDFs, or None (no logo, file gone, or beyond the limits)."""
    from PIL import Image, UnidentifiedImageError

    logo = organisation.logo
    if not logo:
        return None
    try:
        size = logo.size
    except (FileNotFoundError, OSError, ValueError):
        return None
    if size > MAX_BYTES:
        return None
    key = f"partners:pdf-logo:{logo.name}:{size}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    try:
        with logo.open("rb") as handle:
            copy = _pdf_copy(handle.read())
    except (FileNotFoundError, OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        copy = None
    uri = f"data:{copy[1]};base64,{base64.b64encode(copy[0]).decode()}" if copy else ""
    cache.set(key, uri, None)
    return uri or None
