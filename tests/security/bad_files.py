"""Hostile files, generated at test time: bombs, impostors, polyglots and broken images.

The well-formed images and videos come from tests/media.py; this module adds the files an
attacker (or an unlucky phone) would send. Nothing here is ever committed as a binary.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests import media

PHP = b"<?php system($_GET['c']); ?>\n"
SCRIPT = b"<script>alert(document.domain)</script>"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A genuine RGB PNG of `width`×`height` black pixels: a few hundred KB that would
    decode to width×height×3 bytes. Compressed row by row, so making it costs no memory."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * width)  # filter byte + pixels
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


def transparent_png_bomb(side: int) -> bytes:
    """A fully transparent square PNG: tiny on disk, 4 bytes a pixel once decoded."""
    output = io.BytesIO()
    Image.new("RGBA", (side, side), (0, 0, 0, 0)).save(output, "PNG")
    return output.getvalue()


def png_text_bomb(megabytes: int = 64) -> bytes:
    """A small valid PNG carrying a zTXt chunk that inflates to `megabytes` MB."""
    compressor = zlib.compressobj(9)
    block = b"\x00" * (1024 * 1024)
    text = b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()
    source = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(source, "PNG")
    data = source.getvalue()
    signature_and_header = data[: 8 + 25]  # signature + IHDR chunk
    return signature_and_header + _png_chunk(b"zTXt", b"Comment\x00\x00" + text) + data[33:]


def gif_bomb(width: int = 65_535, height: int = 65_535) -> bytes:
    """A GIF whose screen and single frame claim `width`×`height`, with almost no data."""
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00" * 6
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return header + frame + b"\x02\x02\x4c\x01\x00" + b"\x3b"


def jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny JPEG whose frame header (SOF0) claims `width`×`height` pixels."""
    data = bytearray(media.jpeg((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def truncated_png() -> bytes:
    data = media.transparent_png()
    return data[: len(data) // 2]


def jpeg_html_polyglot() -> bytes:
    """A valid JPEG that is also an HTML page: the script rides in a comment segment and
    after the end-of-image marker."""
    data = media.jpeg((120, 90))
    comment = b"\xff\xfe" + struct.pack(">H", len(SCRIPT) + 2) + SCRIPT
    return data[:2] + comment + data[2:] + b"<html><body>" + SCRIPT + b"</body></html>"


def html_then_jpeg() -> bytes:
    """HTML first, a real JPEG after it: not a JPEG by its first bytes."""
    return b"<!doctype html><html><body>" + SCRIPT + b"</body></html>" + media.jpeg((40, 30))


def bmp() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, "BMP")
    return output.getvalue()


def tiff() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, "TIFF")
    return output.getvalue()


def one_pixel_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (1, 1), "red").save(output, "PNG")
    return output.getvalue()


def extreme_ratio_png() -> bytes:
    """A legitimate but absurd 20000×1 strip (the covers and avatars crop it)."""
    output = io.BytesIO()
    Image.new("RGB", (20_000, 1), "red").save(output, "PNG")
    return output.getvalue()


def is_rgb_jpeg(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return image.format == "JPEG" and image.mode == "RGB"
