"""Calendar dates picked by admins, read in APP_TIMEZONE and stored as aware UTC datetimes.

A start date means the start of that local day (inclusive). An end date means access through
the whole of that local day: it is stored as the day's last microsecond, so the access rule's
`now < end` holds until local midnight and `|long_date` shows the very day the admin picked.
Presets and extensions count whole local days: "30 días" from the 1st ends on the 31st.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from dulcevicio.models import utcnow

# Duration presets offered by the grant forms: value -> (days, label).
PRESETS: dict[str, tuple[int, str]] = {
    "30": (30, "30 días"),
    "90": (90, "90 días"),
    "365": (365, "1 año"),
}
MAX_EXTENSION_DAYS = 3650


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["APP_TIMEZONE"])


def local_date(value: datetime) -> date:
    """The calendar day `value` falls on in the app's time zone."""
    return value.astimezone(zone()).date()


def today(now: datetime | None = None) -> date:
    return local_date(now or utcnow())


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone()).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=zone()).astimezone(UTC)


def preset_end(preset: str, start: date) -> datetime:
    """End of the last day of a preset counted from the local day `start`."""
    days, _label = PRESETS[preset]
    return end_of_day(start + timedelta(days=days))


def extended_end(current_end: datetime, days: int, now: datetime | None = None) -> datetime:
    """`days` more days after the current end, or after today when it already passed."""
    now = now or utcnow()
    base = current_end if current_end > now else now
    return end_of_day(local_date(base) + timedelta(days=days))
