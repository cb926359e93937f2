"""A pasted Spanish recipe read into a proposed structure, which the admin then corrects.

Pure functions that never raise: a line they cannot read is kept whole as a note. The parts
of a recipe besides its ingredient lines (headings, yield, mould, timers) are read by
recipe_parts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dulcevicio.models.recipe_structure import (
    IngredientGroup,
    IngredientLine,
    Mould,
    RecipeStructure,
    Step,
    Unit,
    YieldKind,
)
from dulcevicio.services.kitchen.pasted_text import (
    LIST_MARKER,
    TO_TASTE,
    WORD_END,
    WORD_NUMBER,
    WORD_NUMBERS,
    alternation,
    fold,
    lookup,
)
from dulcevicio.services.kitchen.quantities import AMOUNT_PATTERN, QuantityError, parse_quantity
from dulcevicio.services.kitchen.recipe_parts import (
    ASIDE_LINE,
    MAX_TIMER_MINUTES,
    STEP_NUMBER,
    read_heading,
    read_mould,
    read_timer,
    read_yield,
)

__all__ = [
    "MAX_INGREDIENT_CHARS",
    "MAX_LINES",
    "MAX_STEPS",
    "MAX_TIMER_MINUTES",
    "UNIT_SPELLINGS",
    "WORD_NUMBERS",
    "parse_ingredient_line",
    "parse_recipe",
]

MAX_INGREDIENT_CHARS = 120
MAX_LINES = 200
MAX_STEPS = 100

UNIT_SPELLINGS: dict[Unit, tuple[str, ...]] = {
    Unit.GRAM: ("g", "gr", "grs", "gramo", "gramos"),
    Unit.KILOGRAM: ("kg", "kgs", "kilo", "kilos", "kilogramo", "kilogramos"),
    Unit.MILLILITRE: ("ml", "cc", "c.c", "cm3", "cm³", "mililitro", "mililitros"),
    Unit.LITRE: ("l", "lt", "lts", "litro", "litros"),
    Unit.CUP: ("taza", "tazas", "tz", "tza", "tzas"),
    Unit.TABLESPOON: ("cucharada sopera", "cucharadas soperas", "cucharada", "cucharadas")
    + ("cda", "cdas"),
    Unit.TEASPOON: ("cucharadita", "cucharaditas", "cdta", "cdtas", "cdita", "cditas"),
    Unit.PINCH: ("pizca", "pizcas", "pizquita"),
    Unit.PIECE: ("unidad", "unidades", "u", "ud", "uds"),
}
_UNIT_BY_SPELLING = {s: unit for unit, spellings in UNIT_SPELLINGS.items() for s in spellings}
_NUMERIC = re.compile(
    rf"(?P<low>{AMOUNT_PATTERN})(?:\s*(?:-|–|—|a|o|ó)\s*(?P<high>{AMOUNT_PATTERN}))?"
    r"(?:\s+y\s+(?P<plus>media|medio|1/2|½))?",
    re.I,
)
_UNIT = re.compile(rf"\s*(?:de\s+)?(?P<unit>{alternation(_UNIT_BY_SPELLING)}){WORD_END}\.?", re.I)
_UNIT_HALF = re.compile(r"\s+y\s+(?:media|medio)" + WORD_END, re.I)
_SPOON_SIZE = re.compile(r"\s+(?:de\s+)?(?:té|te|café|cafe|postre)(?=\s+de\s)", re.I)
_SPOON_FILL = re.compile(r"\s+(?P<fill>colmadas?|rasas?|generosas?|al\s+ras)" + WORD_END, re.I)
_OF = re.compile(r"\s*(?:de\s+)?", re.I)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_A_LITTLE = re.compile(r"^un\s+(?:poco|poquito)\s+de\s+", re.I)
_NAME_SEPARATOR = re.compile(r"\s*(?::|\.{2,}|…+)\s*|\s+[-–—]\s+")
_ABOUT = re.compile(r"^(?:unos|unas|aprox(?:\.|imadamente)?|alrededor\s+de)\s+(?=\d)", re.I)
_PLUS = re.compile(r"^(?:\+|y\s+|más\s+)\s*", re.I)
_TRAILING_AMOUNT = re.compile(
    rf"\s(?P<amount>{AMOUNT_PATTERN}\s*(?:{alternation(_UNIT_BY_SPELLING)}){WORD_END}\.?)\s*$", re.I
)


def _note_only(text: str) -> IngredientLine:
    return IngredientLine(ingredient="", note=text.strip())


def _name(text: str, *, sentence_start: bool = False) -> str:
    name = " ".join(text.split()).strip(" .,;:-–")
    # A name that opened the line ("Sal al gusto") is capitalised only for being first.
    if sentence_start and len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return name[:MAX_INGREDIENT_CHARS].rstrip()


def _split_notes(text: str) -> tuple[str, list[str]]:
    """The text before the first comma outside parentheses, without its parenthesised notes;
    the notes in order."""
    depth, cut = 0, len(text)
    for index, char in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        between_digits = 0 < index < len(text) - 1 and text[index - 1].isdigit()
        between_digits = between_digits and text[index + 1].isdigit()
        if depth <= 0 and char in ",;" and not between_digits:
            cut = index
            break
    body, after = text[:cut], text[cut + 1 :].strip()
    notes = [part.strip() for part in re.findall(r"[(\[]([^()\[\]]*)[)\]]", body)]
    body = re.sub(r"[(\[][^()\[\]]*[)\]]", " ", body)
    if "(" in body:  # an unclosed parenthesis runs to the end
        body, _, rest = body.partition("(")
        notes.append(rest.strip(" )"))
    return body.strip(), [note for note in notes + [after] if note]


class _Amount(NamedTuple):
    low: float
    high: float | None
    unit: Unit
    rest: str  # what follows the amount: the ingredient
    note: str = ""  # "colmadas", "para pintar"


def _read_amount(text: str) -> _Amount | None:
    """The amount a text opens with and what follows it; None if it opens with none;
    QuantityError for an amount no kitchen measures."""
    plus = 0.0
    if match := _NUMERIC.match(text):
        low_text, high_text = match["low"], match["high"]
        plus = 0.5 if match["plus"] else 0.0
        words_value = None
    elif match := WORD_NUMBER.match(text):
        low_text, high_text = "", None
        words_value = lookup(WORD_NUMBERS, match["word"])
    else:
        return None
    position, unit, fill = match.end(), Unit.COUNT, ""
    if unit_match := _UNIT.match(text, position):
        unit = lookup(_UNIT_BY_SPELLING, unit_match["unit"])
        position = unit_match.end()
        if half := _UNIT_HALF.match(text, position):
            plus, position = 0.5, half.end()
        if unit is Unit.TEASPOON and (size := _SPOON_SIZE.match(text, position)):
            position = size.end()
        if fill_match := _SPOON_FILL.match(text, position):
            fill, position = fill_match["fill"], fill_match.end()
    elif position < len(text) and not text[position].isspace():
        return None  # "1e9", "3D": a number glued to a word that is no unit
    if words_value is not None:
        low, high = words_value + plus, None
    else:
        if unit in (Unit.GRAM, Unit.MILLILITRE):  # "1.000 g" is a thousand grams
            low_text, high_text = (
                part.replace(".", "") if part and _THOUSANDS.fullmatch(part) else part
                for part in (low_text, high_text)
            )
        low, high = parse_quantity(f"{low_text}-{high_text}" if high_text else low_text)
        if plus and high is None:
            low, _ = parse_quantity(str(low + plus))
    rest = text[_OF.match(text, position).end() :]
    return _Amount(low, high, unit, rest, fill)


def _to_taste(body: str, notes: list[str]) -> IngredientLine | None:
    """ "Sal al gusto", "c/n de harina", "Azúcar impalpable (a gusto)", "un poco de leche"."""
    kept = [note for note in notes if not TO_TASTE.fullmatch(note)]
    found = len(kept) < len(notes) or TO_TASTE.search(body) or _A_LITTLE.match(body)
    if not found:
        return None
    name = _A_LITTLE.sub("", TO_TASTE.sub(" ", body))
    name = _name(re.sub(r"^\s*de\s+", "", name, flags=re.I), sentence_start=True)
    if not re.search(r"[^\W\d_]", name):
        return None
    return IngredientLine(ingredient=name, unit=Unit.TO_TASTE, note=", ".join(kept))


def _name_then_amount(body: str) -> _Amount | None:
    """ "Harina 0000: 500 g", "Manteca ..... 200 g", "Azúcar 150 g", "Huevos - 3", and
    "Para pintar: 1 huevo batido"."""
    if separator := _NAME_SEPARATOR.search(body):
        name, tail = body[: separator.start()], body[separator.end() :]
    elif trailing := _TRAILING_AMOUNT.search(body):
        name, tail = body[: trailing.start()], trailing["amount"]
    else:
        return None
    amount = _read_amount(tail.strip()) if re.search(r"[^\W\d_]", name) else None
    if amount is None:
        return None
    if not amount.rest.strip(" ."):
        return amount._replace(rest=_name(name, sentence_start=True))
    if fold(name).startswith("para "):
        return amount._replace(note=_name(name, sentence_start=True))
    return None


def _comma_amount(body: str, notes: list[str]) -> tuple[_Amount, list[str]] | None:
    """ "Azúcar, 200 g", "Huevos, 3, batidos": the name, then the amount alone after a comma;
    the amount and the notes left."""
    if not notes or not re.search(r"[^\W\d_]", body):
        return None
    first, _, more = notes[0].partition(",")
    amount = _read_amount(first.strip())
    if amount is None or amount.rest.strip(" ."):
        return None
    left = [note for note in (more.strip(), *notes[1:]) if note]
    return amount._replace(rest=_name(body, sentence_start=True)), left


def _split_sum(rest: str) -> tuple[str, str]:
    """ "+ 2 cucharadas de azúcar" after "½ taza": (ingredient, "+ 2 cucharadas")."""
    plus = _PLUS.match(rest)
    extra = _read_amount(rest[plus.end() :]) if plus else None
    if extra is None or not re.search(r"[^\W\d_]", extra.rest):
        return rest, ""
    added = rest[: len(rest) - len(extra.rest)].strip()
    return extra.rest, re.sub(r"\s+de$", "", added, flags=re.I)


def parse_ingredient_line(text: str) -> IngredientLine:
    """One pasted line as quantity, unit, ingredient and note; a line it cannot read is kept
    whole as the note of a line with no ingredient."""
    line = LIST_MARKER.sub("", text.strip())
    body, notes = _split_notes(line)
    body = _ABOUT.sub("", body)
    try:
        amount = None if _A_LITTLE.match(body) else _read_amount(body)
        pinch = _UNIT.match(body)
        if amount is None and pinch and lookup(_UNIT_BY_SPELLING, pinch["unit"]) is Unit.PINCH:
            amount = _Amount(1.0, None, Unit.PINCH, body[_OF.match(body, pinch.end()).end() :])
        if amount is None and (found := _comma_amount(body, notes)):
            amount, notes = found
        if amount is None and (tasted := _to_taste(body, notes)):
            return tasted
        amount = amount or _name_then_amount(body)
        rest, added = _split_sum(amount.rest) if amount else ("", "")
    except QuantityError:
        return _note_only(text)
    name = _name(rest)
    if amount is None or not re.search(r"[^\W\d_]", name):
        return _note_only(text)
    note = ", ".join(part for part in (added, amount.note, *notes) if part)
    return IngredientLine(name, amount.low, amount.high, amount.unit, note)


def _is_step_start(line: str) -> bool:
    """A sentence after the ingredients starts the steps when no heading did: "1. Batir los
    huevos…", or a line of eight words or more (five ending in a full stop) with no amount."""
    marker = STEP_NUMBER.match(line)
    rest = line[marker.end() :] if marker else line
    parsed = parse_ingredient_line(rest)
    if parsed.quantity is not None or parsed.unit is Unit.TO_TASTE or ASIDE_LINE.match(rest):
        return False
    words = len(rest.split())
    if marker:
        return len(rest) >= 25
    return words >= 8 or (words >= 5 and rest.rstrip().endswith("."))


