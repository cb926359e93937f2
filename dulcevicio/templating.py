"""Template helpers: Spanish formatting, WhatsApp links, and the access rule as globals."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import Flask, current_app
from flask_login import current_user

from dulcevicio.formatting import clock, duration, long_date, long_datetime, time_ago
from dulcevicio.models import Course, Lesson
from dulcevicio.services import access


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
        long_date=long_date,
        long_datetime=long_datetime,
        time_ago=time_ago,
        duration=duration,
        clock=clock,
    )
    app.jinja_env.globals.update(
        can_access=can_access, can_watch=can_watch, whatsapp_request_url=whatsapp_request_url
    )
