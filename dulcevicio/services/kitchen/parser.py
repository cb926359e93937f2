"""A pasted Spanish recipe read into a proposed structure, which the admin then corrects.

Pure functions that never raise: a line they cannot read is kept whole as a note. Ranges of
time and yield take their lower bound ("de 40 a 45 minutos" sets a 40-minute timer: a cake
checked early can bake on, one checked late is burnt).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from dulcevicio.models.recipe_structure import (
    IngredientGroup,
    IngredientLine,
    Mould,
    RecipeStructure,
    Shape,
    Step,
    Unit,
    YieldKind,
)
from dulcevicio.services.kitchen.quantities import AMOUNT_PATTERN, QuantityError, parse_quantity

MAX_INGREDIENT_CHARS = 120
MAX_LINES = 200
MAX_STEPS = 100
# Longest timer worth proposing (two days of rest in the fridge).
MAX_TIMER_MINUTES = 48 * 60

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
WORD_NUMBERS = {
    "un cuarto": 0.25, "tres cuartos": 0.75, "un tercio": 1 / 3, "un par": 2, "un": 1,
    "una": 1, "uno": 1, "media": 0.5, "medio": 0.5, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
    "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40, "sesenta": 60,
}  # fmt: skip


def _lookup(table: dict, written: str):
    """`table`'s value for `written` as the case-blind pattern matched it ("KİLO", "Cdas")."""
    key = " ".join(written.lower().split())
    if key in table:
        return table[key]
    return next(v for k, v in table.items() if re.fullmatch(_alternation([k]), written, re.I))


def _alternation(words) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


