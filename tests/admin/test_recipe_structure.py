"""The admin's structured-recipe editor: propose from the pasted text, edit, save, remove."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Lesson, Recipe
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
from tests import media
from tests.admin.conftest import counting_queries, field_errors, flashes
from tests.security.sitewalk import post_forms

PASTED = """Bizcocho de vainilla
Rinde 8 porciones

Ingredientes
250 g de harina de trigo (tamizada)
2-3 huevos
1 ½ tazas de leche
sal al gusto

Preparación
1. Batir los huevos con la leche.
2. Hornear 40 minutos a 180 °C.
"""
PREVIOUS = RecipeStructure(
    yield_amount=12,
    groups=(IngredientGroup("", (IngredientLine("harina", 100, unit=Unit.GRAM),)),),
    steps=(Step("Mezclar."),),
)


def structure_url(course, recipe) -> str:
    return f"/admin/cursos/{course.id}/recetas/{recipe.id}/estructura"


def ingredient(index: int, quantity: str, unit: str, name: str, **fields) -> dict:
    row = {"group": "", "quantity": quantity, "unit": unit, "ingredient": name, "note": ""}
    row |= fields
    return {f"ingredients-{index}-{key}": value for key, value in row.items()}


def step(index: int, text: str, **fields) -> dict:
    row = {"text": text, "timer_minutes": "", "lesson": "", "second": ""} | fields
    return {f"steps-{index}-{key}": value for key, value in row.items()}


def page_form(url: str, html: str, action: str) -> dict:
    """The fields of the page's form for `url` whose first button is `action`, as a browser
    sends them (the harvester takes every checkbox as checked)."""
    found = [f.fields for f in post_forms(url, html) if f.action == url]
    fields = next(fields for fields in found if fields.get("action") == action)
    checked = set(re.findall(r'<input[^>]*\bchecked\b[^>]*name="([^"]+)"', html))
    checked |= set(re.findall(r'<input[^>]*name="([^"]+)"[^>]*\bchecked\b', html))
    return {k: v for k, v in fields.items() if not k.endswith("-pinned") or k in checked}


def lesson_ids(app, course) -> list[int]:
    with app.app_context():
        return db.session.scalars(
            sa.select(Lesson.id).where(Lesson.course_id == course.id).order_by(Lesson.position)
        ).all()


def editor_data(lessons: list[int], **overrides) -> dict:
    """A whole recipe as the editor posts it, two groups and three steps, a blank row each."""
    masa, decorar = {"group": "Para la masa"}, {"group": "Para decorar"}
    data = {
        "action": "guardar",
        "yield_amount": "8",
        "yield_kind": "porciones",
        "shape": "redondo",
        "width_cm": "22",
        "length_cm": "",
        "height_cm": "7,5",
        **ingredient(0, "250", "g", "harina de trigo", note="tamizada", **masa),
        **ingredient(1, "2-3", "", "huevos", **masa),
        **ingredient(2, "1 ½", "taza", "leche", **masa),
        **ingredient(3, "1/2", "cdta", "sal", pinned="y", **masa),
        **ingredient(4, "", "al gusto", "azúcar glas", **decorar),
        **ingredient(5, "", "", "", note="Se puede congelar un mes.", **decorar),
        **ingredient(6, "", "", ""),
        **step(0, "Precalentar el horno a 180 °C."),
        **step(1, "Hornear.", timer_minutes="40", lesson=str(lessons[0]), second="1:35"),
        **step(2, "Mirar cómo se desmolda.", lesson=str(lessons[1])),
        **step(3, ""),
    }
    return data | overrides


def expected(lessons: list[int]) -> RecipeStructure:
    return RecipeStructure(
        yield_amount=8,
        yield_kind=YieldKind.SERVINGS,
        mould=Mould(Shape.ROUND, 22, None, 7.5),
        groups=(
            IngredientGroup(
                "Para la masa",
                (
                    IngredientLine("harina de trigo", 250, unit=Unit.GRAM, note="tamizada"),
                    IngredientLine("huevos", 2, 3),
                    IngredientLine("leche", 1.5, unit=Unit.CUP),
                    IngredientLine("sal", 0.5, unit=Unit.TEASPOON, pinned=True),
                ),
            ),
            IngredientGroup(
                "Para decorar",
                (
                    IngredientLine("azúcar glas", unit=Unit.TO_TASTE),
                    IngredientLine("", note="Se puede congelar un mes."),
                ),
            ),
        ),
        steps=(
            Step("Precalentar el horno a 180 °C."),
            Step("Hornear.", timer_minutes=40, lesson_id=lessons[0], second=95),
            Step("Mirar cómo se desmolda.", lesson_id=lessons[1], second=0),
        ),
    )


def stored(app, recipe) -> RecipeStructure | None:
    with app.app_context():
        return db.session.get(Recipe, recipe.id).structure


@pytest.fixture
def course(make_course):
    return make_course(title="Tortas", lessons=2)


@pytest.fixture
def recipe(make_recipe, course):
    return make_recipe(course, "Bizcocho", 1, recipe_text=PASTED, structure=PREVIOUS)


def test_the_page_shows_the_text_and_the_saved_rows(admin_client, course, recipe):
    response = admin_client.get(structure_url(course, recipe))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r"<textarea[^>]*>\s*Bizcocho de vainilla", page)
    assert 'value="proponer"' in page and "Proponer estructura" in page
    assert 'value="100"' in page and 'value="harina"' in page and 'value="Mezclar."' not in page
    assert "Mezclar.</textarea>" in page
    # The saved rows, then 3 blank ingredient rows and 2 blank step rows.
    assert 'id="ingredients-3-quantity"' in page and 'id="ingredients-4-quantity"' not in page
    assert 'id="steps-2-text"' in page and 'id="steps-3-text"' not in page
    assert "Cantidad, fila 3" in page and "Quitar estructura" in page


def test_the_recipe_pages_link_to_the_editor(admin_client, course, recipe):
    link = f'href="{structure_url(course, recipe)}"'
    edit = admin_client.get(f"/admin/cursos/{course.id}/recetas/{recipe.id}/editar")
    assert link in edit.get_data(as_text=True)
    assert "Estructura: ingredientes y pasos" in edit.get_data(as_text=True)
    assert link in admin_client.get(f"/admin/cursos/{course.id}/recetas").get_data(as_text=True)


def test_a_proposal_fills_the_rows_and_saves_nothing(app, admin_client, course, recipe):
    text = PASTED + "Una línea que no es ni ingrediente ni paso\n"
    response = admin_client.post(
        structure_url(course, recipe), data={"action": "proponer", "recipe_text": text}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Revisa la propuesta y guarda los cambios." in page
    assert 'value="harina de trigo"' in page and 'value="2-3"' in page
    assert "Batir los huevos con la leche." in page
    assert "Una línea que no es ni ingrediente ni paso" in page  # the textarea keeps it
    assert stored(app, recipe) == PREVIOUS
    with app.app_context():
        assert db.session.get(Recipe, recipe.id).recipe_text == PASTED


def test_a_proposal_saved_as_shown_reads_back(app, admin_client, course, recipe):
    url = structure_url(course, recipe)
    page = admin_client.post(url, data={"action": "proponer", "recipe_text": PASTED})
    editor = page_form(url, page.get_data(as_text=True), "guardar")
    admin_client.post(url, data=editor)
    saved = stored(app, recipe)
    assert saved != PREVIOUS and saved.lines[0].ingredient
    assert [line.quantity for line in saved.lines[:2]] == [250, 2]


def test_save_reads_back_equal_and_again_unchanged(app, admin_client, course, recipe):
    lessons = lesson_ids(app, course)
    url = structure_url(course, recipe)
    response = admin_client.post(url, data=editor_data(lessons))
    assert response.status_code == 302 and response.headers["Location"] == url
    assert stored(app, recipe) == expected(lessons)

    page = admin_client.get(url).get_data(as_text=True)
    assert "La estructura de la receta se guardó." in flashes(page)
    assert 'value="1 ½"' in page and 'value="2-3"' in page and 'value="1:35"' in page
    # What the page shows, posted again, is the same structure.
    admin_client.post(url, data=page_form(url, page, "guardar"))
    assert stored(app, recipe) == expected(lessons)


def test_a_rectangular_mould_and_a_pinch(app, admin_client, course, recipe):
    data = editor_data(lesson_ids(app, course), shape="rectangular", width_cm="20")
    data |= {"length_cm": "30,5", "height_cm": ""} | ingredient(6, "", "pizca", "nuez moscada")
    admin_client.post(structure_url(course, recipe), data=data)
    saved = stored(app, recipe)
    assert saved.mould == Mould(Shape.RECTANGLE, 20, 30.5, None)
    assert saved.lines[-1] == IngredientLine("nuez moscada", unit=Unit.PINCH)
    assert saved.groups[-1].title == ""


def test_more_rows_without_saving(app, admin_client, course, recipe):
    data = editor_data(lesson_ids(app, course), action="filas")
    page = admin_client.post(structure_url(course, recipe), data=data).get_data(as_text=True)
    assert 'id="ingredients-11-quantity"' in page and 'id="ingredients-12-quantity"' not in page
    assert 'id="steps-8-text"' in page and 'id="steps-9-text"' not in page
    assert 'value="harina de trigo"' in page and field_errors(page) == []
    assert stored(app, recipe) == PREVIOUS


BAD_ROWS = {
    "zero": ("ingredients-0-quantity", "0", "La cantidad debe ser mayor que 0"),
    "negative": ("ingredients-0-quantity", "-1", "No entendemos la cantidad «-1»."),
    "divided by zero": ("ingredients-0-quantity", "1/0", "Una fracción no puede dividir por cero."),
    "exponent": ("ingredients-0-quantity", "1e9", "No entendemos la cantidad «1e9»."),
    "words": ("ingredients-0-quantity", "abc", "No entendemos la cantidad «abc»."),
    "no quantity": ("ingredients-0-quantity", "", "Escribe la cantidad (o elige «al gusto»)."),
    "to taste with a number": (
        "ingredients-4-quantity",
        "2",
        "«Al gusto» va sin cantidad: deja la cantidad vacía.",
    ),
    "no ingredient": ("ingredients-0-ingredient", "", "Escribe el ingrediente de esa cantidad."),
    "300-character ingredient": (
        "ingredients-0-ingredient",
        "h" * 300,
        "El ingrediente puede tener como máximo 120 caracteres.",
    ),
    "forged unit": ("ingredients-0-unit", "litros", "Elige una unidad de la lista."),
    "mould of 0 cm": ("width_cm", "0", "El molde debe medir entre 5 y 60 cm."),
    "mould of 5 m": ("width_cm", "500", "El molde debe medir entre 5 y 60 cm."),
    "mould NaN": ("width_cm", "nan", "Escribe los centímetros con números"),
    "round mould with a length": ("length_cm", "30", "Solo un molde rectangular tiene largo"),
    "height of 40 cm": ("height_cm", "40", "La altura del molde debe estar entre 1 y 30 cm."),
    "forged shape": ("shape", "triangular", "Elige la forma del molde de la lista."),
    "yield 0": ("yield_amount", "0", "Escribe un rendimiento entre 1 y 500."),
    "yield 1000": ("yield_amount", "1000", "Escribe un rendimiento entre 1 y 500."),
    "timer 0": ("steps-1-timer_minutes", "0", "El temporizador va de 1 a 1440 minutos."),
    "second 99:99:99": ("steps-1-second", "99:99:99", "Escribe el segundo como mm:ss"),
    "second past a day": ("steps-1-second", "86401", "no puede superar las 24 horas"),
    "second without a lesson": ("steps-0-second", "10", "Elige la lección de ese segundo."),
    "lesson not a number": ("steps-1-lesson", "abc", "Elige una lección de este curso."),
    "step without text": ("steps-1-text", "", "Escribe el paso."),
    "1001-character step": ("steps-0-text", "p" * 1001, "como máximo 1 000 caracteres"),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_bad_input_is_shown_on_its_field_and_stores_nothing(
    app, admin_client, course, recipe, case
):
    name, value, message = BAD_ROWS[case]
    data = editor_data(lesson_ids(app, course), **{name: value})
    response = admin_client.post(structure_url(course, recipe), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(page)), field_errors(page)
    assert re.search(
        rf'id="{name}"[^>]*class="[^"]*is-invalid|class="[^"]*is-invalid[^"]*"[^>]*id="{name}"',
        page,
    )
    assert stored(app, recipe) == PREVIOUS


def test_a_lesson_of_another_course_is_refused(app, admin_client, make_course, course, recipe):
    other = lesson_ids(app, make_course())[0]
    data = editor_data(lesson_ids(app, course), **{"steps-1-lesson": str(other)})
    page = admin_client.post(structure_url(course, recipe), data=data).get_data(as_text=True)
    assert "Elige una lección de este curso." in field_errors(page)
    assert stored(app, recipe) == PREVIOUS


@pytest.mark.parametrize(
    ("rows", "message"), [("ingredients", "200 ingredientes"), ("steps", "100 pasos")]
)
def test_too_many_rows_are_refused(app, admin_client, course, recipe, rows, message):
    data = editor_data(lesson_ids(app, course))
    for index in range(300):
        if rows == "ingredients":
            data |= ingredient(index, "1", "g", f"ingrediente {index}")
        else:
            data |= step(index, f"Paso {index}")
    response = admin_client.post(structure_url(course, recipe), data=data)
    assert response.status_code == 200
    assert f"Puedes cargar como máximo {message}." in response.get_data(as_text=True)
    assert stored(app, recipe) == PREVIOUS


def test_an_empty_structure_is_not_saved(app, admin_client, course, recipe):
    response = admin_client.post(structure_url(course, recipe), data={"action": "guardar"})
    assert "La estructura está vacía" in response.get_data(as_text=True)
    assert stored(app, recipe) == PREVIOUS


def test_a_long_pasted_text_is_proposed_and_a_longer_one_refused(app, admin_client, course, recipe):
    url = structure_url(course, recipe)
    long_text = (PASTED * 40)[:10_000]
    response = admin_client.post(url, data={"action": "proponer", "recipe_text": long_text})
    assert response.status_code == 200
    assert "Revisa la propuesta y guarda los cambios." in response.get_data(as_text=True)
    too_long = admin_client.post(url, data={"action": "proponer", "recipe_text": "x" * 50_001})
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 200
    assert "El texto puede tener como máximo 50 000 caracteres." in field_errors(page)
    assert 'value="harina"' in page  # the editor keeps what is saved
    assert stored(app, recipe) == PREVIOUS


@pytest.mark.parametrize("action", [None, "borrar", "guardar\x00"])
def test_an_unknown_action_is_a_bad_request(app, admin_client, course, recipe, action):
    data = editor_data(lesson_ids(app, course))
    data.pop("action")
    if action is not None:
        data["action"] = action
    assert admin_client.post(structure_url(course, recipe), data=data).status_code == 400
    assert stored(app, recipe) == PREVIOUS


def test_forged_row_numbers_do_not_break_the_page(app, admin_client, course, recipe):
    data = editor_data(lesson_ids(app, course))
    data |= {"ingredients-²-quantity": "1", "ingredients-" + "9" * 5000 + "-quantity": "1"}
    response = admin_client.post(structure_url(course, recipe), data=data)
    assert response.status_code == 302
    assert stored(app, recipe) == expected(lesson_ids(app, course))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ingredients-0-group": "Para la masa"}, "Escribe el ingrediente (o deja solo la nota)."),
        ({"ingredients-0-ingredient": "huevos"}, "Escribe la cantidad (o elige «al gusto»)."),
        ({"ingredients-0-quantity": "2"}, "Escribe el ingrediente de esa cantidad."),
        ({"steps-0-second": "30"}, "Escribe el paso."),
        ({"steps-0-text": "Hornear.", "yield_kind": "docenas"}, "Elige porciones o unidades."),
    ],
)
def test_rows_posted_in_part_get_field_errors(app, admin_client, course, recipe, data, message):
    response = admin_client.post(structure_url(course, recipe), data={"action": "guardar"} | data)
    assert response.status_code == 200
    assert message in field_errors(response.get_data(as_text=True))
    assert stored(app, recipe) == PREVIOUS


def test_the_page_makes_as_many_queries_for_a_long_recipe(
    app, admin_client, make_course, make_recipe
):
    counts = []
    for lessons, rows in ((1, 1), (12, 60)):
        course = make_course(lessons=lessons)
        structure = RecipeStructure(
            groups=(IngredientGroup("", tuple(IngredientLine(f"i{n}", 1) for n in range(rows))),),
            steps=tuple(Step(f"Paso {n}") for n in range(rows)),
        )
        recipe = make_recipe(course, "Larga", 1, structure=structure)
        with counting_queries(app) as statements:
            assert admin_client.get(structure_url(course, recipe)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_remove_the_structure(app, admin_client, course, recipe):
    url = structure_url(course, recipe)
    page = admin_client.get(url).get_data(as_text=True)
    remove = page_form(url, page, "quitar")
    response = admin_client.post(url, data=remove, follow_redirects=True)
    assert "Quitaste la estructura de la receta." in flashes(response.get_data(as_text=True))
    assert stored(app, recipe) is None
    with app.app_context():
        assert db.session.get(Recipe, recipe.id).recipe_text == PASTED
    assert "Quitar estructura" not in response.get_data(as_text=True)


def test_saving_rebuilds_the_book_and_says_so(app, admin_client, course):
    photo = (io.BytesIO(media.jpeg((400, 300))), "flan.jpg")
    admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={"images": [photo]},
        content_type="multipart/form-data",
    )
    with app.app_context():
        recipe = db.session.scalars(sa.select(Recipe).where(Recipe.course_id == course.id)).one()
        db.session.expunge(recipe)
    response = admin_client.post(
        structure_url(course, recipe),
        data=editor_data(lesson_ids(app, course)),
        follow_redirects=True,
    )
    messages = flashes(response.get_data(as_text=True))
    assert "Recetario actualizado." in messages
    assert "La estructura de la receta se guardó." in messages


def test_a_recipe_of_another_course_is_404(admin_client, make_course, make_recipe, course):
    other = make_recipe(make_course(), "Flan", 1)
    assert admin_client.get(structure_url(course, other)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_students_and_visitors_are_kept_out(app, client, client_as, course, recipe, method):
    url = structure_url(course, recipe)
    data = editor_data(lesson_ids(app, course))
    student = getattr(client_as("student"), method)(url, data=data)
    assert student.status_code == 403
    visitor = getattr(client, method)(url, data=data)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/ingresar")
    assert stored(app, recipe) == PREVIOUS
