"""A structured recipe through HTTP: the recipe page at its base yield with what the
browser needs to scale it, kitchen mode, lesson moments, and the same queries as a recipe
without a structure."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe
from dulcevicio.models.recipe_structure import (
    IngredientGroup,
    IngredientLine,
    Mould,
    RecipeStructure,
    Shape,
    Step,
    Unit,
)
from dulcevicio.services.kitchen.recipe_view import recipe_view
from tests.admin.conftest import counting_queries


def structure(lesson_id: int | None = None) -> RecipeStructure:
    return RecipeStructure(
        yield_amount=8,
        mould=Mould(Shape.ROUND, 20, height_cm=8),
        groups=(
            IngredientGroup(
                "Para la masa",
                (
                    IngredientLine("harina de trigo", 250, unit=Unit.GRAM, note="tamizada"),
                    IngredientLine("huevos", 2, 3),
                    IngredientLine("polvo de hornear", 1, unit=Unit.TEASPOON, pinned=True),
                    IngredientLine("leche", 1.5, unit=Unit.CUP),
                ),
            ),
            IngredientGroup(
                "Para el relleno",
                (
                    IngredientLine("dulce de leche", 400, unit=Unit.GRAM),
                    IngredientLine("sal", unit=Unit.TO_TASTE),
                    IngredientLine("", note="Frutillas para decorar"),
                ),
            ),
        ),
        steps=(
            Step("Batir los huevos con la leche.", timer_minutes=5),
            Step("Agregar la harina y el polvo de hornear.", lesson_id=lesson_id, second=95),
            Step("Hornear 40 minutos y rellenar con dulce de leche.", timer_minutes=40),
        ),
    )


@pytest.fixture
def cake(app, make_course, make_user, grant, make_recipe):
    course = make_course(title="Tortas", lessons=2)
    student = make_user(email="lu@example.com", full_name="Lucía Paz")
    grant(student, course)
    with app.app_context():
        lesson_id = db.session.get(Course, course.id).lessons[1].id
    recipe = make_recipe(course, "Torta rellena", 1, structure=structure(lesson_id))
    plain = make_recipe(course, "Flan", 2, recipe_text="Leche, huevos y azúcar.")
    return course, recipe, plain, lesson_id, student


def test_the_page_shows_the_base_yield_and_what_the_browser_scales_with(client_as, cake):
    course, recipe, _, lesson_id, student = cake
    page = client_as(student).get(f"/cursos/{course.slug}/recetas/{recipe.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'data-base-yield="8"' in text and 'data-mould-shape="redondo"' in text
    assert "Molde redondo de 20 cm, 8 cm de alto" in text
    assert '<span class="ingredient-amount" data-amount>250 g</span> de harina de trigo' in text
    assert "(tamizada)" in text
    assert '<span class="ingredient-amount" data-amount>2-3</span> huevos' in text
    assert '<span class="ingredient-amount" data-amount>1 ½ tazas</span> de leche' in text
    assert "sal <span data-amount>al gusto</span>" in text
    assert "Frutillas para decorar" in text
    # Flour's density and the leavening's kind come from the ingredient table.
    flour = re.search(
        r'<li class="form-check" ([^>]*)>\s*<input[^>]*>\s*<label[^>]*>'
        r'<span class="ingredient-amount" data-amount>250 g',
        text,
    )
    assert flour and "data-grams-per-ml=" in flour.group(1)
    assert re.search(
        r'data-unit="cdta" data-quantity="1(\.0)?" data-pinned[^>]*data-kind="leavening"', text
    )
    # The list for WhatsApp, at the base yield, works without JavaScript.
    link = html.unescape(
        re.search(r'href="(https://wa\.me/[^"]+)"[^>]*data-whatsapp-list', text).group(1)
    )
    shared = parse_qs(urlsplit(link).query)["text"][0]
    assert shared.splitlines()[:3] == ["Torta rellena", "", "Para la masa"]
    assert "- 250 g de harina de trigo (tamizada)" in shared
    assert "- sal al gusto" in shared
    # Steps, their timers and the lesson's moment.
    assert f"/cursos/{course.slug}/lecciones/{lesson_id}?t=95" in text
    assert "Ver este paso en el video (1:35)" in text
    assert "40 min" in text
    assert f"/cursos/{course.slug}/recetas/{recipe.id}/cocina" in text
    for junk in ("NaN", "Infinity", "undefined", "None"):
        assert junk not in text


def test_a_structure_costs_the_page_no_query(app, client_as, cake):
    course, recipe, plain, _, student = cake
    client = client_as(student)
    counts = []
    for item in (plain, recipe):
        client.get(f"/cursos/{course.slug}/recetas/{item.id}")  # warm the session
        with counting_queries(app) as statements:
            assert client.get(f"/cursos/{course.slug}/recetas/{item.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_kitchen_mode(client_as, cake):
    course, recipe, plain, _, student = cake
    client = client_as(student)
    page = client.get(f"/cursos/{course.slug}/recetas/{recipe.id}/cocina")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.count('class="kitchen-step"') == 4  # the ingredients, then three steps
    assert "Paso 3 de 3" in text
    assert 'data-timer-minutes="40"' in text and 'data-timer-minutes="5"' in text
    # Each step lists the lines it names.
    first = text.split('id="paso-1"')[1].split('id="paso-2"')[0]
    assert "huevos" in first and "leche" in first and "harina" not in first
    # Without a structure there are no steps to follow: back to the recipe.
    answer = client.get(f"/cursos/{course.slug}/recetas/{plain.id}/cocina")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/cursos/{course.slug}/recetas/{plain.id}")


def test_kitchen_mode_follows_the_access_rule(client, client_as, cake, make_user):
    course, recipe, _, _, _ = cake
    url = f"/cursos/{course.slug}/recetas/{recipe.id}/cocina"
    assert client.get(url).status_code == 302  # a visitor is asked to log in
    stranger = client_as(make_user(email="otra@example.com"))
    locked = stranger.get(url)
    assert locked.status_code == 403
    assert "harina" not in locked.get_data(as_text=True)


def test_a_step_names_its_own_lines():
    view = recipe_view(structure())
    named = [[line.line.ingredient for line in step.lines] for step in view.steps]
    assert named == [
        ["huevos", "leche"],
        ["harina de trigo", "polvo de hornear"],
        ["dulce de leche"],
    ]


@pytest.mark.parametrize(
    ("asked", "start"),
    [("95", 95), ("0", None), ("-5", None), ("abc", None), ("99999", 100), ("1e3", None)],
)
def test_a_lesson_opens_at_the_moment_asked(app, client_as, cake, asked, start):
    course, _, _, lesson_id, student = cake
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        lesson.video_public_id = "videos/clase.webm"
        lesson.video_duration_seconds = 100
        db.session.commit()
    page = client_as(student).get(f"/cursos/{course.slug}/lecciones/{lesson_id}?t={asked}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    if start is None:
        assert "data-start" not in text and "#t=" not in text
    else:
        assert f'#t={start}"' in text and f'data-start="{start}"' in text


def test_deleting_a_lesson_keeps_the_step_without_its_moment(app, admin_client, cake, fetch):
    course, recipe, _, lesson_id, _ = cake
    answer = admin_client.post(f"/admin/cursos/{course.id}/lecciones/{lesson_id}/eliminar")
    assert answer.status_code == 302
    steps = fetch(Recipe, id=recipe.id).structure.steps
    assert [step.text for step in steps] == [step.text for step in structure().steps]
    assert all(step.lesson_id is None and step.second is None for step in steps)
