"""Quantities as Spanish recipes write them: reading, refusing and writing them back."""

import math

import pytest

from dulcevicio.models.recipe_structure import Unit
from dulcevicio.services.kitchen.quantities import (
    MAX_QUANTITY,
    QuantityError,
    format_quantity,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", (2, None)),
        ("200", (200, None)),
        ("1/2", (0.5, None)),
        ("1 / 2", (0.5, None)),
        ("3/4", (0.75, None)),
        ("½", (0.5, None)),
        ("¼", (0.25, None)),
        ("⅓", (0.3333, None)),
        ("1 ½", (1.5, None)),
        ("1½", (1.5, None)),
        ("2 ¾", (2.75, None)),
        ("1 1/2", (1.5, None)),
        ("1 1 / 2", (1.5, None)),
        ("2 1/4", (2.25, None)),
        ("1,5", (1.5, None)),
        ("1.5", (1.5, None)),
        ("0,25", (0.25, None)),
        ("2-3", (2, 3)),
        ("2 - 3", (2, 3)),
        ("2–3", (2, 3)),
        ("2 a 3", (2, 3)),
        ("1 a 1 ½", (1, 1.5)),
        ("1/2-1", (0.5, 1)),
        ("  3   ", (3, None)),
        (str(MAX_QUANTITY), (MAX_QUANTITY, None)),
    ],
)
def test_parse_quantity_reads(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "0",
        "0,0",
        "0/3",
        "1/0",
        "1 1/0",
        "-1",
        "3-2",
        "2-2",
        "2 a 1",
        "1e9",
        "inf",
        "nan",
        "2 3 4",
        str(MAX_QUANTITY + 1),
        "9" * 5000,
        "9" * 5000 + "/2",
        "1" + "0" * 400 + "/1",
        "1/" + "9" * 5000,
        "1 ½ ½",
    ],
)
def test_parse_quantity_refuses(text):
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_quantity_error_is_a_value_error_with_a_spanish_message():
    with pytest.raises(ValueError, match="cero"):
        parse_quantity("1/0")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (2, Unit.COUNT, "2"),
        (0.5, Unit.CUP, "½"),
        (1.5, Unit.CUP, "1 ½"),
        (0.25, Unit.TEASPOON, "¼"),
        (1 / 3, Unit.CUP, "⅓"),
        (2 / 3, Unit.TABLESPOON, "⅔"),
        (2.75, Unit.PIECE, "2 ¾"),
        (1.99, Unit.CUP, "2"),
        (3.01, Unit.COUNT, "3"),
        (0.125, Unit.TEASPOON, "0,12"),
        (2.5, Unit.GRAM, "2,5"),
        (1.5, Unit.LITRE, "1,5"),
        (200, Unit.GRAM, "200"),
        (0.333, Unit.KILOGRAM, "0,33"),
        (1.5, Unit.PINCH, "1 ½"),
        (math.inf, Unit.GRAM, ""),
        (math.nan, Unit.CUP, ""),
        (-1, Unit.COUNT, ""),
    ],
)
def test_format_quantity(value, unit, expected):
    assert format_quantity(value, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit"), [("1 ½", Unit.CUP), ("2,5", Unit.GRAM), ("3", Unit.COUNT)]
)
def test_format_reads_back(text, unit):
    assert format_quantity(parse_quantity(text)[0], unit) == text
