"""Checking and cleaning uploaded entry images.

An upload is accepted only if its *content* is a well-formed PNG or JPEG (the name and the
browser's content type are ignored), it is no larger than 10 MB, it does not decompress to more
than MAX_PIXELS, and nothing is hidden after the image's end marker (the mark of a polyglot file,
such as a JPEG that is also a ZIP or an HTML page). The image is then re-encoded from its pixels,
so no metadata (GPS location, camera, comments, embedded profiles or thumbnails) survives.
"""

import io
import warnings
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000: far above any sensible design, far below a bomb
MAX_SIDE = 4000  # re-encoded images are scaled to fit this, which also bounds storage
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_END = b"IEND\xaeB`\x82"
JPEG_END = b"\xff\xd9"
TRAILING_SLACK = 16  # some cameras pad a few bytes after the end marker


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message says why, for the person uploading."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


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


def image_clean(file: IO[bytes], *, name: str) -> CleanImage:
    """Check an uploaded image by its content and return it re-encoded without metadata."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(f"{name} is larger than 10 MB.")
    if not data:
        raise ImageRejected(f"{name} is empty.")
    kind = _check_container(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ImageRejected(
                        f"{name} is {width} × {height} pixels; the largest allowed is "
                        f"{MAX_PIXELS // 1_000_000} million pixels."
                    )
                probe.load()
                image = ImageOps.exif_transpose(probe)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(f"{name} decompresses to too many pixels.") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageRejected(f"{name} is damaged or not a valid {kind} image.") from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    output = io.BytesIO()
    if kind == "PNG":
        if image.mode not in {"RGB", "RGBA", "L", "LA"}:
            image = image.convert("RGBA")
        image.save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        image = image.convert("RGB")
        image.save(output, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return CleanImage(output.getvalue(), extension, image.width, image.height)
