"""Entry images: checked by content, re-encoded without metadata, and the bad ones refused.

Each refused file is refused with a message naming the file and what is wrong, and an entry
carrying one is not written at all: no entry, no image row, no file, no email, no log.
"""

import io
import struct
import zipfile
import zlib

import pytest
from PIL import ExifTags, Image
from wagtail.models import ModelLogEntry

from qihub.competitions.errors import CompetitionError
from qihub.competitions.images import MAX_BYTES, ImageRejected, image_clean
from qihub.competitions.models import Entry, EntryImage
from qihub.competitions.services import entry_submit
from qihub.competitions.tests.factories import image_bytes
from qihub.core.tests.factories import StaffFactory


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme Cameras"
    exif[ExifTags.Base.Model] = "Snapper 3000"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 48.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 32.0, 45.0)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (218, 41, 28)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims width × height pixels: a bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _jpeg_zip_polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert('hi')</script>")
    return image_bytes("JPEG") + archive.getvalue()


def _png_damaged_inside() -> bytes:
    """Signature and end marker intact, compressed pixels replaced by noise."""
    data = bytearray(image_bytes("PNG", size=(200, 200)))
    start = data.index(b"IDAT") + 8
    data[start : start + 40] = bytes(range(40))
    return bytes(data)


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 94, 184)).save(buffer, format="GIF")
    return buffer.getvalue()


REFUSED = {
    "svg": (SVG, "design.svg", "is an SVG drawing; upload a PNG or JPEG image instead"),
    "svg named png": (SVG, "design.png", "is an SVG drawing"),
    "gif": (_gif(), "design.gif", "is not a PNG or JPEG image"),
    "gif named png": (_gif(), "design.png", "is not a PNG or JPEG image"),
    "jpeg with a zip appended": (_jpeg_zip_polyglot(), "design.jpg", "bytes of other data hidden"),
    "truncated png": (image_bytes("PNG")[:60], "design.png", "is not a complete PNG image"),
    "png damaged inside": (_png_damaged_inside(), "design.png", "is damaged or not a valid PNG"),
    "bomb header": (_png_claiming(100_000, 100_000), "bomb.png", "too many pixels"),
    "too many pixels": (_png_claiming(8_000, 8_000), "huge.png", "is 8000 × 8000 pixels"),
    "over 10 MB": (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES, "big.png", "larger than 10 MB"),
    "empty": (b"", "nothing.png", "is empty"),
    "text": (b"hello, world", "notes.jpg", "is not a PNG or JPEG image"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_bad_file_is_refused_with_a_message_naming_it(case):
    data, name, message = REFUSED[case]
    with pytest.raises(ImageRejected) as error:
        image_clean(io.BytesIO(data), name=name)
    assert name in str(error.value)
    assert message in str(error.value)


@pytest.mark.parametrize("case", ["svg", "jpeg with a zip appended", "bomb header", "over 10 MB"])
def test_an_entry_with_a_bad_file_writes_nothing(
    case, open_competition, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    data, name, message = REFUSED[case]
    logs = ModelLogEntry.objects.count()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(CompetitionError) as error,
    ):
        entry_submit(
            competition=open_competition,
            person=StaffFactory.create(),
            title="My design",
            description="A bold mark.",
            images=[(io.BytesIO(image_bytes("PNG")), "good.png"), (io.BytesIO(data), name)],
        )
    assert error.value.code == "bad_image"
    assert message in error.value.message
    assert not Entry.objects.exists()
    assert not EntryImage.objects.exists()
    assert not list(tmp_path.rglob("*.*"))
    assert ModelLogEntry.objects.count() == logs
    assert callbacks == []


@pytest.mark.parametrize(
    ("kind", "name", "extension"),
    [("PNG", "design.png", "png"), ("JPEG", "photo.jpeg", "jpg"), ("PNG", "misnamed.jpg", "png")],
)
def test_png_and_jpeg_are_accepted_by_content_and_re_encoded(kind, name, extension):
    original = image_bytes(kind, size=(120, 80))
    cleaned = image_clean(io.BytesIO(original), name=name)
    assert cleaned.extension == extension
    assert (cleaned.width, cleaned.height) == (120, 80)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.format == kind
        assert image.size == (120, 80)


def test_location_and_camera_metadata_do_not_survive():
    original = _jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:
        exif = image.getexif()
        assert exif[ExifTags.Base.Model] == "Snapper 3000"
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    cleaned = image_clean(io.BytesIO(original), name="photo.jpg")
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"Exif" not in cleaned.content
    assert b"Snapper" not in cleaned.content


def test_a_very_large_image_is_scaled_down_to_fit():
    cleaned = image_clean(io.BytesIO(image_bytes("PNG", size=(6000, 1000))), name="wide.png")
    assert (cleaned.width, cleaned.height) == (4000, 667)


def test_the_stored_image_is_the_cleaned_one(open_competition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_submit(
        competition=open_competition,
        person=StaffFactory.create(),
        title="Photo of our ward",
        description="Taken on my phone.",
        images=[(io.BytesIO(_jpeg_with_gps()), "IMG_0001.JPG")],
    )
    stored = entry.images.get()
    name = stored.image.name or ""
    assert name.endswith(".jpg")
    assert "IMG_0001" not in name
    content = stored.image.read()
    assert b"Exif" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()
    assert (stored.width, stored.height) == (64, 48)
    assert stored.alt_text == "Entry 1, Photo of our ward: image 1"
