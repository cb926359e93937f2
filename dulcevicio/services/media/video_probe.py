"""A local lesson video read before it is stored: its duration and a poster frame, with the
ffmpeg binary that the imageio-ffmpeg wheel carries.

ffmpeg runs as a list of arguments (never a shell) with a timeout, on a file the server
wrote itself. A file ffmpeg cannot give a duration and a picture for (corrupt, audio only)
is refused with a Spanish message before anything is stored.
"""

from __future__ import annotations

import logging
import re
import subprocess  # nosec B404: ffmpeg with fixed arguments, no shell (see _run)
from dataclasses import dataclass

log = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 20
FRAME_TIMEOUT_SECONDS = 20
MAX_DURATION_SECONDS = 24 * 3600
POSTER_AT = 0.1  # the poster is the frame at 10 % of the video: past a fade from black
POSTER_LATEST_SECONDS = 30.0  # ... but no further in (input seeking jumps, still cheap)
DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
VIDEO_STREAM = re.compile(r"Stream #\S+.*?: Video: ")


class VideoUnreadable(ValueError):
    """ffmpeg could not read the file as a video; the message is for the admin (Spanish)."""


class ProbeUnavailable(RuntimeError):
    """There is no ffmpeg to run here (the package or its binary is missing)."""


@dataclass(frozen=True)
class ProbedVideo:
    duration_seconds: float
    poster_jpeg: bytes | None  # None when no frame could be taken (the video still plays)


def ffmpeg_executable() -> str:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as error:
        raise ProbeUnavailable(str(error)) from error


def _run(arguments: list[str], timeout: int) -> subprocess.CompletedProcess:
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", *arguments]
    try:
        return subprocess.run(  # noqa: S603  # nosec B603: fixed arguments and our own path
            command, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise VideoUnreadable(
            "Leer el video tardó demasiado; revisa el archivo e inténtalo de nuevo."
        ) from error
    except OSError as error:
        raise ProbeUnavailable(str(error)) from error


def read_duration(path: str) -> float:
    """The video's length in seconds, from ffmpeg's reading of its container."""
    # With no output file ffmpeg exits with an error after printing what it read.
    answer = _run(["-i", path], PROBE_TIMEOUT_SECONDS)
    report = answer.stderr.decode("utf-8", "replace")
    match = DURATION.search(report)
    if not match:
        raise VideoUnreadable(
            "No pudimos leer la duración del video: el archivo parece dañado o incompleto."
        )
    if not VIDEO_STREAM.search(report):
        raise VideoUnreadable("El archivo no tiene imagen: sube un video, no solo audio.")
    hours, minutes, seconds = match.groups()
    duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    if not 0 < duration < MAX_DURATION_SECONDS:
        raise VideoUnreadable("No pudimos leer la duración del video.")
    return duration


def take_frame(path: str, at_seconds: float) -> bytes | None:
    """One JPEG frame at `at_seconds` (None when ffmpeg gives none)."""
    answer = _run(
        [
            "-loglevel",
            "error",
            "-ss",
            f"{at_seconds:.3f}",
            "-i",
            path,
            "-frames:v",
            "1",
            "-an",
            "-f",
            "image2pipe",
            "-c:v",
            "mjpeg",
            "-q:v",
            "3",
            "pipe:1",
        ],  # fmt: skip
        FRAME_TIMEOUT_SECONDS,
    )
    frame = answer.stdout
    if answer.returncode != 0 or not frame.startswith(b"\xff\xd8"):
        log.warning("no poster frame at %.1f s: %s", at_seconds, answer.stderr[-300:])
        return None
    return frame


def probe_video(path: str) -> ProbedVideo:
    """Duration and poster frame of the video file at `path` (raises VideoUnreadable or
    ProbeUnavailable)."""
    duration = read_duration(path)
    at = min(duration * POSTER_AT, POSTER_LATEST_SECONDS)
    return ProbedVideo(duration_seconds=duration, poster_jpeg=take_frame(path, at))
