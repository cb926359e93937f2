"""Files generated at test time: images in every shape we must accept or refuse, videos."""

from __future__ import annotations

import functools
import io
import os
import struct
import subprocess
import tempfile
import zlib

import imageio_ffmpeg
from PIL import Image, ImageDraw

EXIF_ORIENTATION = 0x0112
GPS_IFD = 0x8825


def jpeg(size=(640, 480), colour=(200, 120, 80), **save_options) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, "JPEG", quality=90, **save_options)
    return output.getvalue()


def sideways_phone_photo() -> bytes:
    """Stored landscape (left half red, right half blue) with EXIF Orientation=6 and GPS."""
    image = Image.new("RGB", (400, 200), "blue")
    ImageDraw.Draw(image).rectangle((0, 0, 199, 199), fill="red")
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6  # "rotate 90° clockwise to display"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (40.0, 25.0, 1.0)
    gps[3], gps[4] = "W", (3.0, 42.0, 2.0)
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, quality=95)
    return output.getvalue()


def transparent_png() -> bytes:
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 50, 200, 150), fill=(0, 128, 0, 255))
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def cmyk_jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("CMYK", (200, 200), (0, 200, 200, 0)).save(output, "JPEG")
    return output.getvalue()


def sixteen_bit_png() -> bytes:
    image = Image.new("I;16", (200, 100))
    for x in range(200):
        for y in range(100):
            image.putpixel((x, y), x * 300)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def webp() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 200, 180)).save(output, "WEBP")
    return output.getvalue()


def gif() -> bytes:
    output = io.BytesIO()
    Image.new("P", (50, 50)).save(output, "GIF")
    return output.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def truncated_jpeg() -> bytes:
    data = jpeg((800, 600))
    return data[: len(data) // 2]


@functools.cache
def video(extension: str = "mp4", seconds: float = 2, size: str = "160x120") -> bytes:
    """A real, tiny video (test pattern, no sound) made with the ffmpeg that imageio-ffmpeg
    carries: the server reads its duration and takes a poster frame from it."""
    codec = ["-c:v", "libvpx", "-b:v", "100k"] if extension == "webm" else ["-c:v", "libx264"]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"clip.{extension}")
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y", "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=10",
            *codec, "-pix_fmt", "yuv420p", "-fflags", "+bitexact", path,
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603
        with open(path, "rb") as clip:
            return clip.read()


def sound_only_mp4() -> bytes:
    """An MP4 with sound and no picture: no lesson video."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "sound.mp4")
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y", "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", path,
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603
        with open(path, "rb") as clip:
            return clip.read()


def mp4(size: int = 4096) -> bytes:
    """A real 2-second MP4, padded to at least `size` bytes with a `free` box (which every
    reader skips)."""
    data = video("mp4")
    padding = size - len(data)
    if padding < 8:
        return data
    return data + struct.pack(">I", padding) + b"free" + b"\x00" * (padding - 8)


def webm(size: int = 4096) -> bytes:
    """A real 2-second WebM, padded to at least `size` bytes with an EBML Void element."""
    data = video("webm")
    padding = size - len(data)
    if padding < 9:
        return data
    # Void (0xEC) with an 8-byte size field: 0x01 then 7 bytes of length.
    return data + b"\xec\x01" + (padding - 9).to_bytes(7, "big") + b"\x00" * (padding - 9)


def corrupt_mp4(size: int = 4096) -> bytes:
    """Passes the content check (an ftyp box) but is no video: filler after the box."""
    box = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2"
    return box + b"\x00" * (size - len(box))
