"""Uploaded images: validated by content and normalised once, at upload, with Pillow.

Only JPEG, PNG and WebP are accepted, whatever the file name or Content-Type says. Every
image leaves as an upright, metadata-free RGB JPEG: EXIF (GPS included), ICC profiles and
comments are dropped (signatures alone leave as PNG, to keep a transparent background).
Pillow is imported on first use, not when a web worker starts.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
# Far below Pillow's own bomb threshold (~89 MP warns, ~179 MP raises). Pillow keeps 4 bytes
# a pixel. libjpeg decodes a big JPEG at 1/2–1/8 scale (draft), so a 40 MP photo costs about
# 40 MB; PNG and WebP always decode at full size, so they get a smaller cap: a 16 MP one
# costs 64 MB (a 140 KB transparent 36 MP PNG used to cost 700 MB).
MAX_PIXELS = 40_000_000
MAX_FULL_DECODE_PIXELS = 16_000_000
TOO_MANY_PIXELS = (
    "La imagen es demasiado grande: como máximo 40 megapíxeles en JPG y 16 en PNG o WebP. "
    "Redúcela e inténtalo de nuevo."
)
MAX_IMAGE_BYTES = 20 * 1024 * 1024
PHOTO_LONG_SIDE = 2000
THUMBNAIL_SIZE = (1280, 720)
AVATAR_SIZE = 256
SIGNATURE_BOX = (600, 200)
JPEG_QUALITY = 85


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message is for the user (Spanish)."""


@dataclass(frozen=True)
class NormalizedImage:
    data: bytes  # a baseline RGB JPEG without metadata
    width: int
    height: int


def _read_limited(upload: BinaryIO | bytes) -> bytes:
    data = upload if isinstance(upload, bytes) else upload.read(MAX_IMAGE_BYTES + 1)
    if not data:
        raise ImageRejected("El archivo está vacío.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected("La imagen supera los 20 MB.")
    return data


def _open_checked(data: bytes) -> PILImage:
    """Open, verify and return an image that is safe to decode (not yet decoded)."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow only warns about possible decompression bombs; refuse them instead.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            cap = MAX_PIXELS if probe.format == "JPEG" else MAX_FULL_DECODE_PIXELS
            if probe.width * probe.height > cap:
                raise ImageRejected(TOO_MANY_PIXELS)
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRejected("La imagen es demasiado grande para procesarla.") from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ImageRejected(
                "El archivo no es una imagen válida. Usa una foto JPG, PNG o WebP."
            ) from error
    return image


def _decode(image: PILImage, at_least: tuple[int, int]) -> PILImage:
    """Decode upright RGB pixels, letting libjpeg scale down by 1/2–1/8 on the way."""
    from PIL import ImageOps

    if image.format == "JPEG":
        # draft() picks the smallest DCT scale that still covers `at_least`.
        image.draft("RGB", at_least)
    try:
        image.load()
        # In place: without it Pillow returns a full-size copy even when nothing turns.
        ImageOps.exif_transpose(image, in_place=True)
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRejected("La imagen está dañada o incompleta.") from error
    return _to_rgb(image)


def _to_rgb(image: PILImage) -> PILImage:
    from PIL import Image

    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit and float greyscale: map to 8 bits instead of clipping to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA"):
        # Pasting RGBA onto RGB needs no converted copy; each full-size copy of a 40 MP
        # image costs 160 MB.
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _encode(image: PILImage) -> NormalizedImage:
    output = io.BytesIO()
    # No exif=/icc_profile= arguments, and nothing read from the upload: Pillow would write
    # the source's JPEG comment (say, a script in a JPEG+HTML polyglot) back out.
    image.info.clear()
    image.save(output, "JPEG", quality=JPEG_QUALITY)
    return NormalizedImage(output.getvalue(), image.width, image.height)


def _scaled_size(width: int, height: int, long_side: int) -> tuple[int, int]:
    scale = min(1.0, long_side / max(width, height))
    return math.ceil(width * scale), math.ceil(height * scale)


def normalize_photo(upload: BinaryIO | bytes, long_side: int = PHOTO_LONG_SIDE) -> NormalizedImage:
    """A recipe photo: upright, RGB, long side capped at `long_side`, JPEG."""
    from PIL import Image

    image = _open_checked(_read_limited(upload))
    image = _decode(image, _scaled_size(image.width, image.height, long_side))
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    return _encode(image)


EXIF_ORIENTATION = 0x0112
TURNED_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def _fill(upload: BinaryIO | bytes, size: tuple[int, int]) -> NormalizedImage:
    from PIL import Image, ImageOps

    image = _open_checked(_read_limited(upload))
    # Compare the target with the image as it will be shown (after EXIF rotation).
    sideways = image.getexif().get(EXIF_ORIENTATION) in TURNED_SIDEWAYS
    shown_width, shown_height = (image.height, image.width) if sideways else image.size
    ratio = min(1.0, max(size[0] / shown_width, size[1] / shown_height))
    needed = (math.ceil(image.width * ratio), math.ceil(image.height * ratio))
    image = _decode(image, needed)
    return _encode(ImageOps.fit(image, size, Image.Resampling.LANCZOS))


def make_thumbnail(upload: BinaryIO | bytes) -> NormalizedImage:
    """A course cover: exactly 1280×720, cropped to fill."""
    return _fill(upload, THUMBNAIL_SIZE)


def make_avatar(upload: BinaryIO | bytes) -> NormalizedImage:
    """A profile picture: a 256×256 square, cropped to fill."""
    return _fill(upload, (AVATAR_SIZE, AVATAR_SIZE))


def make_signature(upload: BinaryIO | bytes) -> NormalizedImage:
    """A signature for certificates: fitted inside 600×200 (never enlarged), upright and
    metadata-free, as a PNG. A transparent background stays transparent (RGBA); anything
    else is RGB, any alpha flattened on white."""
    from PIL import Image, ImageOps

    image = _open_checked(_read_limited(upload))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        try:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
        except (OSError, SyntaxError, ValueError) as error:
            raise ImageRejected("La imagen está dañada o incompleta.") from error
        image = image.convert("RGBA")
    else:
        # Either orientation of the box: the JPEG draft may not go below 600 on any side.
        image = _decode(image, (SIGNATURE_BOX[0], SIGNATURE_BOX[0]))
    image.thumbnail(SIGNATURE_BOX, Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.info.clear()  # no text chunks, ICC profile or EXIF carried over from the upload
    image.save(output, "PNG")
    return NormalizedImage(output.getvalue(), image.width, image.height)


def resized_jpeg(data: bytes, width: int) -> bytes:
    """A smaller copy of an already normalised JPEG (for galleries); never enlarged."""
    from PIL import Image

    image = _open_checked(data)
    height = max(1, round(image.height * width / image.width))
    image = _decode(image, (width, height))
    image.thumbnail((width, height), Image.Resampling.LANCZOS)
    return _encode(image).data
