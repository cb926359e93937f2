"""A recipe's structure: yield, mould, ingredient groups and lines, numbered steps.

The structure is edited and read as a whole (the admin's editor replaces it, the recipe
page, kitchen mode and the book render it) and never queried by line, so it is stored as
one JSON document (text) on the recipe and loaded with it at no extra query. These frozen value
types are that document's shape; `from_json` reads what `to_json` wrote and refuses
anything else with `ValueError`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

import sqlalchemy as sa


class Unit(StrEnum):
    """The units a line may carry. COUNT is a bare number ("3 huevos")."""

    GRAM = "g"
    KILOGRAM = "kg"
    MILLILITRE = "ml"
    LITRE = "l"
    CUP = "taza"
    TABLESPOON = "cda"
    TEASPOON = "cdta"
    PINCH = "pizca"
    PIECE = "unidad"
    COUNT = ""
    TO_TASTE = "al gusto"


class YieldKind(StrEnum):
    SERVINGS = "porciones"
    PIECES = "unidades"


class Shape(StrEnum):
    ROUND = "redondo"
    SQUARE = "cuadrado"
    RECTANGLE = "rectangular"


@dataclass(frozen=True)
class Mould:
    """`width_cm` is the diameter of a round mould and the side of a square one."""

    shape: Shape
    width_cm: float
    length_cm: float | None = None
    height_cm: float | None = None

    @property
    def area_cm2(self) -> float:
        if self.shape is Shape.ROUND:
            return math.pi * (self.width_cm / 2) ** 2
        if self.shape is Shape.SQUARE:
            return self.width_cm**2
        return self.width_cm * (self.length_cm or self.width_cm)


@dataclass(frozen=True)
class IngredientLine:
    """One line: "200 g de harina de trigo (tamizada)".

    `quantity` is None for "al gusto" and for a line kept only as a note; `quantity_max`
    is a range's upper bound ("2-3 huevos"). A pinned line never scales.
    """

    ingredient: str
    quantity: float | None = None
    quantity_max: float | None = None
    unit: Unit = Unit.COUNT
    note: str = ""
    pinned: bool = False


@dataclass(frozen=True)
class IngredientGroup:
    title: str  # "Para la masa"; empty for a recipe with a single list
    lines: tuple[IngredientLine, ...] = ()


@dataclass(frozen=True)
class Step:
    """A numbered step; its timer in minutes, and a moment of one of the course's lessons."""

    text: str
    timer_minutes: int | None = None
    lesson_id: int | None = None
    second: int | None = None


@dataclass(frozen=True)
class RecipeStructure:
    yield_amount: int | None = None
    yield_kind: YieldKind = YieldKind.SERVINGS
    mould: Mould | None = None
    groups: tuple[IngredientGroup, ...] = ()
    steps: tuple[Step, ...] = field(default=())

    @property
    def lines(self) -> list[IngredientLine]:
        return [line for group in self.groups for line in group.lines]

    def without_lesson(self, lesson_id: int) -> RecipeStructure:
        """This structure with the steps' moments of a deleted lesson removed."""
        return replace(
            self,
            steps=tuple(
                replace(step, lesson_id=None, second=None) if step.lesson_id == lesson_id else step
                for step in self.steps
            ),
        )

    def to_json(self) -> dict[str, Any]:
        mould = self.mould
        return {
            "yield_amount": self.yield_amount,
            "yield_kind": self.yield_kind.value,
            "mould": None
            if mould is None
            else {
                "shape": mould.shape.value,
                "width_cm": mould.width_cm,
                "length_cm": mould.length_cm,
                "height_cm": mould.height_cm,
            },
            "groups": [
                {
                    "title": group.title,
                    "lines": [
                        {
                            "ingredient": line.ingredient,
                            "quantity": line.quantity,
                            "quantity_max": line.quantity_max,
                            "unit": line.unit.value,
                            "note": line.note,
                            "pinned": line.pinned,
                        }
                        for line in group.lines
                    ],
                }
                for group in self.groups
            ],
            "steps": [
                {
                    "text": step.text,
                    "timer_minutes": step.timer_minutes,
                    "lesson_id": step.lesson_id,
                    "second": step.second,
                }
                for step in self.steps
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> RecipeStructure:
        try:
            mould = data["mould"]
            return cls(
                yield_amount=data["yield_amount"],
                yield_kind=YieldKind(data["yield_kind"]),
                mould=None
                if mould is None
                else Mould(
                    shape=Shape(mould["shape"]),
                    width_cm=mould["width_cm"],
                    length_cm=mould["length_cm"],
                    height_cm=mould["height_cm"],
                ),
                groups=tuple(
                    IngredientGroup(
                        title=group["title"],
                        lines=tuple(
                            IngredientLine(
                                ingredient=line["ingredient"],
                                quantity=line["quantity"],
                                quantity_max=line["quantity_max"],
                                unit=Unit(line["unit"]),
                                note=line["note"],
                                pinned=line["pinned"],
                            )
                            for line in group["lines"]
                        ),
                    )
                    for group in data["groups"]
                ),
                steps=tuple(
                    Step(
                        text=step["text"],
                        timer_minutes=step["timer_minutes"],
                        lesson_id=step["lesson_id"],
                        second=step["second"],
                    )
                    for step in data["steps"]
                ),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a recipe structure: {error}") from error


@lru_cache(maxsize=1024)
def _read(text: str) -> RecipeStructure:
    return RecipeStructure.from_json(json.loads(text))


class RecipeStructureType(sa.TypeDecorator):
    """A RecipeStructure stored as JSON text.

    Text, not a JSON column: a course's page loads every recipe of the course, and a worker
    then reads each distinct text once (the structures are frozen values) instead of
    building every recipe's structure on every request.
    """

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: RecipeStructure | None, dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value.to_json(), ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect) -> RecipeStructure | None:
        return None if value is None else _read(value)
