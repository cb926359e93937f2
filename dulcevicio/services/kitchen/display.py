"""A structured recipe's lines as text at its base yield: the recipe page without
JavaScript, the WhatsApp list, the recipe book. static/js/recipe_scale.js writes the same
text for other yields and units."""

from __future__ import annotations

from dulcevicio.models.recipe_structure import (
    IngredientLine,
    Mould,
    RecipeStructure,
    Shape,
    Unit,
    YieldKind,
)
from dulcevicio.services.kitchen.quantities import format_quantity

# Singular and plural of each unit as printed after a quantity.
UNIT_NAMES: dict[Unit, tuple[str, str]] = {
    Unit.GRAM: ("g", "g"),
    Unit.KILOGRAM: ("kg", "kg"),
    Unit.MILLILITRE: ("ml", "ml"),
    Unit.LITRE: ("l", "l"),
    Unit.CUP: ("taza", "tazas"),
    Unit.TABLESPOON: ("cda", "cdas"),
    Unit.TEASPOON: ("cdta", "cdtas"),
    Unit.PINCH: ("pizca", "pizcas"),
    Unit.PIECE: ("unidad", "unidades"),
    Unit.COUNT: ("", ""),
    Unit.TO_TASTE: ("", ""),
}


def amount_text(line: IngredientLine) -> str:
    """ "200 g", "1 ½ tazas", "2-3", "al gusto", or "" for a line kept as a note."""
    if line.unit is Unit.TO_TASTE:
        return "al gusto"
    if line.quantity is None:
        return UNIT_NAMES[line.unit][0] if line.unit is Unit.PINCH else ""
    number = format_quantity(line.quantity, line.unit)
    if line.quantity_max is not None:
        number = f"{number}-{format_quantity(line.quantity_max, line.unit)}"
    singular, plural = UNIT_NAMES[line.unit]
    name = singular if (line.quantity_max or line.quantity) <= 1 else plural
    return f"{number} {name}".strip()


def line_text(line: IngredientLine) -> str:
    """The whole line for a list: "200 g de harina de trigo (tamizada)", "3 huevos"."""
    amount = amount_text(line)
    if line.unit is Unit.TO_TASTE:
        text = f"{line.ingredient} {amount}".strip()
    elif amount and line.ingredient and UNIT_NAMES[line.unit][0]:
        text = f"{amount} de {line.ingredient}"
    else:
        text = " ".join(word for word in (amount, line.ingredient) if word)
    if line.note:
        text = f"{text} ({line.note})" if text else line.note
    return text


def _centimetres(value: float) -> str:
    return format_quantity(value, Unit.GRAM)


def mould_text(mould: Mould) -> str:
    """ "Molde redondo de 20 cm", "Molde rectangular de 20 × 30 cm, 6 cm de alto"."""
    size = _centimetres(mould.width_cm)
    if mould.shape is Shape.ROUND:
        size = f"{size} cm"
    else:
        other = mould.width_cm if mould.shape is Shape.SQUARE else mould.length_cm
        size = f"{size} × {_centimetres(other or mould.width_cm)} cm"
    text = f"Molde {mould.shape.value} de {size}"
    if mould.height_cm:
        text += f", {_centimetres(mould.height_cm)} cm de alto"
    return text


YIELD_NAMES: dict[YieldKind, tuple[str, str]] = {
    YieldKind.SERVINGS: ("porción", "porciones"),
    YieldKind.PIECES: ("unidad", "unidades"),
}


def yield_words(amount: int, kind: YieldKind) -> str:
    """ "1 porción", "8 porciones"."""
    singular, plural = YIELD_NAMES[kind]
    return f"{amount} {singular if amount == 1 else plural}"


def yield_text(structure: RecipeStructure) -> str:
    """ "Rinde 8 porciones · Molde redondo de 20 cm", or "" when neither is known."""
    parts = []
    if structure.yield_amount:
        parts.append(f"Rinde {yield_words(structure.yield_amount, structure.yield_kind)}")
    if structure.mould:
        parts.append(mould_text(structure.mould))
    return " · ".join(parts)
