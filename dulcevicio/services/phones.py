"""Students' phone numbers: what people type, in any national form, stored as E.164.

Numbers are read in the country of APP_TIMEZONE unless they start with "+": an admin in
Mexico types "55 1234 5678", one in Argentina "011 15 2345-6789" (the mobile "15" becomes
the international "9"). wa.me links want the E.164 digits without the "+".
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from babel.core import get_global
from flask import current_app

INVALID = "Revisa el número de teléfono: no parece válido. Inclúyelo con su código de área."

# Before 2019 Mexican mobiles were dialled from abroad as +52 1 ...; people still write it
# (and WhatsApp exports show it). The numbering plan dropped the 1: read it as if absent.
_OLD_MEXICAN_MOBILE = re.compile(r"^\+?521(\d{10})$")


class PhoneRejected(ValueError):
    """The text is not a phone number we can write to; the message is for the user."""


def default_region() -> str:
    """The country of APP_TIMEZONE ("America/Mexico_City" -> "MX"), Mexico when unknown."""
    zone = current_app.config["APP_TIMEZONE"]
    return get_global("zone_territories").get(zone, "MX")


def parse_phone(text: str, region: str | None = None) -> str:
    """The number in E.164 ("+5491123456789"); raises PhoneRejected with a Spanish message."""
    compact = re.sub(r"[\s().\-/]", "", text or "")
    if (old := _OLD_MEXICAN_MOBILE.match(compact)) and (
        compact.startswith("+") or (region or default_region()) == "MX"
    ):
        compact = "+52" + old.group(1)
    if not compact or len(compact) > 20:
        raise PhoneRejected(INVALID)
    try:
        number = phonenumbers.parse(compact, region or default_region())
    except phonenumbers.NumberParseException as error:
        raise PhoneRejected(INVALID) from error
    if not phonenumbers.is_valid_number(number):
        raise PhoneRejected(INVALID)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def display_phone(e164: str | None) -> str:
    """The number for people to read ("+52 55 1234 5678"); "" for none. Cached: lists show
    the same numbers again and again, and parsing one costs more than the rest of a row."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
