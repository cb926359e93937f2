"""Phone numbers as people type them, read as E.164 (a pure rule: no HTTP)."""

import pytest

from dulcevicio.services import phones


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        # Argentina: the local mobile "15" goes, the international "9" comes in.
        ("011 15 2345-6789", "AR", "+5491123456789"),
        ("(0351) 15 512-3456", "AR", "+5493515123456"),
        ("+54 9 11 2345 6789", "AR", "+5491123456789"),
        ("+54 9 11 2345 6789", "MX", "+5491123456789"),  # a "+" number ignores the region
        ("+54 351 15 512 3456", "MX", "+5493515123456"),
        # Mexico: ten digits; the pre-2019 mobile "1" after +52 is dropped.
        ("55 1234 5678", "MX", "+525512345678"),
        ("(33) 1234-5678", "MX", "+523312345678"),
        ("+52 1 55 1234 5678", "MX", "+525512345678"),
        ("+52 1 55 1234 5678", "AR", "+525512345678"),
        ("521 55 1234 5678", "MX", "+525512345678"),
        ("+34 612 345 678", "MX", "+34612345678"),
    ],
)
def test_numbers_are_stored_in_e164(app, typed, region, e164):
    with app.app_context():
        assert phones.parse_phone(typed, region) == e164


@pytest.mark.parametrize(
    "typed", ["", "   ", "hola", "123", "55 1234", "+52 55 1234 5678 9999", "1" * 40, "+999 123"]
)
def test_what_is_not_a_number_gets_a_spanish_message(app, typed):
    with app.app_context(), pytest.raises(phones.PhoneRejected, match="número de teléfono"):
        phones.parse_phone(typed, "MX")


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("America/Mexico_City", "MX"),
        ("America/Argentina/Buenos_Aires", "AR"),
        ("America/Lima", "PE"),
        ("America/Bogota", "CO"),
    ],
)
def test_the_default_region_is_the_time_zone_s_country(app_factory, zone, region):
    app = app_factory(APP_TIMEZONE=zone)
    with app.app_context():
        assert phones.default_region() == region


def test_a_national_number_is_read_in_the_app_s_country(app_factory):
    with app_factory(APP_TIMEZONE="America/Argentina/Buenos_Aires").app_context():
        assert phones.parse_phone("011 15 2345-6789") == "+5491123456789"
    with app_factory(APP_TIMEZONE="America/Mexico_City").app_context():
        assert phones.parse_phone("55 1234 5678") == "+525512345678"


def test_display_form_is_international(app):
    with app.app_context():
        assert phones.display_phone("+5491123456789") == "+54 9 11 2345-6789"
        assert phones.display_phone(None) == ""
