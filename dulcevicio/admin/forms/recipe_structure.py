"""Forms of a recipe's structure: the pasted text to propose it from, and the editor (yield,
mould, one row per ingredient line, one row per step)."""

from __future__ import annotations

import re

from markupsafe import Markup
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from dulcevicio.admin.forms.fields import DurationField, choices, enum_coerce
from dulcevicio.forms import BaseForm
from dulcevicio.models import Lesson
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
from dulcevicio.routing import parse_id
from dulcevicio.services.kitchen.quantities import QuantityError, format_quantity, parse_quantity

MAX_INGREDIENTS, MAX_STEPS = 200, 100
MAX_QUANTITY_LENGTH = 40
RECIPE_TEXT_MAX_LENGTH = 50_000  # as the recipe's own text (RecipeForm)
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
SHAPE_LABELS = {Shape.ROUND: "Redondo", Shape.SQUARE: "Cuadrado", Shape.RECTANGLE: "Rectangular"}
YIELD_LABELS = {YieldKind.SERVINGS: "porciones", YieldKind.PIECES: "unidades"}
NO_LESSON = ("", "Sin lección")
# A checkbox's visible label, numbered for screen readers.
ROW_LABEL = Markup('{}<span class="visually-hidden">, fila {}</span>')


def squeeze(value) -> str:
    """One line of text: spaces collapsed, none at either end ("" for a field not sent)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def strip(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def typed(field) -> bool:
    """Whether anything but spaces was sent for `field` (its data may be None on an error)."""
    return bool(field.raw_data and str(field.raw_data[0]).strip())


def row_field(kind, label: str, placeholder: str | None = None, **kwargs):
    """A field of a repeated row: its label is read by screen readers only (the columns
    have visible headings), numbered by RecipeStructureForm."""
    render_kw = {"label_class": "visually-hidden"}
    if kind is not SelectField:
        render_kw["placeholder"] = placeholder or label
    return kind(label, render_kw=render_kw | kwargs.pop("render_kw", {}), **kwargs)


def at_most(length: int, what: str) -> Length:
    limit = f"{length:,}".replace(",", " ")  # 50 000, as Spanish writes it
    return Length(max=length, message=f"{what} puede tener como máximo {limit} caracteres.")


def shape_coerce(value) -> Shape | None:
    """An empty choice is no mould; an unknown shape is an invalid choice."""
    if value in (None, "") or isinstance(value, Shape):
        return value or None
    return Shape(value)


def lesson_coerce(value) -> int | None:
    """An empty choice is no lesson; anything but an id is an invalid choice (the choices
    say which ids)."""
    if value in (None, ""):
        return None
    ident = parse_id(value)
    if ident is None:
        raise ValueError(value)
    return ident


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


class CentimetresField(StringField):
    """A length in centimetres, "22" or "22,5", between `low` and `high`; data is a float,
    or None when left empty."""

    pattern = re.compile(r"^\d{1,4}(?:[.,]\d{1,2})?$")

    def __init__(self, label: str, low: int, high: int, message: str, **kwargs):
        super().__init__(label, **kwargs)
        self.low, self.high, self.message = low, high, message

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:.2f}".rstrip("0").rstrip(".").replace(".", ",")

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        if not self.pattern.match(text):
            raise ValueError("Escribe los centímetros con números, por ejemplo 22 o 22,5.")
        value = float(text.replace(",", "."))
        if not self.low <= value <= self.high:
            raise ValueError(self.message)
        self.data = value


class SecondField(DurationField):
    """A moment of a lesson's video: "95" or "1:35" is second 95."""

    message = "Escribe el segundo como mm:ss o en segundos (por ejemplo 1:35)."


class RowList(FieldList):
    """A FieldList that reads only short ASCII row numbers: str.isdigit() also takes "²",
    which int() refuses, and int() refuses numbers of thousands of digits."""

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and len(index) <= 6:
                    yield int(index)


class RowForm(BaseForm):
    """A row of the editor; the page's form carries the CSRF token."""

    class Meta:
        csrf = False


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
            for number, row in enumerate(rows, 1):
                for field in row.form:
                    field.base_label = getattr(field, "base_label", field.label.text)
                    field.label.text = (
                        ROW_LABEL.format(field.base_label, number)
                        if field.type == "BooleanField"
                        else f"{field.base_label}, fila {number}"
                    )
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
