"""Hostile and unusual image files, built byte by byte, and readers for what a file carries.

The builders make what an attacker or an odd program would send: a PNG that decompresses to a
tall thin strip, a JPEG cut short but still ending in an end-of-image marker, files carrying
comments, colour profiles, EXIF thumbnails and text. The readers list a file's segments or
chunks straight from its bytes, so a test sees what is stored, not only what Pillow reports.
"""

import functools
import io
import struct
import zlib

from PIL import Image, PngImagePlugin

from qihub.core.tests.factories import image_bytes

# The chunks a plain PNG needs: header, palette, transparency, pixels, end.
PLAIN_PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
# The segments a plain JPEG needs before its pixels: JFIF header, quantisation and Huffman
# tables, frame header, restart interval. Every other APPn (EXIF, XMP, ICC profile, MPF) and
# COM (a comment) is metadata.
PLAIN_JPEG_MARKERS = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD}
COM, APP1, APP2 = 0xFE, 0xE1, 0xE2


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_chunks(data: bytes) -> list[bytes]:
    """The type of each chunk of a PNG, in order."""
    kinds, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kinds.append(data[position + 4 : position + 8])
        position += 12 + length
    return kinds


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """Each marker of a JPEG before its compressed pixels (start of scan), with its payload."""
    segments, position = [], 2
    while data[position + 1] != 0xDA:
        marker = data[position + 1]
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segments.append((marker, data[position + 4 : position + 2 + length]))
        position += 2 + length
    return segments


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims width × height pixels: a bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


@functools.cache
def tall_png() -> bytes:
    """A real PNG of 1 × 39,999,999 black pixels: under the pixel limit, about 150 KB on disk.

    Its rows are all there (each a filter byte and one RGB pixel), so decoding it succeeds; the
    decoded strip and its per-row bookkeeping took the unfixed cleaner to about a gigabyte.
    """
    height = 39_999_999
    compressor = zlib.compressobj(9)
    rows = b"\x00" * 4 * 1_000_000  # a million rows at a time keeps this test's own memory low
    idat = [compressor.compress(rows) for _ in range(height // 1_000_000)]
    idat += [compressor.compress(b"\x00" * 4 * (height % 1_000_000)), compressor.flush()]
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, height, 8, 2, 0, 0, 0))
        + png_chunk(b"IDAT", b"".join(idat))
        + png_chunk(b"IEND", b"")
    )


# Adam7 interlacing, from the PNG standard: each pass's first column and row, its steps across
# and down.
ADAM7_PASSES = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4)]
ADAM7_PASSES += [(1, 0, 2, 2), (0, 1, 1, 2)]


def png_of_rows(
    size: tuple[int, int], *, depth: int, colour_type: int, interlaced: bool = False
) -> bytes:
    """A PNG written from raw rows, in any bit depth and colour type, interlaced or not.

    Every byte of every row is 0x55 (grey, or a mid colour; in a palette image, colour 0x55's
    bits), so the rows are valid for every layout.
    """
    width, height = size
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    passes = ADAM7_PASSES if interlaced else [(0, 0, 1, 1)]
    raw = b""
    for left, top, across, down in passes:
        columns = len(range(left, width, across))
        rows = len(range(top, height, down))
        if columns and rows:
            raw += (b"\x00" + b"\x55" * ((columns * channels * depth + 7) // 8)) * rows
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, int(interlaced))
    palette = png_chunk(b"PLTE", bytes(range(256)) * 3) if colour_type == 3 else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + palette
        + png_chunk(b"IDAT", zlib.compress(raw))
        + png_chunk(b"IEND", b"")
    )


