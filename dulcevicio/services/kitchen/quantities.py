"""Quantities as Spanish recipes write them, and as a kitchen reads them.

`parse_quantity` reads "2", "1/2", "½", "1 ½", "1,5", "2-3" and "2 a 3"; `format_quantity`
writes a number back with kitchen fractions for cups, spoons and counts ("1 ½") and a
decimal comma for weights and volumes ("2,5"). static/js/recipe_scale.js formats scaled
quantities by the same rule, so a page does not change its text at the base yield.
"""

from __future__ import annotations

import math
import re

from dulcevicio.models.recipe_structure import Unit

# The largest quantity a line may hold (100 kg of flour is no home recipe).
MAX_QUANTITY = 100_000

VULGAR_FRACTIONS = {"¼": 0.25, "½": 0.5, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
# The fractions a kitchen measures with, by value; ⅛ reads badly and rounds to decimals.
KITCHEN_FRACTIONS = ((0.25, "¼"), (1 / 3, "⅓"), (0.5, "½"), (2 / 3, "⅔"), (0.75, "¾"))
FRACTION_UNITS = frozenset(
    {Unit.CUP, Unit.TABLESPOON, Unit.TEASPOON, Unit.PINCH, Unit.PIECE, Unit.COUNT}
)

_NUMBER = r"(?:\d+(?:[.,]\d+)?)"
_VULGAR = "[" + "".join(VULGAR_FRACTIONS) + "]"
_AMOUNT = rf"(?:\d+\s*{_VULGAR}|\d+\s+\d+\s*/\s*\d+|\d+\s*/\s*\d+|{_VULGAR}|{_NUMBER})"
# One amount without a range, for readers that find quantities inside longer text.
AMOUNT_PATTERN = _AMOUNT
QUANTITY_PATTERN = rf"{_AMOUNT}(?:\s*(?:-|–|a)\s*{_AMOUNT})?"
_RANGE = re.compile(rf"^({_AMOUNT})(?:\s*(?:-|–|a)\s*({_AMOUNT}))?$")


class QuantityError(ValueError):
    """A quantity no kitchen could measure; the message is Spanish, for the editor."""


def _amount(text: str) -> float:
    # "1 / 2" is "1/2"; digits past int()'s limit or a float's range are no quantity either.
    text = re.sub(r"\s*/\s*", "/", text.strip())
    try:
        return _amount_value(text)
    except QuantityError:
        raise
    except (ValueError, OverflowError) as error:
        raise QuantityError(f"No entendemos la cantidad «{text[:40]}».") from error


def _amount_value(text: str) -> float:
    if text[-1] in VULGAR_FRACTIONS:
        whole = text[:-1].strip()
        return (int(whole) if whole else 0) + VULGAR_FRACTIONS[text[-1]]
    if "/" in text:
        whole, _, fraction = text.rpartition(" ") if " " in text.split("/")[0] else ("", "", text)
        numerator, denominator = (int(part) for part in fraction.split("/"))
        if denominator == 0:
            raise QuantityError("Una fracción no puede dividir por cero.")
        return (int(whole) if whole.strip() else 0) + numerator / denominator
    return float(text.replace(",", "."))


def parse_quantity(text: str) -> tuple[float, float | None]:
    """`text` as (quantity, upper bound of a range or None); QuantityError if unreadable."""
    match = _RANGE.match(" ".join(text.split()))
    if not match:
        raise QuantityError(f"No entendemos la cantidad «{text[:40]}».")
    low = _amount(match.group(1))
    high = _amount(match.group(2)) if match.group(2) else None
    for value in (low, high):
        if value is not None and not (0 < value <= MAX_QUANTITY and math.isfinite(value)):
            raise QuantityError(
                f"La cantidad debe ser mayor que 0 y como mucho {MAX_QUANTITY:,}.".replace(",", ".")
            )
    if high is not None and high <= low:
        raise QuantityError("En un rango, el segundo número debe ser mayor que el primero.")
    return round(low, 4), None if high is None else round(high, 4)


def format_quantity(value: float, unit: Unit = Unit.COUNT) -> str:
    """`value` as a cook reads it: "1 ½" for cups, spoons and counts, "2,5" otherwise."""
    if not math.isfinite(value) or value < 0:
        return ""
    whole = math.floor(value)
    rest = value - whole
    if unit in FRACTION_UNITS:
        if rest < 0.02:
            return str(whole)
        if rest > 0.98:
            return str(whole + 1)
        for fraction, glyph in KITCHEN_FRACTIONS:
            if abs(rest - fraction) < 0.02:
                return f"{whole} {glyph}" if whole else glyph
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
