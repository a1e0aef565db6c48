"""Checking and cleaning uploaded images (competition entries, and the back office's own uploads).

An upload is accepted only if its *content* is a well-formed, complete, still PNG or JPEG (the
name and the browser's content type are ignored) and:
- it is no larger than 10 MB;
- neither side is longer than MAX_DIMENSION and it has no more than MAX_PIXELS in all, both read
  from the header before any pixel is decoded (a thin strip can cost as much memory as a square);
- its pixels are all there: a JPEG whose data stops early is refused even if it ends in an
  end-of-image marker (libjpeg would fill the rest with grey), as is a PNG whose compressed
  pixels end before its last row (Pillow would fill the rest with black);
- nothing is hidden after the image's end marker (the mark of a polyglot file, such as a JPEG
  that is also a ZIP or an HTML page).

The image is then turned upright (EXIF orientation), converted to sRGB if it carries a colour
profile (so its colours look as they did; a profile that cannot be read or is for other colours
than the image's is refused), scaled to fit MAX_SIDE and re-encoded from its pixels
alone, so no metadata survives: no EXIF (GPS location, camera, thumbnail), XMP, comments (JPEG
COM segments, PNG text chunks) or colour profiles.
"""

import io
import struct
import warnings
import zlib
from dataclasses import dataclass
from typing import IO

import simplejpeg
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000: far above any sensible design, far below a bomb
MAX_DIMENSION = 10_000  # per side: a 10,000 × 4,000 panorama fits, a 1 × 39,999,999 strip does not
MAX_SIDE = 4000  # re-encoded images are scaled to fit this, which also bounds storage
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_END = b"IEND\xaeB`\x82"
JPEG_END = b"\xff\xd9"
TRAILING_SLACK = 16  # some cameras pad a few bytes after the end marker
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# The mode each decoded mode is cleaned in: 8 bits a channel, alpha kept, palettes expanded.
# CMYK stays CMYK until its colour profile (or, without one, a plain conversion) makes it RGB.
PLAIN_MODES = {"1": "L", "L": "L", "LA": "LA", "P": "RGB", "PA": "RGBA", "RGB": "RGB"}
WITH_ALPHA = {"L": "LA", "RGB": "RGBA"}
# The mode a colour profile's colour space describes.
PROFILE_MODES = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by the header's colour type
# Adam7 interlacing: each pass's first column and row, and its steps across and down.
ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message says why, for the person uploading."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


def _incomplete(name: str) -> ImageRejected:
    return ImageRejected(
        f"{name} is incomplete: part of the picture is missing. "
        "Save it again and upload the new file."
    )


def _check_container(data: bytes, name: str) -> str:
    if data.startswith(PNG_SIGNATURE):
        end = data.rfind(PNG_END)
        if end == -1:
            raise ImageRejected(f"{name} is not a complete PNG image.")
        trailing = len(data) - (end + len(PNG_END))
        kind = "PNG"
    elif data.startswith(JPEG_SIGNATURE):
        end = data.rfind(JPEG_END)
        if end == -1:
            raise ImageRejected(f"{name} is not a complete JPEG image.")
        trailing = len(data) - (end + len(JPEG_END))
        kind = "JPEG"
    else:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
            raise ImageRejected(f"{name} is an SVG drawing; upload a PNG or JPEG image instead.")
        raise ImageRejected(f"{name} is not a PNG or JPEG image.")
    if trailing > TRAILING_SLACK:
        raise ImageRejected(
            f"{name} has {trailing} bytes of other data hidden after the image; "
            "save it again as a plain PNG or JPEG."
        )
    return kind


def _check_size(width: int, height: int, name: str) -> None:
    if max(width, height) > MAX_DIMENSION:
        raise ImageRejected(
            f"{name} is {width} × {height} pixels; "
            f"each side can be at most {MAX_DIMENSION:,} pixels."
        )
    if width * height > MAX_PIXELS:
        raise ImageRejected(
            f"{name} is {width} × {height} pixels; the largest allowed is "
            f"{MAX_PIXELS // 1_000_000} million pixels."
        )


def _check_jpeg_complete(data: bytes, name: str) -> None:
    """Refuse a JPEG whose compressed data stops early or is corrupt.

    Pillow's decoder keeps quiet about libjpeg's warnings, so a JPEG cut short but ending in an
    end-of-image marker decodes "successfully", grey where its data is missing. libjpeg-turbo,
    asked through simplejpeg to stop on warnings, does not; decoding at an eighth of the size
    (min_width/min_height of 1) still reads every byte of the compressed data, for little memory.
    """
    try:
        colour_space = simplejpeg.decode_jpeg_header(data)[2]
        simplejpeg.decode_jpeg(
            data,
            colorspace="CMYK" if colour_space in {"CMYK", "YCCK"} else "GRAY",
            min_width=1,
            min_height=1,
            strict=True,
        )
    except ValueError as error:
        if "premature end" in str(error).lower():
            raise _incomplete(name) from error
        raise ImageRejected(f"{name} is damaged or not a valid JPEG image.") from error


