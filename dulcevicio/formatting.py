"""Spanish formatting of dates (in the configured time zone), durations and sizes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_timedelta
from babel.numbers import format_decimal
from flask import current_app

from dulcevicio.models import utcnow

# Parsed once: Babel parses a locale *name* again on every call (a third of the cost).
LOCALE = Locale.parse("es")


def masked_email(email: str) -> str:
    """a***@gmail.com: enough for her to recognise, not enough to write to her (the
    stamped recipe book and the player's watermark show it)."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else f"{local[:1]}***"


def local_time(value: datetime) -> datetime:
    return value.astimezone(ZoneInfo(current_app.config["APP_TIMEZONE"]))


def long_date(value: datetime | date | None) -> str:
    """'12 de enero de 2027': an instant's day in the app's time zone, or a calendar day
    (a payment's date) as it is."""
    if not value:
        return ""
    return _long_date(local_time(value).date() if isinstance(value, datetime) else value)


@lru_cache(maxsize=1024)
def _long_date(day: date) -> str:
    # Lists show the same few days over and over (an admin list, "vence el ...").
    return format_date(day, format="long", locale=LOCALE)


def long_datetime(value: datetime | None) -> str:
    """'12 de enero de 2027, 18:30'."""
    if not value:
        return ""
    # The day as `long_date` words it (cached), the time by strftime: a forum page shows
    # one per comment, and Babel's whole pattern took ~30 µs each.
    local = local_time(value)
    return f"{_long_date(local.date())}, {local:%H:%M}"


def time_ago(value: datetime | None) -> str:
    """'hace 3 días'."""
    if not value:
        return ""
    seconds = (value - utcnow()).total_seconds()
    if abs(seconds) >= 3600:  # shown in hours or more: to the minute changes nothing
        seconds = round(seconds / 60) * 60
    return _time_ago(seconds)


@lru_cache(maxsize=4096)
def _time_ago(seconds: float) -> str:
    # Lists show dozens of these (forum comments, renewals): Babel takes ~50 µs for each.
    return format_timedelta(timedelta(seconds=seconds), add_direction=True, locale=LOCALE)


def duration(minutes: int | None) -> str:
    """'45 min', '4 h', '4 h 30 min'."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def clock(seconds: int | float | None) -> str:
    """A video length: '1:02', '12:30', '1:02:05'."""
    if seconds is None:
        return ""
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def megabytes(size: int) -> str:
    """'12,4 MB' for 12 400 000 bytes."""
    return f"{format_decimal(size / 1_000_000, '#,##0.0', locale=LOCALE)} MB"
