"""Partners' logos: bounded in bytes and pixels at upload, made small once for the PDFs."""

import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners import logos
from reflex.reports.pdf import logo_data_uri
from reflex.typography import french_spacing as fr

pytestmark = pytest.mark.django_db


def png_header_only(width, height):
    """A PNG that claims `width` × `height` pixels in a few bytes (what a decompression bomb looks like)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def png(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_upload_of_too_many_pixels_is_refused_in_french(organisation):
    organisation.logo = SimpleUploadedFile("bombe.png", png_header_only(12000, 12000), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        logos.validate_logo(organisation.logo.file)
    assert error.value.messages == [
        fr("Cette image fait 12000 × 12000 pixels : donnez-en une de 16 millions de pixels au plus.")
    ]


def test_an_upload_of_too_many_bytes_is_refused_before_it_is_read(organisation):
    heavy = SimpleUploadedFile("lourd.png", b"\x00" * (logos.MAX_BYTES + 1), content_type="image/png")
    with mock.patch.object(logos, "_dimensions") as dimensions, pytest.raises(ValidationError) as error:
        logos.validate_logo(heavy)
    assert not dimensions.called
    assert "trop lourde" in error.value.messages[0]


def test_a_reasonable_logo_passes(organisation):
    logos.validate_logo(SimpleUploadedFile("logo.png", png(800, 300), content_type="image/png"))


def test_the_model_field_checks_it_too(organisation):
    assert logos.validate_logo in organisation._meta.get_field("logo").validators


def test_the_pdf_gets_a_small_copy_made_once(organisation, media):
    organisation.logo.save("grand.png", ContentFile(png(3000, 1000)))
    uri = logo_data_uri(organisation)
    import base64

    printed = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert printed.size == (600, 200)
    with mock.patch.object(type(organisation.logo), "open", side_effect=AssertionError("read again")):
        assert logo_data_uri(organisation) == uri  # from the cache: not decoded for every PDF


def test_a_stored_bomb_is_not_printed(organisation, media):
    organisation.logo.save("bombe.png", ContentFile(png_header_only(12000, 12000)))
    assert logo_data_uri(organisation) is None