def _png_pixel_bytes(data: bytes) -> int:
    """How many bytes of filtered rows the PNG's header promises its compressed pixels hold."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    bits = depth * PNG_CHANNELS.get(colour, 4)
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    total = 0
    for x, y, across, down in passes:
        columns, rows = -(-(width - x) // across), -(-(height - y) // down)
        if columns > 0 and rows > 0:
            total += rows * (1 + (columns * bits + 7) // 8)
    return total


def _check_png_complete(data: bytes, size: tuple[int, int], name: str) -> None:
    """Refuse a PNG whose compressed pixels end before the last row its header promises.

    Pillow fills the missing rows with black and says nothing, as libjpeg does with grey. The
    pixels are inflated a megabyte at a time and only counted, never kept. The header must be
    the first chunk, as the standard says, and the one Pillow decodes by.
    """
    damaged = ImageRejected(f"{name} is damaged or not a valid PNG image.")
    if data[12:16] != b"IHDR" or struct.unpack(">II", data[16:24]) != size:
        raise damaged
    expected, inflated, position = _png_pixel_bytes(data), 0, 8
    inflater = zlib.decompressobj()
    try:
        while position + 8 <= len(data) and inflated < expected:
            length, kind = struct.unpack(">I4s", data[position : position + 8])
            if kind == b"IDAT":
                pending = data[position + 8 : position + 8 + length]
                while pending and inflated < expected:
                    inflated += len(inflater.decompress(pending, 1 << 20))
                    pending = inflater.unconsumed_tail
            position += 12 + length
    except zlib.error as error:
        raise damaged from error
    if inflated < expected:
        raise _incomplete(name)


def _plain(image: Image.Image) -> Image.Image:
    """The image in L, LA, RGB, RGBA or CMYK: 16-bit grey scaled down, not clipped to white."""
    mode = image.mode
    if mode.startswith("I"):
        alpha = image.convert("LA").getchannel("A") if "transparency" in image.info else None
        image = image.point(lambda value: value / 256).convert("L")
        if alpha is not None:
            image.putalpha(alpha)
        return image
    target = PLAIN_MODES.get(mode, mode if mode in {"RGBA", "CMYK"} else "RGBA")
    if "transparency" in image.info:  # a transparent colour (tRNS) becomes an alpha channel
        target = "RGBA" if mode in {"P", "PA"} else WITH_ALPHA.get(target, target)
    return image if target == mode else image.convert(target)


def _in_srgb(image: Image.Image, name: str) -> Image.Image:
    """The image's colours converted from its embedded profile, if any, to sRGB; then RGB."""
    icc = image.info.get("icc_profile")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            colours = image.mode.removesuffix("A")
            if PROFILE_MODES.get(profile.profile.xcolor_space.strip()) != colours:
                raise ImageCms.PyCMSError("the profile is for other colours than the image's")
            alpha = image.getchannel("A") if image.mode.endswith("A") else None
            converted = ImageCms.profileToProfile(
                image.convert(colours) if alpha is not None else image,
                profile,
                SRGB,
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError) as error:
            raise ImageRejected(
                f"{name} has a colour profile that cannot be used; save it again in sRGB."
            ) from error
        assert converted is not None
        image = converted.convert("L") if colours == "L" else converted
        if alpha is not None:
            image.putalpha(alpha)
    return image.convert("RGB") if image.mode == "CMYK" else image


def _decoded(data: bytes, kind: str, name: str) -> Image.Image:
    """Decode the image, after checking from its header that it is small enough and still."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[kind]) as probe:
            width, height = probe.size
            _check_size(width, height, name)
            if kind == "PNG":
                if getattr(probe, "is_animated", False):
                    raise ImageRejected(f"{name} is animated; upload a still PNG or JPEG image.")
                _check_png_complete(data, probe.size, name)
            scale = MAX_SIDE / max(width, height)
            if scale < 1:
                # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size, much more cheaply;
                # Pillow picks the smallest still at least the size it is scaled to below.
                probe.draft(None, (int(width * scale), int(height * scale)))
            probe.load()
            # Upright first: converting colours drops the EXIF that says which way is up.
            ImageOps.exif_transpose(probe, in_place=True)
            return _in_srgb(_plain(probe), name)


def image_clean(file: IO[bytes], *, name: str) -> CleanImage:
    """Check an uploaded image by its content and return it re-encoded without metadata."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(f"{name} is larger than 10 MB.")
    if not data:
        raise ImageRejected(f"{name} is empty.")
    kind = _check_container(data, name)
    if kind == "JPEG":
        _check_jpeg_complete(data, name)
    try:
        image = _decoded(data, kind, name)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(f"{name} decompresses to too many pixels.") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if "truncated" in str(error):
            raise _incomplete(name) from error
        raise ImageRejected(f"{name} is damaged or not a valid {kind} image.") from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # Pillow writes some of what it read back out (a JPEG's comment, a PNG's colour profile);
    # the pixels, and a PNG's transparency now in its alpha channel, are all that is kept.
    image.info = {}
    output = io.BytesIO()
    if kind == "PNG":
        image.save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        image = image if image.mode == "L" else image.convert("RGB")
        image.save(output, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return CleanImage(output.getvalue(), extension, image.width, image.height)
