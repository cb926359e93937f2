"""The business settings: its name, WhatsApp number, currency and message templates.

One row in the database (id 1), read once per request that needs it: every web dyno sees
a change on its next request. Until an admin saves the settings page, the defaults below
apply, with WHATSAPP_CONTACT_NUMBER as the number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import BinaryIO

from babel.core import get_global
from babel.numbers import format_currency, get_currency_name, get_territory_currencies
from flask import current_app, g

from dulcevicio.extensions import db
from dulcevicio.models import Settings, utcnow
from dulcevicio.services import audit, messages, phones, public_pages, upsert
from dulcevicio.services.devices import DEFAULT_DEVICE_LIMIT
from dulcevicio.services.media import uploads
from dulcevicio.services.storage import MediaKind, delete_after_commit

SETTINGS_ID = 1
DEFAULT_NAME = "DulceVicio"
DEFAULT_CURRENCY = "MXN"
# Offered first in the currency list: where the business's students are.
USUAL_CURRENCIES = ("MXN", "ARS", "COP", "PEN", "CLP", "USD", "EUR", "UYU", "BOB", "GTQ")


@dataclass(frozen=True)
class BusinessSettings:
    business_name: str
    whatsapp_number: str | None  # E.164
    currency: str
    templates: Mapping[str, str] = field(default_factory=dict)  # stored texts by key
    device_limit: int = DEFAULT_DEVICE_LIMIT  # devices signed in at once, per student
    signatory_name: str = ""  # who signs certificates of courses that name nobody
    signatory_title: str = ""
    # The instructor of courses that name none (the course page shows no one without a name).
    instructor_name: str = ""
    instructor_bio: str = ""
    instructor_photo_public_id: str | None = None

    def template(self, key: str) -> str:
        return self.templates.get(key) or messages.MESSAGES[key].default

    def message(self, key: str, **values: str) -> str:
        """Message `key` with its placeholders filled."""
        return messages.render(self.template(key), **values)


def current() -> BusinessSettings:
    """The settings in force (one query per request, none when nothing asks)."""
    if "business_settings" not in g:
        row = db.session.get(Settings, SETTINGS_ID)
        g.business_settings = _from_row(row) if row is not None else defaults()
    return g.business_settings


def defaults() -> BusinessSettings:
    configured = current_app.config.get("WHATSAPP_CONTACT_NUMBER") or ""
    try:
        number = phones.parse_phone("+" + configured.lstrip("+")) if configured else None
    except phones.PhoneRejected:
        current_app.logger.warning("WHATSAPP_CONTACT_NUMBER is not a valid number; ignored")
        number = None
    return BusinessSettings(DEFAULT_NAME, number, DEFAULT_CURRENCY)


def _from_row(row: Settings) -> BusinessSettings:
    templates = {
        key: text for key, text in (row.messages or {}).items() if key in messages.MESSAGES
    }
    return BusinessSettings(
        row.business_name,
        row.whatsapp_number,
        row.currency,
        templates,
        row.device_limit,
        row.signatory_name,
        row.signatory_title,
        row.instructor_name,
        row.instructor_bio,
        row.instructor_photo_public_id,
    )


def save(new: BusinessSettings) -> None:
    """Store the settings (the caller checked them); safe when two admins save at once."""
    changes = _changes(current(), new)
    values = {
        "business_name": new.business_name,
        "whatsapp_number": new.whatsapp_number,
        "currency": new.currency,
        "device_limit": new.device_limit,
        "signatory_name": new.signatory_name,
        "signatory_title": new.signatory_title,
        "instructor_name": new.instructor_name,
        "instructor_bio": new.instructor_bio,
        "instructor_photo_public_id": new.instructor_photo_public_id,
        # Only what differs from the default is stored: a better default reaches everyone
        # who never changed that message.
        "messages": {
            key: text
            for key, text in new.templates.items()
            if text != messages.MESSAGES[key].default
        },
        "updated_at": utcnow(),
    }
    statement = upsert.insert(Settings).values(id=SETTINGS_ID, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=values))
    public_pages.raise_version(db.session())  # an upsert: no flush to notice it
    g.pop("business_settings", None)
    if changes:
        audit.record(
            "settings.change", target_type="settings", target_id=SETTINGS_ID, summary=changes
        )


def instructor_photo_after(upload: BinaryIO | None, *, remove: bool) -> str | None:
    """The default instructor's photo once this change commits: a new upload (checked and
    stored; raises ImageRejected or StorageError first), none when removed, else the
    current one. A replaced or removed file goes after the commit."""
    current_id = current().instructor_photo_public_id
    if upload is None and not remove:
        return current_id
    new_id = uploads.save_instructor_photo(upload) if upload is not None else None
    delete_after_commit(MediaKind.INSTRUCTOR_PHOTO, current_id)
    return new_id


# The settings' names in the audit log (a field without one is named by its attribute).
_LABELS = {
    "business_name": "Nombre del negocio",
    "whatsapp_number": "WhatsApp",
    "currency": "Moneda",
    "device_limit": "Límite de dispositivos",
    "signatory_name": "Firma de los certificados",
    "signatory_title": "Cargo de quien firma",
    "instructor_name": "Instructora por defecto",
}
# Long or meaningless in the log (a bio, a file name): said to have changed, not how.
_CHANGED = {
    "instructor_bio": "Presentación de la instructora cambiada",
    "instructor_photo_public_id": "Foto de la instructora cambiada",
}


def _changes(old: BusinessSettings, new: BusinessSettings) -> str:
    """ "Moneda: MXN → ARS; Mensajes cambiados: Recordatorio de renovación" ("" if none)."""
    skipped = ("templates", *_CHANGED)
    names = [item.name for item in fields(BusinessSettings) if item.name not in skipped]
    words = [
        audit.field_changes(
            (_LABELS.get(name, name), getattr(old, name), getattr(new, name)) for name in names
        )
    ]
    words += [said for name, said in _CHANGED.items() if getattr(old, name) != getattr(new, name)]
    edited = [
        message.label
        for key, message in messages.MESSAGES.items()
        if old.template(key) != new.template(key)
    ]
    if edited:
        words.append("Mensajes cambiados: " + ", ".join(edited))
    return "; ".join(word for word in words if word)


def currency_choices() -> list[tuple[str, str]]:
    """ISO 4217 currencies in use today, usual ones first: (code, "MXN · peso mexicano")."""
    if not _CURRENCIES:
        codes = {
            code
            for territory in _territories()
            for code in get_territory_currencies(territory, tender=True)
        }
        rest = sorted(codes - set(USUAL_CURRENCIES))
        _CURRENCIES.extend(
            (code, f"{code} · {get_currency_name(code, locale='es')}")
            for code in (*USUAL_CURRENCIES, *rest)
        )
    return _CURRENCIES


_CURRENCIES: list[tuple[str, str]] = []


def _territories() -> list[str]:
    return sorted(set(get_global("territory_currencies")))


def is_currency(code: str) -> bool:
    return any(code == known for known, _ in currency_choices())


def money(amount, currency: str) -> str:
    """ "1,200.00 MXN", "1.200,00 ARS": the digits as the currency's country writes them."""
    locale = _MONEY_LOCALES.get(currency, "es_MX")
    return format_currency(amount, currency, format="#,##0.00\u00a0¤¤", locale=locale)


_MONEY_LOCALES = {"ARS": "es_AR", "CLP": "es_CL", "COP": "es_CO", "EUR": "es_ES", "UYU": "es_UY"}