_END = r"(?![^\W_])"  # not followed by a letter or a digit
_NUMERIC = re.compile(
    rf"(?P<low>{AMOUNT_PATTERN})(?:\s*(?:-|–|—|a|o|ó)\s*(?P<high>{AMOUNT_PATTERN}))?"
    r"(?:\s+y\s+(?P<plus>media|medio|1/2|½))?",
    re.I,
)
_WORD = re.compile(rf"(?P<word>{_alternation(WORD_NUMBERS)}){_END}", re.I)
_UNIT = re.compile(rf"\s*(?:de\s+)?(?P<unit>{_alternation(_UNIT_BY_SPELLING)}){_END}\.?", re.I)
_UNIT_HALF = re.compile(r"\s+y\s+(?:media|medio)" + _END, re.I)
_SPOON_SIZE = re.compile(r"\s+(?:de\s+)?(?:té|te|café|cafe|postre)(?=\s+de\s)", re.I)
_SPOON_FILL = re.compile(r"\s+(?P<fill>colmadas?|rasas?|generosas?|al\s+ras)" + _END, re.I)
_OF = re.compile(r"\s*(?:de\s+)?", re.I)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_MARKER = re.compile(r"^(?:[-–—•*·▪►✓✔>]+\s*|\d{1,2}\s*[.)]\s+)+")
_TO_TASTE = re.compile(
    r"(?<![^\W_])(?:al\s+gusto|a\s+gusto|seg[uú]n\s+gusto|c/n|c\.\s?n\.?|c/s|"
    r"cantidad\s+(?:necesaria|suficiente)|cant\.\s*nec(?:esaria)?\.?|lo\s+necesario)" + _END,
    re.I,
)
_A_LITTLE = re.compile(r"^un\s+(?:poco|poquito)\s+de\s+", re.I)
_NAME_SEPARATOR = re.compile(r"\s*(?::|\.{2,}|…+)\s*|\s+[-–—]\s+")
_ABOUT = re.compile(r"^(?:unos|unas|aprox(?:\.|imadamente)?|alrededor\s+de)\s+(?=\d)", re.I)
_PLUS = re.compile(r"^(?:\+|y\s+|más\s+)\s*", re.I)
_TRAILING_AMOUNT = re.compile(
    rf"\s(?P<amount>{AMOUNT_PATTERN}\s*(?:{_alternation(_UNIT_BY_SPELLING)}){_END}\.?)\s*$", re.I
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
    elif match := _WORD.match(text):
        low_text, high_text = "", None
        words_value = _lookup(WORD_NUMBERS, match["word"])
    else:
        return None
    position, unit, fill = match.end(), Unit.COUNT, ""
    if unit_match := _UNIT.match(text, position):
        unit = _lookup(_UNIT_BY_SPELLING, unit_match["unit"])
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
    kept = [note for note in notes if not _TO_TASTE.fullmatch(note)]
    found = len(kept) < len(notes) or _TO_TASTE.search(body) or _A_LITTLE.match(body)
    if not found:
        return None
    name = _A_LITTLE.sub("", _TO_TASTE.sub(" ", body))
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
    if _fold(name).startswith("para "):
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
    line = _MARKER.sub("", text.strip())
    body, notes = _split_notes(line)
    body = _ABOUT.sub("", body)
    try:
        amount = None if _A_LITTLE.match(body) else _read_amount(body)
        pinch = _UNIT.match(body)
        if amount is None and pinch and _lookup(_UNIT_BY_SPELLING, pinch["unit"]) is Unit.PINCH:
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_STEP_HEADINGS = ("preparacion", "procedimiento", "elaboracion", "pasos", "paso a paso")
_STEP_HEADINGS += ("modo de preparacion", "modo de hacerlo", "instrucciones", "metodo")
_STEP_HEADINGS += ("armado", "montaje", "coccion", "horneado")
_ASIDE_HEADINGS = ("notas", "nota", "tips", "consejos", "observaciones", "sugerencias")
_GROUP_WORDS = _words(
    "masa relleno cobertura merengue almibar glaseado ganache base decoracion crema "
    "bizcochuelo caramelo bano frosting topping crumble streusel salsa mousse cubierta "
    "almíbar baño decoración"
)


def _heading(line: str) -> tuple[str, str] | None:
    """("ingredients" | "steps" | "aside" | "group", title) for a heading line, else None."""
    clean = _MARKER.sub("", line.strip(" \t#*_=~")).strip(" \t#*_")
    colon = clean.endswith(":")
    title = clean.rstrip(":").strip()
    if not title or len(title) > 60:
        return None
    folded = _fold(title)
    words = re.findall(r"[^\W_]+", folded)
    if not words:
        return None
    if words[0] in ("ingredientes", "ingrediente") and len(words) <= 6:
        rest = re.sub(r"^\W*[^\W_]+", "", title).strip(" :-–/")
        if any(char.isdigit() for char in rest) or not re.search(r"[^\W\d_]", rest):
            return "ingredients", ""
        rest = re.sub(r"^del\s+", "para el ", re.sub(r"^de\s+", "para ", rest, flags=re.I))
        return "ingredients", rest[0].upper() + rest[1:]
    phrase = " ".join(words)
    for kind, starts in (("steps", _STEP_HEADINGS), ("aside", _ASIDE_HEADINGS)):
        if ":" in title or any(char.isdigit() for char in title):
            break  # "Preparación: 20 minutos" states a time, it opens no section
        if len(words) <= 6 and any(phrase == s or phrase.startswith(s + " ") for s in starts):
            return kind, ""
    if any(char.isdigit() for char in title) or _TO_TASTE.search(title):
        return None
    if (colon and len(words) <= 6) or (words[0] == "para" and 2 <= len(words) <= 5):
        return "group", title
    if words[0] in _GROUP_WORDS and len(words) <= 4:
        return "group", title
    return None


_NUMBER_WORDS = rf"{AMOUNT_PATTERN}|{_alternation(WORD_NUMBERS)}"
_DURATION = re.compile(
    rf"(?<![^\W_])(?P<low>{_NUMBER_WORDS})(?:\s*(?:-|–|a|o|y)\s*(?P<high>{_NUMBER_WORDS}))?\s*"
    r"(?P<unit>horas?|hrs?\.?|hs?\.?|minutos?|mins?\.?|'|′|segundos?|segs?\.?)(?![^\W_])"
    r"(?:\s*(?:y\s+)?(?P<extra>\d{1,2})\s*(?:minutos?|mins?\.?|'|′)(?![^\W_])"
    r"|\s+y\s+(?P<half>media|cuarto)(?![^\W_]))?",
    re.I,
)
_SLASHED_RANGE = re.compile(r"(?<![\d/])(\d{2,})\s*/\s*(\d{2,})(?![\d/])")
_ASIDE_LINE = re.compile(
    r"^\W*(?:notas?|tips?|consejos?|sugerencias?|importante)(?![^\W_])[^:]{0,30}:", re.I
)
_QUARTER_HOUR = re.compile(r"(?<![^\W_])(?:un\s+)?cuarto\s+de\s+hora", re.I)
_STEP_NUMBER = re.compile(
    r"^(?:paso\s*\d{1,3}\s*[.):\-–]?|\d{1,3}\s*(?:[.)](?!\d)|[-–:°º](?!\d)))\s*", re.I
)


def _number(text: str) -> float:
    return _lookup(WORD_NUMBERS, text) if _WORD.fullmatch(text) else parse_quantity(text)[0]


def _read_timer(text: str) -> int | None:
    """The step's first duration in minutes ("35 min", "1 hora y 15 minutos", "media hora");
    a range's lower bound; seconds set no timer."""
    text = _SLASHED_RANGE.sub(r"\1-\2", text)  # "40/45 minutos" is a range, not 8/9
    quarter = _QUARTER_HOUR.search(text)
    for match in _DURATION.finditer(text):
        if quarter and quarter.start() < match.start():
            return 15
        unit = match["unit"].lower()
        if unit.startswith("s"):
            continue
        try:
            minutes = _number(match["low"])
        except QuantityError:
            continue
        if unit.startswith("h"):
            minutes *= 60
            minutes += int(match["extra"] or 0) + {"media": 30, "cuarto": 15}.get(
                (match["half"] or "").lower(), 0
            )
        if 1 <= round(minutes) <= MAX_TIMER_MINUTES:
            return round(minutes)
    return 15 if quarter else None


_SERVING_NOUNS = _words("porciones porcion personas persona raciones racion comensales")
_PIECE_NOUNS = _words(
    "unidades unidad galletas galletitas cupcakes muffins alfajores magdalenas medialunas "
    "bollos panes scones trufas bombones brownies cuadrados porciones tortas budines "
    "tartas tartaletas conitos donas rosquillas churros empanadas panecillos"
)
_NOT_YIELD_NOUNS = _words(
    "molde moldes tortera placa cm kg g gr grs gramos kilos litro litros l ml cc tazas taza "
    "minutos minuto min horas hora grados huevos huevo"
)
_YIELD = re.compile(
    r"(?<![^\W_])(?P<kw>rinde|rendimiento|salen|sale|para|porciones|raciones|comensales)"
    r"(?![^\W_])[\s:.\-–]*(?:(?:para|unas?|unos|aprox\w*\.?|alrededor\s+de|entre)\s+)*"
    r"(?P<n>\d{1,4})(?![.,]?\d)(?:\s*(?:-|–|a|o|y)\s*\d{1,4})?\s*(?P<noun>[^\W\d_]+)?",
    re.I,
)
_SERVINGS_AFTER = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,4})(?:\s*(?:-|–|a|o)\s*\d{1,4})?\s+"
    r"(?P<noun>porciones|personas|raciones|comensales)(?![^\W_])",
    re.I,
)


