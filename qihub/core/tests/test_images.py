"""Entry images: checked by content, re-encoded without metadata, and the bad ones refused.

Each refused file is refused with a message naming the file and what is wrong, and an entry
carrying one is not written at all: no entry, no image row, no file, no email, no log.
"""

import io
import subprocess
import sys
import zipfile

import pytest
from PIL import ExifTags, Image, ImageFile

from qihub.core.images import MAX_BYTES, ImageRejected, image_clean
from qihub.core.tests.factories import image_bytes
from qihub.core.tests.hostile_images import (
    APP1,
    APP2,
    COM,
    COMMENT,
    PLAIN_JPEG_MARKERS,
    PLAIN_PNG_CHUNKS,
    THUMBNAIL_MARK,
    animated_gif,
    animated_png,
    cmyk_jpeg,
    grey_png_16_bit,
    image_of,
    jpeg_carrying_everything,
    jpeg_segments,
    linear_grey_profile,
    mpo_photo,
    paletted_png_with_transparency,
    png_carrying_everything,
    png_chunks,
    png_claiming,
    png_of_rows,
    png_short_of_rows,
    png_with_profile,
    profile_swapping_red_and_green,
    progressive_jpeg,
    rotated_jpeg,
    tall_png,
    truncated_jpeg,
    truncated_png,
)


def jpeg_with_gps() -> bytes:
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


