"""Fields, filters and validators shared by the admin forms."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from wtforms import DateField, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from dulcevicio.formatting import clock
from dulcevicio.services import accounts, devices, periods

MAX_DURATION_SECONDS = 24 * 3600
# Far-off dates would overflow date arithmetic (year 9999 + 365 days); nobody needs them.
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)
DURATION_PATTERN = re.compile(r"^(?:(?:(\d+):)?(\d+):)?(\d+)$")


class MoneyField(StringField):
    """An amount typed as text ("25000", "25000,50", "25.000,50"); data is what `parse`
    makes of it, a Decimal (None when empty). `parse` raises ValueError with the Spanish
    reason. What was typed stays in the field when it is refused."""

    def __init__(self, label=None, validators=None, *, parse: Callable[[str], Decimal], **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parse = parse

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = self.parse(text) if text else None


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_coerce(enum_class: type[enum.Enum]) -> Callable[[object], enum.Enum | None]:
    """SelectField coercion to an enum member; anything else is an invalid choice."""

    def coerce(value: object) -> enum.Enum | None:
        if isinstance(value, enum_class):
            return value
        try:
            return enum_class(value)
        except ValueError:
            return None

    return coerce


def squeeze(value) -> str:
    """One line of text: spaces collapsed, none at either end ("" for a field not sent)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def strip(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def typed(field) -> bool:
    """Whether anything but spaces was sent for `field` (its data may be None on an error)."""
    return bool(field.raw_data and str(field.raw_data[0]).strip())


def at_most(length: int, what: str) -> Length:
    limit = f"{length:,}".replace(",", " ")  # 50 000, as Spanish writes it
    return Length(max=length, message=f"{what} puede tener como máximo {limit} caracteres.")


class DurationField(StringField):
    """A video duration typed as mm:ss, h:mm:ss or plain seconds; data is seconds."""

    message = "Escribe la duración como mm:ss, h:mm:ss o en segundos (por ejemplo 12:30)."

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return clock(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        match = DURATION_PATTERN.match(text)
        if match is None:
            self.data = None
            raise ValueError(self.message)
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        has_hours, has_minutes = match.group(1) is not None, match.group(2) is not None
        if (has_minutes and seconds > 59) or (has_hours and minutes > 59):
            self.data = None
            raise ValueError(self.message)
        self.data = hours * 3600 + minutes * 60 + seconds
        if self.data > MAX_DURATION_SECONDS:
            raise ValueError("La duración no puede superar las 24 horas.")


class SecondField(DurationField):
    """A moment of a lesson's video: "95" or "1:35" is second 95."""

    message = "Escribe el segundo como mm:ss o en segundos (por ejemplo 1:35)."


class CentimetresField(StringField):
    """A length in centimetres, "22" or "22,5", between `low` and `high`; data is a float,
    or None when left empty."""

    pattern = re.compile(r"^\d{1,4}(?:[.,]\d{1,2})?$")

    def __init__(self, label: str, low: int, high: int, message: str, **kwargs):
        super().__init__(label, **kwargs)
        self.low, self.high, self.message = low, high, message

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:.2f}".rstrip("0").rstrip(".").replace(".", ",")

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        if not self.pattern.match(text):
            raise ValueError("Escribe los centímetros con números, por ejemplo 22 o 22,5.")
        value = float(text.replace(",", "."))
        if not self.low <= value <= self.high:
            raise ValueError(self.message)
        self.data = value


class AccountField(StringField):
    """An existing account, typed as its e-mail or username; `field.user` after validation."""

    user = None

    def pre_validate(self, form) -> None:
        if not (self.data or "").strip():
            raise ValidationError("Escribe el correo o el usuario de la persona.")
        self.user = accounts.find_user_by_login(self.data)
        if self.user is None:
            raise ValidationError("No hay ninguna cuenta con ese correo o usuario.")


class CalendarDateField(DateField):
    """A date input between FIRST_DATE and LAST_DATE; empty gives None without an error, so
    inline validators still run (`Optional()` would skip them) and the form decides."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)
        if not FIRST_DATE <= self.data <= LAST_DATE:
            raise ValueError(
                f"Elige una fecha entre el año {FIRST_DATE.year} y el {LAST_DATE.year}."
            )


def extension_days_field() -> IntegerField:
    return IntegerField(
        "Días",
        default=30,
        validators=[
            NumberRange(
                min=1,
                max=periods.MAX_EXTENSION_DAYS,
                message=f"Escribe un número de días entre 1 y {periods.MAX_EXTENSION_DAYS}.",
            )
        ],
    )


def period_fields(
    label: str, *, never: bool, date_label: str, default: str = "30"
) -> tuple[RadioField, CalendarDateField]:
    """A preset radio (30 días / 90 días / 1 año [/ sin vencimiento] / a date) and the date."""
    pairs = [(value, text) for value, (_days, text) in periods.PRESETS.items()]
    if never:
        pairs.append(("never", "Sin vencimiento"))
    pairs.append(("date", "Hasta una fecha"))
    options = choices(pairs)
    preset = RadioField(label, choices=options, default=default)
    day = CalendarDateField(date_label, description="Incluye ese día completo.")
    return preset, day


def device_limit_field(label: str, description: str) -> IntegerField:
    """How many devices may be signed in at once (empty: the default where it applies)."""
    return IntegerField(
        label,
        description=description,
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=devices.MAX_DEVICE_LIMIT,
                message=f"Escribe un número entre 1 y {devices.MAX_DEVICE_LIMIT}.",
            ),
        ],
    )
