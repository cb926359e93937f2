"""wa.me links: a chat with a prefilled message, to the business or to a student."""

from __future__ import annotations

from urllib.parse import quote

from dulcevicio.models import User
from dulcevicio.services import settings


def chat_url(number: str | None, text: str) -> str:
    """A chat with `number` (E.164); without a number WhatsApp lets the sender pick one."""
    digits = number.lstrip("+") if number else ""
    return f"https://wa.me/{digits}?text={quote(text, safe='')}"


def to_business(key: str, **values: str) -> str | None:
    """A visitor or student writes message `key` to the business; None without a number."""
    business = settings.current()
    if not business.whatsapp_number:
        return None
    return chat_url(business.whatsapp_number, business.message(key, **values))


def to_student(user: User, key: str, **values: str) -> str:
    """The business writes message `key` to a student, at her number when she has one."""
    text = settings.current().message(key, nombre=user.display_name, **values)
    return chat_url(user.phone, text)