SIDE = "10,000"
INCOMPLETE = "is incomplete: part of the picture is missing. Save it again and upload the new file."
REFUSED = {
    "svg": (SVG, "design.svg", "is an SVG drawing; upload a PNG or JPEG image instead"),
    "svg named png": (SVG, "design.png", "is an SVG drawing"),
    "gif": (_gif(), "design.gif", "is not a PNG or JPEG image"),
    "gif named png": (_gif(), "design.png", "is not a PNG or JPEG image"),
    "jpeg with a zip appended": (_jpeg_zip_polyglot(), "design.jpg", "bytes of other data hidden"),
    "truncated png": (image_bytes("PNG")[:60], "design.png", "is not a complete PNG image"),
    "png damaged inside": (_png_damaged_inside(), "design.png", "is damaged or not a valid PNG"),
    "bomb header": (png_claiming(100_000, 100_000), "bomb.png", "too many pixels"),
    "too many pixels": (png_claiming(8_000, 8_000), "huge.png", "is 8000 × 8000 pixels"),
    "tall strip header": (png_claiming(1, 39_999_999), "strip.png", "is 1 × 39999999 pixels"),
    "wide strip header": (png_claiming(20_000, 1_000), "strip.png", f"at most {SIDE} pixels"),
    "jpeg cut short, end marker put back": (truncated_jpeg(), "cut.jpg", "is incomplete"),
    "progressive jpeg cut short": (truncated_jpeg(progressive=True), "cut.jpg", "is incomplete"),
    "png cut short, end chunk put back": (truncated_png(), "cut.png", "is incomplete"),
    "png whose pixels stop early": (png_short_of_rows(), "short.png", "is incomplete"),
    "grey png, colour profile": (
        png_with_profile("L", profile_swapping_red_and_green()),
        "grey.png",
        "has a colour profile that cannot be used; save it again in sRGB",
    ),
    "png, broken profile": (
        png_with_profile("RGB", b"not a colour profile"),
        "odd.png",
        "has a colour profile that cannot be used",
    ),
    "animated png": (animated_png(), "moving.png", "is animated; upload a still PNG or JPEG"),
    "animated gif named png": (animated_gif(), "moving.png", "is not a PNG or JPEG image"),
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
    original = jpeg_with_gps()
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


# Run in a process of its own, so the peak is this upload's alone. ru_maxrss is in kilobytes.
MEASURE_PEAK = """
import io, resource, sys
from qihub.core.images import ImageRejected, image_clean
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    image_clean(io.BytesIO(data), name="huge.png")
    print("accepted")
except ImageRejected as error:
    print(error)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def _refusal_and_peak_growth(data: bytes) -> tuple[str, int]:
    """The message refusing `data`, and how many kilobytes cleaning it added to the peak."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_PEAK], input=data, capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
    message, growth = result.stdout.decode().splitlines()
    return message, int(growth)


def test_a_tall_thin_png_is_refused_from_its_header_before_any_pixel_is_decoded():
    """1 × 39,999,999 pixels is under the pixel limit; decoding it took the process to ~1 GB."""
    data = tall_png()
    assert len(data) < 200_000
    message, growth = _refusal_and_peak_growth(data)
    assert message == f"huge.png is 1 × 39999999 pixels; each side can be at most {SIDE} pixels."
    assert growth < 10 * 1024  # the check adds less than 10 MB to the process's peak


def test_a_png_claiming_the_largest_size_allowed_with_no_pixels_costs_nothing_to_refuse():
    """10,000 × 4,000 is allowed; its pixels are counted as they are inflated, not decoded."""
    message, growth = _refusal_and_peak_growth(png_claiming(10_000, 4_000))
    assert message == f"huge.png {INCOMPLETE}"
    assert growth < 10 * 1024  # decoding would have taken 160 MB before finding rows missing


@pytest.mark.parametrize("size", [(10_001, 10), (10, 10_001)])
def test_a_real_image_longer_than_the_limit_on_either_side_is_refused(size):
    width, height = size
    with pytest.raises(ImageRejected) as error:
        image_clean(io.BytesIO(image_of("L", 0, "PNG", size=size)), name="long.png")
    assert str(error.value) == (
        f"long.png is {width} × {height} pixels; each side can be at most {SIDE} pixels."
    )


def test_an_image_at_the_side_limit_is_accepted_and_scaled_to_fit():
    cleaned = image_clean(io.BytesIO(image_of("L", 0, "PNG", size=(10_000, 10))), name="long.png")
    assert (cleaned.width, cleaned.height) == (4000, 4)


def test_a_jpeg_keeps_no_comment_exif_thumbnail_xmp_or_colour_profile():
    original = jpeg_carrying_everything()
    assert {COM, APP1, APP2} <= {marker for marker, _ in jpeg_segments(original)}
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.IFD1)  # the thumbnail is really there
    cleaned = image_clean(io.BytesIO(original), name="photo.jpg").content
    assert {marker for marker, _ in jpeg_segments(cleaned)} <= PLAIN_JPEG_MARKERS
    for secret in (COMMENT, THUMBNAIL_MARK, b"Snapper", b"Jo Bloggs", b"ICC_PROFILE", b"Exif"):
        assert secret not in cleaned, secret
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not {"comment", "exif", "xmp", "icc_profile"} & image.info.keys()