def _read_yield(text: str) -> tuple[int, YieldKind, bool] | None:
    """(amount, kind, whether the line opens with it) of "Rinde 8 porciones", "Para 12
    personas", "Porciones: 10", "Salen 24 alfajores"."""
    text = text[:200]  # a yield is stated in a short line or near a step's start
    for match in _YIELD.finditer(text):
        keyword, noun = _fold(match["kw"]), _fold(match["noun"] or "")
        if noun in _NOT_YIELD_NOUNS:
            continue
        if keyword == "para" and noun not in _PIECE_NOUNS | _SERVING_NOUNS:
            continue
        if keyword in ("porciones", "raciones", "comensales") or noun in _SERVING_NOUNS:
            kind = YieldKind.SERVINGS
        elif noun or keyword in ("salen", "sale"):
            kind = YieldKind.PIECES
        else:
            kind = YieldKind.SERVINGS
        amount = int(match["n"])
        if 1 <= amount <= 1000:
            opens = not _MARKER.sub("", text.strip())[: match.start()].strip(" (*#")
            return amount, kind, opens
    if match := _SERVINGS_AFTER.search(text):
        amount = int(match["n"])
        if 1 <= amount <= 1000:
            return amount, YieldKind.SERVINGS, match.start() == 0
    return None


_MOULD_WORD = re.compile(
    r"(?<![^\W_])(?:molde|tortera|budinera|placa|asadera|aro|tartera|fuente|flanera|bandeja)s?"
    r"(?![^\W_])",
    re.I,
)
_SENTENCE_END = re.compile(r"[;\n]|\.(?!\d)(?!\s*(?:de\s+)?(?:alto|altura))")
_MOULD_OPENERS = _words("para un una uno 1 en con de")
_CM = r"(\d{1,3}(?:[.,]\d+)?)"
_BY = r"\s*(?:cm)?\s*(?:x|×|por)\s*"
_HEIGHT = re.compile(
    rf"(?:,|y|x)?\s*(?:de\s+)?{_CM}\s*(?:cm|cms|centímetros)?\.?\s*de\s+(?:alto|altura|profundidad)"
    rf"|(?:,|y)?\s*(?:alto|altura)\s*(?:de\s*)?:?\s*{_CM}\s*(?:cm)?",
    re.I,
)
_SIDES = re.compile(rf"{_CM}{_BY}{_CM}(?:{_BY}{_CM})?", re.I)
_SIDE = re.compile(
    rf"{_CM}\s*(?:cm|cms|centímetros)(?![^\W_])|(?:de|n[°º]|nro\.?|:)\s*{_CM}(?!\s*[^\W\d_])"
    r"(?![.,]?\d)",
    re.I,
)


