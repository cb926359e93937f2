"""Template helpers: Spanish dates in the configured time zone, and the access rule."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_timedelta
from flask import Flask, current_app
from flask_login import current_user

from dulcevicio.models import Course, Lesson, utcnow
from dulcevicio.services import access

LOCALE = "es"


def local_time(value: datetime) -> datetime:
    return value.astimezone(ZoneInfo(current_app.config["APP_TIMEZONE"]))


def long_date(value: datetime | None) -> str:
    """'12 de enero de 2027' in the app's time zone."""
    return format_date(local_time(value), format="long", locale=LOCALE) if value else ""


def long_datetime(value: datetime | None) -> str:
    """'12 de enero de 2027, 18:30'."""
    if not value:
        return ""
    return format_datetime(local_time(value), "d 'de' MMMM 'de' y, HH:mm", locale=LOCALE)


def time_ago(value: datetime | None) -> str:
    """'hace 3 días'."""
    if not value:
        return ""
    return format_timedelta(value - utcnow(), add_direction=True, locale=LOCALE)


def duration(minutes: int | None) -> str:
    """'45 min', '4 h', '4 h 30 min'."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def whatsapp_request_url(course: Course) -> str | None:
    """wa.me link with a message asking for access to `course`, if a number is configured."""
    number = re.sub(r"\D", "", current_app.config.get("WHATSAPP_CONTACT_NUMBER") or "")
    if not number:
        return None
    message = f"Hola, quiero acceder al curso «{course.title}» de DulceVicio."
    return f"https://wa.me/{number}?text={quote(message)}"


def can_access(course: Course) -> bool:
    return access.can_access_course(current_user, course)


def can_watch(lesson: Lesson) -> bool:
    return access.can_watch_lesson(current_user, lesson)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        long_date=long_date, long_datetime=long_datetime, time_ago=time_ago, duration=duration
    )
    app.jinja_env.globals.update(
        can_access=can_access, can_watch=can_watch, whatsapp_request_url=whatsapp_request_url
    )