def test_a_png_keeps_no_text_exif_or_colour_profile():
    original = png_carrying_everything()
    assert {b"iCCP", b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"} <= set(png_chunks(original))
    cleaned = image_clean(io.BytesIO(original), name="design.png").content
    assert set(png_chunks(cleaned)) <= PLAIN_PNG_CHUNKS
    for secret in (COMMENT, THUMBNAIL_MARK, b"Snapper", b"Jo Bloggs", b"Ward 12"):
        assert secret not in cleaned, secret
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not {"icc_profile", "exif", "Comment", "Author", "Description"} & image.info.keys()


@pytest.mark.parametrize(
    ("data", "name", "tolerance"),
    [(png_carrying_everything(), "red.png", 2), (jpeg_carrying_everything(), "red.jpg", 12)],
)
def test_colours_under_a_profile_are_converted_to_srgb_before_it_is_dropped(data, name, tolerance):
    """Stored red under a profile whose red is green: viewers show green, and so must we."""
    cleaned = image_clean(io.BytesIO(data), name=name)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        red, green, blue = image.convert("RGB").getpixel((32, 24))  # type: ignore[misc]
    assert red <= tolerance
    assert green >= 255 - tolerance
    assert blue <= tolerance


# What each unusual but honest file becomes: (file, name, format, mode, a pixel, its colour).
ACCEPTED = {
    "cmyk jpeg": (cmyk_jpeg(), "print.jpg", "JPEG", "RGB", (5, 5), (255, 0, 0)),
    "16-bit grey png": (grey_png_16_bit(), "scan.png", "PNG", "L", (5, 5), 128),
    "grey png with a profile": (
        png_with_profile("L", linear_grey_profile()),
        "grey.png",
        "PNG",
        "L",
        (5, 5),
        188,
    ),
    "paletted png, transparent": (
        paletted_png_with_transparency(),
        "logo.png",
        "PNG",
        "RGBA",
        (15, 5),
        (0, 94, 184, 255),
    ),
    "progressive jpeg": (progressive_jpeg(), "photo.jpg", "JPEG", "RGB", (5, 5), (0, 94, 184)),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_unusual_but_honest_images_are_accepted_with_their_colours(case):
    data, name, kind, mode, pixel, colour = ACCEPTED[case]
    cleaned = image_clean(io.BytesIO(data), name=name)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert (image.format, image.mode) == (kind, mode)
        assert image.getpixel(pixel) == pytest.approx(colour, abs=8)


def test_the_transparent_part_of_a_palette_image_stays_transparent():
    cleaned = image_clean(io.BytesIO(paletted_png_with_transparency()), name="logo.png")
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.getchannel("A").getpixel((5, 5)) == 0


def test_a_photo_taken_sideways_is_turned_upright_then_scaled():
    original = rotated_jpeg((6000, 1000))
    cleaned = image_clean(io.BytesIO(original), name="sideways.jpg")
    assert (cleaned.width, cleaned.height) == (667, 4000)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (667, 4000)
        assert not image.getexif()


def test_pillow_is_not_told_to_accept_truncated_images():
    """With every app loaded, nothing has switched on Pillow's "load truncated images"."""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize(
    ("depth", "colour_type", "interlaced"),
    [
        (1, 0, False),  # black and white
        (4, 0, True),
        (16, 0, False),  # 16-bit grey
        (16, 2, True),  # 16-bit colour, interlaced
        (2, 3, False),  # a 4-colour palette
        (8, 3, True),
        (16, 4, False),  # 16-bit grey with alpha
        (8, 6, True),
        (16, 6, False),
    ],
)
def test_every_png_pixel_layout_is_found_complete(depth, colour_type, interlaced):
    """The check that a PNG's rows are all there counts right for every depth and interlacing."""
    data = png_of_rows((13, 7), depth=depth, colour_type=colour_type, interlaced=interlaced)
    cleaned = image_clean(io.BytesIO(data), name="layout.png")
    assert (cleaned.width, cleaned.height) == (13, 7)


def test_a_photo_with_a_colour_profile_taken_sideways_is_turned_upright_and_converted():
    original = rotated_jpeg((60, 40), icc_profile=profile_swapping_red_and_green())
    cleaned = image_clean(io.BytesIO(original), name="sideways.jpg")
    assert (cleaned.width, cleaned.height) == (40, 60)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        red, green, _ = image.getpixel((20, 30))  # type: ignore[misc]
    assert (red, green) == pytest.approx((94, 0), abs=12)  # stored (0, 94, …) under the swap


def test_a_transparent_png_with_a_colour_profile_keeps_its_transparency():
    original = png_with_profile("RGBA", profile_swapping_red_and_green(), (255, 0, 0, 100))
    cleaned = image_clean(io.BytesIO(original), name="logo.png")
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((5, 5)) == pytest.approx((0, 255, 0, 100), abs=2)


def test_a_two_picture_jpeg_keeps_only_its_first_picture():
    cleaned = image_clean(io.BytesIO(mpo_photo()), name="stereo.jpg")
    assert {marker for marker, _ in jpeg_segments(cleaned.content)} <= PLAIN_JPEG_MARKERS
    assert cleaned.content.count(b"\xff\xd8") == 1  # one start of image: one picture
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.format == "JPEG"
        assert image.getpixel((5, 5)) == pytest.approx((255, 0, 0), abs=8)
