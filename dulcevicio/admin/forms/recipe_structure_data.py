"""A recipe's structure as the data of its editor, and what a proposal left unread."""

from __future__ import annotations

from dulcevicio.admin.forms.recipe_structure import MAX_INGREDIENTS, MAX_STEPS
from dulcevicio.models.recipe_structure import IngredientLine, RecipeStructure
from dulcevicio.services.kitchen.quantities import QuantityError, format_quantity, parse_quantity


def quantity_text(line: IngredientLine) -> str:
    """A line's quantity as the editor shows it: "1 ½", "2-3", "2,5"; exact, so saving again
    changes nothing (format_quantity keeps two decimals: ⅛ cdta would become 0,12)."""

    def amount(value: float) -> str:
        text = format_quantity(value, line.unit)
        try:
            if parse_quantity(text)[0] == round(value, 4):
                return text
        except QuantityError:
            pass
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")

    if line.quantity is None:
        return ""
    if line.quantity_max is None:
        return amount(line.quantity)
    return f"{amount(line.quantity)}-{amount(line.quantity_max)}"


def structure_data(structure: RecipeStructure | None) -> dict:
    """The editor's data for `structure` (None: an empty editor). A longer list than the
    caps allow is cut one row past them, so that saving it says so."""
    if structure is None:
        return {}
    mould = structure.mould
    return {
        "yield_amount": structure.yield_amount,
        "yield_kind": structure.yield_kind,
        "shape": mould.shape if mould else None,
        "width_cm": mould.width_cm if mould else None,
        "length_cm": mould.length_cm if mould else None,
        "height_cm": mould.height_cm if mould else None,
        "ingredients": [
            {
                "group": group.title,
                "quantity": quantity_text(line),
                "unit": line.unit,
                "ingredient": line.ingredient,
                "note": line.note,
                "pinned": line.pinned,
            }
            for group in structure.groups
            for line in group.lines
        ][: MAX_INGREDIENTS + 1],
        "steps": [
            {
                "text": step.text,
                "timer_minutes": step.timer_minutes,
                "lesson": step.lesson_id,
                "second": step.second,
            }
            for step in structure.steps
        ][: MAX_STEPS + 1],
    }


def kept_as_notes(structure: RecipeStructure) -> int:
    """How many lines of a proposal are notes only (text the parser could not read)."""
    return sum(1 for line in structure.lines if not line.ingredient and line.note)