def parse_recipe(text: str) -> RecipeStructure:
    """A pasted recipe as proposed yield, mould, ingredient groups and steps."""
    groups: list[tuple[str, list[IngredientLine]]] = []
    steps: list[Step] = []
    yield_found: tuple[int, YieldKind] | None = None
    mould: Mould | None = None
    mode, prefix, line_count = "before", "", 0
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if not line:
            continue
        if (found := read_yield(line)) and (mode != "steps" or found[2]):
            yield_found = yield_found or found[:2]
            if found[2] and len(line) <= 60:
                # "Rinde 12 porciones. Molde redondo de 24 cm." states both.
                if mould is None and (mould_found := read_mould(line)):
                    mould = mould_found[0]
                continue
        if heading := read_heading(line):
            kind, title = heading
            following = next((later for later in lines[index + 1 :] if later), "")
            if kind == "group" and mode in ("steps", "aside"):
                if parse_ingredient_line(following).quantity is None:
                    prefix = title if mode == "steps" else prefix
                    continue
                kind = "ingredients"
            if kind == "ingredients":
                if not (title == "" and groups and groups[-1][0] == "" and mode == "before"):
                    groups.append((title, []))
                mode = "ingredients"
            elif kind == "group":
                groups.append((title, []))
                mode = "ingredients"
            else:
                mode, prefix = kind, ""
            continue
        mould_found = read_mould(line)
        if mould_found and mould is None:
            mould = mould_found[0]
        if mode in ("before", "ingredients") and mould_found and mould_found[1]:
            continue
        if (mode == "ingredients" or (mode == "before" and groups)) and _is_step_start(line):
            mode = "steps"
        if mode in ("before", "ingredients"):
            parsed = parse_ingredient_line(line)
            if mode == "before" and (
                parsed.quantity is None or not re.match(r"[\d¼½¾⅓⅔⅛]", LIST_MARKER.sub("", line))
            ):
                continue
            if line_count < MAX_LINES:
                if not groups:
                    groups.append(("", []))
                groups[-1][1].append(parsed)
                line_count += 1
        elif mode == "steps":
            marker = STEP_NUMBER.match(line)
            body = LIST_MARKER.sub("", line[marker.end() :] if marker else line).strip()
            if not re.search(r"[^\W\d_]", body) or ASIDE_LINE.match(body):
                continue  # a number alone on its line ("1", "Paso 2"), or a tip
            continued = not (marker or prefix or LIST_MARKER.match(line))
            if continued and steps and body[0].islower():
                joined = f"{steps[-1].text} {body}"
                steps[-1] = Step(joined, steps[-1].timer_minutes or read_timer(body))
            elif len(steps) < MAX_STEPS:
                body = f"{prefix}: {body}" if prefix else body
                steps.append(Step(body, read_timer(body)))
            prefix = ""
    amount, kind = yield_found or (None, YieldKind.SERVINGS)
    return RecipeStructure(
        yield_amount=amount,
        yield_kind=kind,
        mould=mould,
        groups=tuple(IngredientGroup(title, tuple(found)) for title, found in groups if found),
        steps=tuple(steps),
    )
