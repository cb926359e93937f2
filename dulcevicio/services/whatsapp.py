"""wa.me links: a chat with a prefilled message, to the business or to a student."""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

from dulcevicio.services import settings


class Recipient(Protocol):
    """A student as a message needs her: a User, or a list's row of her columns."""

    @property
    def display_name(self) -> str: ...

    @property
    def phone(self) -> str | None: ...


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


def to_student(user: Recipient, key: str, **values: str) -> str:
    """The business writes message `key` to a student, at her number when she has one."""
    text = settings.current().message(key, nombre=user.display_name, **values)
    return chat_url(user.phone, text)
