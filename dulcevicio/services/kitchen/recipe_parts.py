"""The parts of a whole pasted recipe besides its ingredient lines: headings of sections,
yield, mould and step timers.

Ranges of time and yield take their lower bound ("de 40 a 45 minutos" sets a 40-minute timer:
a cake checked early can bake on, one checked late is burnt).
"""

from __future__ import annotations

import re

from dulcevicio.models.recipe_structure import Mould, Shape, YieldKind
from dulcevicio.services.kitchen.pasted_text import (
    LIST_MARKER,
    TO_TASTE,
    WORD_NUMBER,
    WORD_NUMBERS,
    alternation,
    fold,
    lookup,
)
from dulcevicio.services.kitchen.quantities import AMOUNT_PATTERN, QuantityError, parse_quantity

# Longest timer worth proposing (two days of rest in the fridge).
MAX_TIMER_MINUTES = 48 * 60


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STEP_HEADINGS = ("preparacion", "procedimiento", "elaboracion", "pasos", "paso a paso")
_STEP_HEADINGS += ("modo de preparacion", "modo de hacerlo", "instrucciones", "metodo")
_STEP_HEADINGS += ("armado", "montaje", "coccion", "horneado")
_ASIDE_HEADINGS = ("notas", "nota", "tips", "consejos", "observaciones", "sugerencias")
_GROUP_WORDS = _words(
    "masa relleno cobertura merengue almibar glaseado ganache base decoracion crema "
    "bizcochuelo caramelo bano frosting topping crumble streusel salsa mousse cubierta "
    "almíbar baño decoración"
)


def read_heading(line: str) -> tuple[str, str] | None:
    """("ingredients" | "steps" | "aside" | "group", title) for a heading line, else None."""
    clean = LIST_MARKER.sub("", line.strip(" \t#*_=~")).strip(" \t#*_")
    colon = clean.endswith(":")
    title = clean.rstrip(":").strip()
    if not title or len(title) > 60:
        return None
    folded = fold(title)
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
    if any(char.isdigit() for char in title) or TO_TASTE.search(title):
        return None
    if (colon and len(words) <= 6) or (words[0] == "para" and 2 <= len(words) <= 5):
        return "group", title
    if words[0] in _GROUP_WORDS and len(words) <= 4:
        return "group", title
    return None


_NUMBER_WORDS = rf"{AMOUNT_PATTERN}|{alternation(WORD_NUMBERS)}"
_DURATION = re.compile(
    rf"(?<![^\W_])(?P<low>{_NUMBER_WORDS})(?:\s*(?:-|–|a|o|y)\s*(?P<high>{_NUMBER_WORDS}))?\s*"
    r"(?P<unit>horas?|hrs?\.?|hs?\.?|minutos?|mins?\.?|'|′|segundos?|segs?\.?)(?![^\W_])"
    r"(?:\s*(?:y\s+)?(?P<extra>\d{1,2})\s*(?:minutos?|mins?\.?|'|′)(?![^\W_])"
    r"|\s+y\s+(?P<half>media|cuarto)(?![^\W_]))?",
    re.I,
)
_SLASHED_RANGE = re.compile(r"(?<![\d/])(\d{2,})\s*/\s*(\d{2,})(?![\d/])")
ASIDE_LINE = re.compile(
    r"^\W*(?:notas?|tips?|consejos?|sugerencias?|importante)(?![^\W_])[^:]{0,30}:", re.I
)
_QUARTER_HOUR = re.compile(r"(?<![^\W_])(?:un\s+)?cuarto\s+de\s+hora", re.I)
STEP_NUMBER = re.compile(
    r"^(?:paso\s*\d{1,3}\s*[.):\-–]?|\d{1,3}\s*(?:[.)](?!\d)|[-–:°º](?!\d)))\s*", re.I
)


def _number(text: str) -> float:
    return lookup(WORD_NUMBERS, text) if WORD_NUMBER.fullmatch(text) else parse_quantity(text)[0]


def read_timer(text: str) -> int | None:
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


def read_yield(text: str) -> tuple[int, YieldKind, bool] | None:
    """(amount, kind, whether the line opens with it) of "Rinde 8 porciones", "Para 12
    personas", "Porciones: 10", "Salen 24 alfajores"."""
    text = text[:200]  # a yield is stated in a short line or near a step's start
    for match in _YIELD.finditer(text):
        keyword, noun = fold(match["kw"]), fold(match["noun"] or "")
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
            opens = not LIST_MARKER.sub("", text.strip())[: match.start()].strip(" (*#")
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


def read_mould(text: str) -> tuple[Mould, bool] | None:
    """(mould, whether the line opens with it) of "molde redondo de 22 cm", "molde de 20 x 30
    cm", "tortera de 24 cm de diámetro y 8 cm de alto"."""
    for match in _MOULD_WORD.finditer(text):
        after = text[match.end() : match.end() + 120]
        window = _SENTENCE_END.split(after, maxsplit=1)[0][:80]
        folded = fold(window)
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
        before = fold(LIST_MARKER.sub("", text.strip())[: match.start()])
        opens = set(re.findall(r"[^\W_]+", before)) <= _MOULD_OPENERS
        return mould, opens
    return None
