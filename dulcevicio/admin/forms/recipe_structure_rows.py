"""The rows of a recipe structure's editor: one per ingredient line, one per step."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from dulcevicio.admin.forms.fields import (
    SecondField,
    at_most,
    choices,
    enum_coerce,
    squeeze,
    strip,
    typed,
)
from dulcevicio.admin.forms.rows import RowForm, row_field
from dulcevicio.models.recipe_structure import IngredientLine, Step, Unit
from dulcevicio.routing import parse_id
from dulcevicio.services.kitchen.quantities import QuantityError, parse_quantity

MAX_QUANTITY_LENGTH = 40
UNIT_LABELS = {
    Unit.GRAM: "g",
    Unit.KILOGRAM: "kg",
    Unit.MILLILITRE: "ml",
    Unit.LITRE: "l",
    Unit.CUP: "taza",
    Unit.TABLESPOON: "cda (cucharada)",
    Unit.TEASPOON: "cdta (cucharadita)",
    Unit.PINCH: "pizca",
    Unit.PIECE: "unidad",
    Unit.COUNT: "(sin unidad)",
    Unit.TO_TASTE: "al gusto",
}
# Units whose line may go without a number: "sal al gusto", "una pizca de sal".
UNITS_WITHOUT_QUANTITY = frozenset({Unit.TO_TASTE, Unit.PINCH})
NO_LESSON = ("", "Sin lección")


def lesson_coerce(value) -> int | None:
    """An empty choice is no lesson; anything but an id is an invalid choice (the choices
    say which ids)."""
    if value in (None, ""):
        return None
    ident = parse_id(value)
    if ident is None:
        raise ValueError(value)
    return ident


class IngredientRowForm(RowForm):
    group = row_field(
        StringField,
        "Grupo",
        "Grupo (opcional)",
        filters=[squeeze],
        validators=[at_most(120, "El grupo")],
    )
    quantity = row_field(StringField, "Cantidad", filters=[squeeze])
    unit = row_field(
        SelectField,
        "Unidad",
        choices=choices(UNIT_LABELS.items()),
        coerce=enum_coerce(Unit),
        default=Unit.COUNT,
        invalid_choice_message="Elige una unidad de la lista.",
    )
    ingredient = row_field(
        StringField,
        "Ingrediente",
        filters=[squeeze],
        validators=[at_most(120, "El ingrediente")],
    )
    note = row_field(
        StringField,
        "Nota",
        "Nota (opcional)",
        filters=[squeeze],
        validators=[at_most(200, "La nota")],
    )
    pinned = BooleanField("No escalar")

    def is_blank(self) -> bool:
        return not any((self.group.data, self.quantity.data, self.ingredient.data, self.note.data))

    def is_note(self) -> bool:
        """A line kept only as a note: "Para decorar, lo que guste"."""
        return not self.ingredient.data and not self.quantity.data and bool(self.note.data)

    def validate_quantity(self, field: StringField) -> None:
        if self.is_blank():
            return
        if len(field.data) > MAX_QUANTITY_LENGTH:
            raise ValidationError("Escribe la cantidad con números, por ejemplo 1 ½, 1/2 o 2-3.")
        if field.data:
            try:
                parse_quantity(field.data)
            except QuantityError as error:
                raise ValidationError(str(error)) from error
            if self.unit.data is Unit.TO_TASTE:
                raise ValidationError("«Al gusto» va sin cantidad: deja la cantidad vacía.")
        elif self.ingredient.data and self.unit.data not in UNITS_WITHOUT_QUANTITY:
            raise ValidationError("Escribe la cantidad (o elige «al gusto»).")

    def validate_ingredient(self, field: StringField) -> None:
        if self.is_blank() or field.data or self.is_note():
            return
        if self.quantity.data:
            raise ValidationError("Escribe el ingrediente de esa cantidad.")
        raise ValidationError("Escribe el ingrediente (o deja solo la nota).")

    def line(self) -> IngredientLine:
        low, high = parse_quantity(self.quantity.data) if self.quantity.data else (None, None)
        return IngredientLine(
            ingredient=self.ingredient.data,
            quantity=low,
            quantity_max=high,
            unit=self.unit.data,
            note=self.note.data,
            pinned=self.pinned.data,
        )


class StepRowForm(RowForm):
    text = row_field(
        TextAreaField,
        "Paso",
        filters=[strip],
        validators=[at_most(1000, "Un paso")],
        render_kw={"rows": 2},
    )
    timer_minutes = row_field(
        IntegerField,
        "Temporizador (minutos)",
        "Minutos",
        validators=[
            Optional(),
            NumberRange(min=1, max=1440, message="El temporizador va de 1 a 1440 minutos."),
        ],
        render_kw={"min": 1, "max": 1440},
    )
    lesson = row_field(
        SelectField,
        "Lección",
        choices=choices([NO_LESSON]),
        coerce=lesson_coerce,
        invalid_value_message="Elige una lección de este curso.",
        invalid_choice_message="Elige una lección de este curso.",
    )
    second = row_field(SecondField, "Segundo del video", "mm:ss")

    def is_blank(self) -> bool:
        return not (
            self.text.data or typed(self.timer_minutes) or self.lesson.data or typed(self.second)
        )

    def validate_text(self, field: TextAreaField) -> None:
        if not field.data and not self.is_blank():
            raise ValidationError("Escribe el paso.")

    def validate_second(self, field: SecondField) -> None:
        if field.data is not None and self.lesson.data is None:
            raise ValidationError("Elige la lección de ese segundo.")

    def step(self) -> Step:
        lesson_id = self.lesson.data
        return Step(
            text=self.text.data,
            timer_minutes=self.timer_minutes.data,
            lesson_id=lesson_id,
            second=(self.second.data or 0) if lesson_id else None,
        )
