"""Kitchen facts about an ingredient, found by its name: density, weight of one, liquid or
not, and the kind of ingredient that scales differently (leavening, salt, spice, egg).

The facts are ingredients.json, next to this module (read once, at import): grams per US
cup (236.6 ml) as King Arthur Baking or USDA FoodData Central publish them, so the density
is that weight / 236.6 g per ml. The recipe page passes each line's facts to
static/js/recipe_scale.js, which converts with the 240 ml "taza medidora" of Spanish recipes.

A name is matched as whole words: the longest of an entry's names found in the folded
ingredient wins ("harina leudante" over "harina", "nuez moscada" over "nuez"), a simple
plural matches its singular ("huevos", "nueces"), and among names of the same length the one
found first (the head noun of a Spanish phrase: "harina de avena" is a flour).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dulcevicio.services.search.text import fold

DATA_PATH = Path(__file__).with_name("ingredients.json")

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class IngredientFacts:
    key: str
    grams_per_ml: float | None
    grams_each: float | None
    liquid: bool
    kind: str | None  # None, "leavening", "salt", "spice" or "egg"

    def for_browser(self) -> dict[str, Any]:
        """The facts as recipe_scale.js reads them on a line."""
        return {
            "gramsPerMl": self.grams_per_ml,
            "gramsEach": self.grams_each,
            "liquid": self.liquid,
            "kind": self.kind,
        }


def _load() -> tuple[dict[str, Any], tuple[tuple[tuple[str, ...], IngredientFacts], ...]]:
    data = json.loads(DATA_PATH.read_text("utf-8"))
    us_cup_ml = data["us_cup_ml"]  # what the sources' "cup" holds: 236.6 ml
    names = []
    for entry in data["ingredients"]:
        per_cup = entry["grams_per_cup"]
        facts = IngredientFacts(
            key=entry["key"],
            grams_per_ml=None if per_cup is None else round(per_cup / us_cup_ml, 4),
            grams_each=entry["grams_each"],
            liquid=bool(entry["liquid"]),
            kind=entry["kind"],
        )
        names.extend((tuple(_WORD.findall(fold(name))), facts) for name in entry["names"])
    # Longest names first: the first one found in an ingredient is among the longest.
    names.sort(key=lambda item: (-len(item[0]), -len(" ".join(item[0]))))
    return data, tuple(names)


DATA, _NAMES = _load()
US_CUP_ML: float = DATA["us_cup_ml"]


def _same_word(word: str, name_word: str) -> bool:
    """Whether two folded words are the same but for a simple Spanish plural."""
    if word == name_word:
        return True
    short, long = sorted((word, name_word), key=len)
    if len(short) < 3 or not long.startswith(short[:-1]):
        return False
    return long in (short + "s", short + "es") or (
        short.endswith("z") and long == short[:-1] + "ces"
    )


def _position(words: list[str], name: tuple[str, ...]) -> int | None:
    """Where the name's words first appear, in order and together, among the words."""
    for start in range(len(words) - len(name) + 1):
        if all(_same_word(words[start + i], part) for i, part in enumerate(name)):
            return start
    return None


@lru_cache(maxsize=2048)
def facts_for(ingredient: str) -> IngredientFacts | None:
    """The facts of the entry whose name is found in `ingredient`, or None."""
    words = _WORD.findall(fold(ingredient or ""))
    if not words:
        return None
    best: tuple[int, int, int] | None = None
    found = None
    for name, facts in _NAMES:
        if best is not None and len(name) < -best[0]:
            break  # only shorter names are left
        position = _position(words, name)
        if position is None:
            continue
        rank = (-len(name), position, -len(" ".join(name)))
        if best is None or rank < best:
            best, found = rank, facts
    return found


def browser_facts(ingredient: str) -> dict[str, Any]:
    """A line's facts for recipe_scale.js; an unknown ingredient has none (no conversion)."""
    facts = facts_for(ingredient)
    if facts is None:
        return {"gramsPerMl": None, "gramsEach": None, "liquid": False, "kind": None}
    return facts.for_browser()
