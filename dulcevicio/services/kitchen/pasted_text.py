"""The marks and words pasted Spanish recipes are written with, read alike by the reader of
one ingredient line and the readers of a whole recipe's parts."""

from __future__ import annotations

import re
import unicodedata

WORD_END = r"(?![^\W_])"  # not followed by a letter or a digit
WORD_NUMBERS = {
    "un cuarto": 0.25, "tres cuartos": 0.75, "un tercio": 1 / 3, "un par": 2, "un": 1,
    "una": 1, "uno": 1, "media": 0.5, "medio": 0.5, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
    "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40, "sesenta": 60,
}  # fmt: skip


def alternation(words) -> str:
    """A regex matching any of `words`, longest first, spaces as any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def lookup(table: dict, written: str):
    """`table`'s value for `written` as the case-blind pattern matched it ("KİLO", "Cdas")."""
    key = " ".join(written.lower().split())
    if key in table:
        return table[key]
    return next(v for k, v in table.items() if re.fullmatch(alternation([k]), written, re.I))


def fold(text: str) -> str:
    """`text` lower-cased and without accents, to compare words ("Preparación", "preparacion")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


WORD_NUMBER = re.compile(rf"(?P<word>{alternation(WORD_NUMBERS)}){WORD_END}", re.I)
LIST_MARKER = re.compile(r"^(?:[-–—•*·▪►✓✔>]+\s*|\d{1,2}\s*[.)]\s+)+")
TO_TASTE = re.compile(
    r"(?<![^\W_])(?:al\s+gusto|a\s+gusto|seg[uú]n\s+gusto|c/n|c\.\s?n\.?|c/s|"
    r"cantidad\s+(?:necesaria|suficiente)|cant\.\s*nec(?:esaria)?\.?|lo\s+necesario)" + WORD_END,
    re.I,
)
