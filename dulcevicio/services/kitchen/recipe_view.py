"""What the recipe page and kitchen mode show of a structure: each line at its base yield
with the facts the browser needs to scale and convert it, each step with its own lines."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dulcevicio.models.recipe_structure import IngredientLine, RecipeStructure, Step
from dulcevicio.services.kitchen.display import amount_text, line_text
from dulcevicio.services.kitchen.ingredients import IngredientFacts, facts_for
from dulcevicio.services.search.text import stems

# Words that name how much or which part, not the ingredient a step talks about.
_NOT_THE_INGREDIENT = frozenset(stems("resto mitad parte cantidad taza cucharada pizca sobre"))


@dataclass(frozen=True)
class LineView:
    number: int  # 1-based across the whole recipe: the checklist's and the steps' key
    line: IngredientLine
    amount: str
    text: str
    facts: IngredientFacts | None


@dataclass(frozen=True)
class StepView:
    number: int
    step: Step
    lines: tuple[LineView, ...]


@dataclass(frozen=True)
class RecipeView:
    structure: RecipeStructure
    groups: tuple[tuple[str, tuple[LineView, ...]], ...]
    steps: tuple[StepView, ...]

    @property
    def lines(self) -> list[LineView]:
        return [view for _, views in self.groups for view in views]

    def shopping_list(self, title: str) -> str:
        """The list as WhatsApp text, at the base yield; the page's script rewrites it
        for the yield and units the student picked."""
        parts = [title]
        for group, views in self.groups:
            if group:
                parts.append(f"\n{group}")
            parts.extend(f"- {view.text}" for view in views)
        return "\n".join(parts)


def _key_stems(line: IngredientLine) -> list[str]:
    return [stem for stem in stems(line.ingredient) if stem not in _NOT_THE_INGREDIENT]


def _find(phrase: list[str], said: list[str], taken: set[int]) -> range | None:
    for start in range(len(said) - len(phrase) + 1):
        span = range(start, start + len(phrase))
        if said[start : span.stop] == phrase and not taken.intersection(span):
            return span
    return None


def _lines_of_step(step: Step, views: list[LineView]) -> tuple[LineView, ...]:
    """The lines whose ingredient the step names ("Batir la manteca con el azúcar").

    An ingredient is named by its whole name or by its first word ("harina" for "harina
    de trigo"); whole names are looked for first, longest first, and the words they cover
    name nothing else ("dulce de leche" is not also "leche").
    """
    said = stems(step.text)
    taken: set[int] = set()
    named = set()
    phrases = [(view, _key_stems(view.line)) for view in views]
    for view, phrase in sorted(phrases, key=lambda pair: -len(pair[1])):
        span = _find(phrase, said, taken) if phrase else None
        if span:
            taken.update(span)
            named.add(view.number)
    for view, phrase in phrases:
        if phrase and view.number not in named:
            span = _find(phrase[:1], said, taken)
            if span:
                taken.update(span)
                named.add(view.number)
    return tuple(view for view in views if view.number in named)


# A structure is a frozen value: equal structures have the same view. Reading the step
# texts' stems costs more than the rest of the page; a worker does it once per version.
@lru_cache(maxsize=512)
def recipe_view(structure: RecipeStructure) -> RecipeView:
    number = 0
    groups = []
    for group in structure.groups:
        views = []
        for line in group.lines:
            number += 1
            views.append(
                LineView(
                    number=number,
                    line=line,
                    amount=amount_text(line),
                    text=line_text(line),
                    facts=facts_for(line.ingredient) if line.ingredient else None,
                )
            )
        groups.append((group.title, tuple(views)))
    every_line = [view for _, views in groups for view in views]
    steps = tuple(
        StepView(number=index, step=step, lines=_lines_of_step(step, every_line))
        for index, step in enumerate(structure.steps, start=1)
    )
    return RecipeView(structure=structure, groups=tuple(groups), steps=steps)