def _centimetres(text: str | None, largest: float = 200) -> float | None:
    if text is None:
        return None
    value = float(text.replace(",", "."))
    return value if 1 <= value <= largest else None


def _read_mould(text: str) -> tuple[Mould, bool] | None:
    """(mould, whether the line opens with it) of "molde redondo de 22 cm", "molde de 20 x 30
    cm", "tortera de 24 cm de diámetro y 8 cm de alto"."""
    for match in _MOULD_WORD.finditer(text):
        after = text[match.end() : match.end() + 120]
        window = _SENTENCE_END.split(after, maxsplit=1)[0][:80]
        folded = _fold(window)
        height = None
        if found := _HEIGHT.search(window):
            height = _centimetres(found[1] or found[2], largest=50)
            window = window[: found.start()] + " " + window[found.end() :]
        width = length = None
        if sides := _SIDES.search(window):
            width, length = _centimetres(sides[1]), _centimetres(sides[2])
            height = height or _centimetres(sides[3], largest=50)
        elif side := _SIDE.search(window):
            width = _centimetres(side[1] or side[2])
        if width is None or (sides and length is None):
            continue
        if length is not None and length != width:
            mould = Mould(Shape.RECTANGLE, width, length, height)
        elif length is not None or "cuadrad" in folded:
            mould = Mould(Shape.SQUARE, width, None, height)
        elif "rectangular" in folded or match[0].lower().startswith("budinera"):
            continue  # a rectangle needs both sides
        else:
            mould = Mould(Shape.ROUND, width, None, height)
        before = _fold(_MARKER.sub("", text.strip())[: match.start()])
        opens = set(re.findall(r"[^\W_]+", before)) <= _MOULD_OPENERS
        return mould, opens
    return None


def _is_step_start(line: str) -> bool:
    """A sentence after the ingredients starts the steps when no heading did: "1. Batir los
    huevos…", or a line of eight words or more (five ending in a full stop) with no amount."""
    marker = _STEP_NUMBER.match(line)
    rest = line[marker.end() :] if marker else line
    parsed = parse_ingredient_line(rest)
    if parsed.quantity is not None or parsed.unit is Unit.TO_TASTE or _ASIDE_LINE.match(rest):
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
        if (found := _read_yield(line)) and (mode != "steps" or found[2]):
            yield_found = yield_found or found[:2]
            if found[2] and len(line) <= 60:
                # "Rinde 12 porciones. Molde redondo de 24 cm." states both.
                if mould is None and (mould_found := _read_mould(line)):
                    mould = mould_found[0]
                continue
        if heading := _heading(line):
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
        mould_found = _read_mould(line)
        if mould_found and mould is None:
            mould = mould_found[0]
        if mode in ("before", "ingredients") and mould_found and mould_found[1]:
            continue
        if (mode == "ingredients" or (mode == "before" and groups)) and _is_step_start(line):
            mode = "steps"
        if mode in ("before", "ingredients"):
            parsed = parse_ingredient_line(line)
            if mode == "before" and (
                parsed.quantity is None or not re.match(r"[\d¼½¾⅓⅔⅛]", _MARKER.sub("", line))
            ):
                continue
            if line_count < MAX_LINES:
                if not groups:
                    groups.append(("", []))
                groups[-1][1].append(parsed)
                line_count += 1
        elif mode == "steps":
            marker = _STEP_NUMBER.match(line)
            body = _MARKER.sub("", line[marker.end() :] if marker else line).strip()
            if not re.search(r"[^\W\d_]", body) or _ASIDE_LINE.match(body):
                continue  # a number alone on its line ("1", "Paso 2"), or a tip
            continued = not (marker or prefix or _MARKER.match(line))
            if continued and steps and body[0].islower():
                joined = f"{steps[-1].text} {body}"
                steps[-1] = Step(joined, steps[-1].timer_minutes or _read_timer(body))
            elif len(steps) < MAX_STEPS:
                body = f"{prefix}: {body}" if prefix else body
                steps.append(Step(body, _read_timer(body)))
            prefix = ""
    amount, kind = yield_found or (None, YieldKind.SERVINGS)
    return RecipeStructure(
        yield_amount=amount,
        yield_kind=kind,
        mould=mould,
        groups=tuple(IngredientGroup(title, tuple(found)) for title, found in groups if found),
        steps=tuple(steps),
    )