def png_short_of_rows() -> bytes:
    """A well-formed PNG whose compressed pixels hold only half the rows its header promises."""
    whole = png_of_rows((40, 30), depth=8, colour_type=2)
    header = whole[:33]
    rows = zlib.decompress(whole[41:-16])
    return (
        header + png_chunk(b"IDAT", zlib.compress(rows[: len(rows) // 2])) + png_chunk(b"IEND", b"")
    )


def _noise_jpeg(**save: object) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 64).convert("RGB").save(buffer, format="JPEG", **save)
    return buffer.getvalue()


def truncated_jpeg(**save: object) -> bytes:
    """A JPEG cut off halfway through its pixels, with an end-of-image marker (FFD9) put back."""
    whole = _noise_jpeg(**save)
    return whole[: len(whole) // 2] + b"\xff\xd9"


def truncated_png() -> bytes:
    """A PNG cut off halfway through its pixels, with an end chunk (IEND) put back."""
    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 64).convert("RGB").save(buffer, format="PNG")
    whole = buffer.getvalue()
    return whole[: len(whole) // 2] + png_chunk(b"IEND", b"")


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _icc(space: bytes, tags: dict[bytes, bytes]) -> bytes:
    """A minimal ICC v2 display profile (header, tag table, tags) that LittleCMS accepts."""
    table_size = 4 + 12 * len(tags)
    offset, entries, body = 128 + table_size, b"", b""
    for signature, data in tags.items():
        padded = data + b"\x00" * (-len(data) % 4)
        entries += signature + struct.pack(">II", offset + len(body), len(data))
        body += padded
    size = 128 + table_size + len(body)
    header = (
        struct.pack(">I", size)
        + b"\x00" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntr"
        + space
        + b"XYZ "
        + b"\x00" * 12
        + b"acsp"
        + b"\x00" * 28
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\x00" * 48
    )
    return header + struct.pack(">I", len(tags)) + entries + body


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


def _gamma(value: float) -> bytes:
    return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(value * 256))


def _description(text: str) -> bytes:
    ascii_text = text.encode() + b"\x00"
    return (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + b"\x00" * 8
        + b"\x00" * 3
        + b"\x00" * 67
    )


# sRGB's primaries adapted to D50, the profile connection space's white (from sRGB.icc).
SRGB_RED, SRGB_GREEN, SRGB_BLUE = (
    (0.4361, 0.2225, 0.0139),
    (0.3851, 0.7169, 0.0971),
    (0.1431, 0.0606, 0.7141),
)


def profile_swapping_red_and_green() -> bytes:
    """An RGB profile whose first channel is sRGB's green and second is sRGB's red.

    A pixel stored as (255, 0, 0) under it *is* green: a cleaner that drops the profile without
    converting shows it red, one that converts it to sRGB shows it green.
    """
    return _icc(
        b"RGB ",
        {
            b"desc": _description("Swapped red and green"),
            b"wtpt": _xyz(0.9642, 1.0, 0.8249),
            b"rXYZ": _xyz(*SRGB_GREEN),
            b"gXYZ": _xyz(*SRGB_RED),
            b"bXYZ": _xyz(*SRGB_BLUE),
            b"rTRC": _gamma(2.2),
            b"gTRC": _gamma(2.2),
            b"bTRC": _gamma(2.2),
        },
    )


def linear_grey_profile() -> bytes:
    """A greyscale profile with a straight-line tone curve: stored 128 is sRGB's light grey."""
    return _icc(
        b"GRAY",
        {
            b"desc": _description("Linear grey"),
            b"wtpt": _xyz(0.9642, 1.0, 0.8249),
            b"kTRC": _gamma(1.0),
        },
    )


THUMBNAIL_MARK = b"thumbnail-of-the-original-photo"


def exif_with_camera_and_thumbnail() -> bytes:
    """Raw EXIF (APP1 payload): the camera model in IFD0 and a JPEG thumbnail in IFD1."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (255, 255, 0)).save(buffer, format="JPEG", comment=THUMBNAIL_MARK)
    thumbnail = buffer.getvalue()
    model = b"Snapper 3000\x00"
    # Layout: TIFF header (8), IFD0 with one entry (18), the model (13), IFD1 with two (30).
    ifd1 = 8 + 18 + len(model)
    thumbnail_at = ifd1 + 30
    tiff = (
        b"MM\x00\x2a"
        + struct.pack(">I", 8)
        + struct.pack(">HHHII", 1, 0x0110, 2, len(model), 8 + 18)
        + struct.pack(">I", ifd1)
        + model
        + struct.pack(">H", 2)
        + struct.pack(">HHII", 0x0201, 4, 1, thumbnail_at)
        + struct.pack(">HHII", 0x0202, 4, 1, len(thumbnail))
        + struct.pack(">I", 0)
    )
    return b"Exif\x00\x00" + tiff + thumbnail


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>creator: Jo Bloggs</rdf:RDF></x:xmpmeta>'
COMMENT = b"Taken in bay 4 of Ward 12 with Mrs Smith"


def jpeg_carrying_everything() -> bytes:
    """A red photo with a comment, EXIF (camera, thumbnail), XMP and a colour profile."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (255, 0, 0)).save(
        buffer,
        format="JPEG",
        quality=95,
        comment=COMMENT,
        exif=exif_with_camera_and_thumbnail(),
        xmp=XMP,
        icc_profile=profile_swapping_red_and_green(),
    )
    return buffer.getvalue()


def png_carrying_everything() -> bytes:
    """A red PNG with a colour profile, EXIF and text in all three kinds of text chunk."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", COMMENT.decode())
    text.add_text("Author", "Jo Bloggs", zip=True)  # zTXt
    text.add_itxt("Description", "Bay 4, Ward 12", lang="en")
    text.add(b"tIME", struct.pack(">HBBBBB", 2025, 1, 2, 3, 4, 5))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (255, 0, 0)).save(
        buffer,
        format="PNG",
        pnginfo=text,
        exif=exif_with_camera_and_thumbnail()[6:],  # a PNG's eXIf chunk has no "Exif" prefix
        icc_profile=profile_swapping_red_and_green(),
    )
    return buffer.getvalue()


def png_with_profile(mode: str, profile: bytes, colour: object = 128) -> bytes:
    """A PNG carrying whatever profile it is given, even one for other colours or none at all."""
    buffer = io.BytesIO()
    Image.new(mode, (20, 10), colour).save(  # type: ignore[arg-type]
        buffer, format="PNG", icc_profile=profile
    )
    return buffer.getvalue()


def animated_png() -> bytes:
    frames = [Image.new("RGB", (20, 10), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 10), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def cmyk_jpeg() -> bytes:
    """Pure red, as print software saves it: cyan 0, magenta and yellow full, black 0."""
    return image_of("CMYK", (0, 255, 255, 0), "JPEG")


def grey_png_16_bit() -> bytes:
    """Mid grey at 16 bits per pixel (32768 of 65535)."""
    return image_of("I;16", 32768, "PNG")


def paletted_png_with_transparency() -> bytes:
    """A palette image: the left half colour 0 (transparent), the right half colour 1 (blue)."""
    image = Image.new("P", (20, 10), 0)
    image.putpalette([255, 255, 255, 0, 94, 184])
    image.paste(1, (10, 0, 20, 10))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)
    return buffer.getvalue()


def progressive_jpeg() -> bytes:
    return image_bytes("JPEG", size=(320, 240), progressive=True, quality=95)


def image_of(mode: str, colour: object, kind: str, size: tuple[int, int] = (20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=kind)  # type: ignore[arg-type]
    return buffer.getvalue()


def rotated_jpeg(size: tuple[int, int], **save: object) -> bytes:
    """A JPEG stored sideways with an EXIF orientation saying "turn it 90° clockwise"."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return image_bytes("JPEG", size=size, exif=exif, **save)


def mpo_photo() -> bytes:
    """A two-picture JPEG (MPO, as some cameras save a stereo pair): red, then blue."""
    frames = [Image.new("RGB", (20, 10), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="MPO", save_all=True, append_images=frames[1:])
    return buffer.getvalue()
