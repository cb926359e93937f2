"""Forms of a recipe's structure: the pasted text to propose it from, and the editor (yield,
mould, and the rows of recipe_structure_rows: one per ingredient line, one per step)."""

from __future__ import annotations

from wtforms import FormField, IntegerField, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from dulcevicio.admin.forms.fields import CentimetresField, at_most, choices, enum_coerce, typed
from dulcevicio.admin.forms.recipe_structure_rows import (
    NO_LESSON,
    IngredientRowForm,
    StepRowForm,
)
from dulcevicio.admin.forms.rows import RowList
from dulcevicio.forms import BaseForm
from dulcevicio.models import Lesson
from dulcevicio.models.recipe_structure import (
    IngredientGroup,
    IngredientLine,
    Mould,
    RecipeStructure,
    Shape,
    YieldKind,
)

MAX_INGREDIENTS, MAX_STEPS = 200, 100
RECIPE_TEXT_MAX_LENGTH = 50_000  # as the recipe's own text (RecipeForm)
SHAPE_LABELS = {Shape.ROUND: "Redondo", Shape.SQUARE: "Cuadrado", Shape.RECTANGLE: "Rectangular"}
YIELD_LABELS = {YieldKind.SERVINGS: "porciones", YieldKind.PIECES: "unidades"}


def shape_coerce(value) -> Shape | None:
    """An empty choice is no mould; an unknown shape is an invalid choice."""
    if value in (None, "") or isinstance(value, Shape):
        return value or None
    return Shape(value)


class RecipeTextForm(BaseForm):
    """The recipe's text, pasted to propose a structure from it (nothing is saved)."""

    recipe_text = TextAreaField(
        "Texto de la receta",
        description="Pega la receta (ingredientes y pasos) y pide una propuesta: "
        "la revisas abajo antes de guardar.",
        validators=[at_most(RECIPE_TEXT_MAX_LENGTH, "El texto")],
        render_kw={"rows": 8},
    )


class RecipeStructureForm(BaseForm):
    """The whole structure. Rows left blank are ignored; consecutive ingredient rows with
    the same group title form one group."""

    yield_amount = IntegerField(
        "Rinde",
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message="Escribe un rendimiento entre 1 y 500."),
        ],
        render_kw={"min": 1, "max": 500},
    )
    yield_kind = SelectField(
        "Se cuenta en",
        choices=choices(YIELD_LABELS.items()),
        coerce=enum_coerce(YieldKind),
        default=YieldKind.SERVINGS,
        invalid_choice_message="Elige porciones o unidades.",
    )
    shape = SelectField(
        "Molde",
        choices=choices([("", "Sin molde"), *SHAPE_LABELS.items()]),
        coerce=shape_coerce,
        invalid_value_message="Elige la forma del molde de la lista.",
    )
    width_cm = CentimetresField(
        "Ancho o diámetro (cm)", 5, 60, "El molde debe medir entre 5 y 60 cm."
    )
    length_cm = CentimetresField(
        "Largo (cm)",
        5,
        60,
        "El molde debe medir entre 5 y 60 cm.",
        description="Solo para un molde rectangular.",
    )
    height_cm = CentimetresField(
        "Alto (cm)", 1, 30, "La altura del molde debe estar entre 1 y 30 cm."
    )
    # One more than allowed is read, so that a longer list is refused, not cut short.
    ingredients = RowList(FormField(IngredientRowForm), max_entries=MAX_INGREDIENTS + 1)
    steps = RowList(FormField(StepRowForm), max_entries=MAX_STEPS + 1)

    def __init__(self, *args, lessons: list[Lesson], **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson_choices = choices(
            [NO_LESSON]
            + [
                (
                    str(lesson.id),
                    f"{n}. {lesson.title}" + ("" if lesson.is_active else " (inactiva)"),
                )
                for n, lesson in enumerate(lessons, 1)
            ]
        )
        self._prepare_rows()

    def add_rows(self, ingredients: int, steps: int) -> None:
        """Blank rows at the end of each list, as many as the caps leave room for."""
        for rows, count, cap in (
            (self.ingredients, ingredients, MAX_INGREDIENTS),
            (self.steps, steps, MAX_STEPS),
        ):
            for _ in range(max(0, min(count, cap - len(rows)))):
                rows.append_entry()
        self._prepare_rows()

    def _prepare_rows(self) -> None:
        """Number each row's labels ("Cantidad, fila 3"); give each step the course's lessons."""
        for rows in (self.ingredients, self.steps):
            rows.number_labels()
        for row in self.steps:
            row.form.lesson.choices = self.lesson_choices

    def validate_ingredients(self, field: RowList) -> None:
        if len(field.entries) > MAX_INGREDIENTS:
            raise ValidationError(f"Puedes cargar como máximo {MAX_INGREDIENTS} ingredientes.")

    def validate_steps(self, field: RowList) -> None:
        if len(field.entries) > MAX_STEPS:
            raise ValidationError(f"Puedes cargar como máximo {MAX_STEPS} pasos.")

    def validate_shape(self, field: SelectField) -> None:
        measured = any(typed(f) for f in (self.width_cm, self.length_cm, self.height_cm))
        if field.data is None and measured:
            raise ValidationError("Elige la forma del molde (o borra sus medidas).")

    def validate_width_cm(self, field: CentimetresField) -> None:
        if self.shape.data and not field.errors and field.data is None:
            raise ValidationError("Escribe el ancho (o el diámetro) del molde.")

    def validate_length_cm(self, field: CentimetresField) -> None:
        if field.errors or self.shape.data is None:
            return
        if self.shape.data is Shape.RECTANGLE and field.data is None:
            raise ValidationError("Escribe el largo del molde rectangular.")
        if self.shape.data is not Shape.RECTANGLE and field.data is not None:
            raise ValidationError("Solo un molde rectangular tiene largo: bórralo.")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self._ingredient_rows() and not self._step_rows():
            self.form_errors.append(
                "La estructura está vacía: agrega ingredientes o pasos (o usa «Quitar estructura»)."
            )
            return False
        return True

    def _ingredient_rows(self) -> list[IngredientRowForm]:
        return [row.form for row in self.ingredients if not row.form.is_blank()]

    def _step_rows(self) -> list[StepRowForm]:
        return [row.form for row in self.steps if not row.form.is_blank()]

    def structure(self) -> RecipeStructure:
        """The validated form as a structure."""
        groups: list[tuple[str, list[IngredientLine]]] = []
        for row in self._ingredient_rows():
            if not groups or groups[-1][0] != row.group.data:
                groups.append((row.group.data, []))
            groups[-1][1].append(row.line())
        shape = self.shape.data
        return RecipeStructure(
            yield_amount=self.yield_amount.data,
            yield_kind=self.yield_kind.data,
            mould=None
            if shape is None
            else Mould(
                shape=shape,
                width_cm=self.width_cm.data,
                length_cm=self.length_cm.data,
                height_cm=self.height_cm.data,
            ),
            groups=tuple(IngredientGroup(title, tuple(lines)) for title, lines in groups),
            steps=tuple(row.step() for row in self._step_rows()),
        )
