"""Admin lesson and recipe pages of a course: create, edit, delete, reorder."""

from __future__ import annotations

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Lesson, LessonProgress, Recipe
from tests.admin.conftest import field_errors
from tests.helpers import count_rows


def lesson_data(**overrides) -> dict:
    data = {
        "title": "Glaseado espejo",
        "description": "Brillo sin burbujas.",
        "video_duration_seconds": "12:30",
        "is_preview": "",
        "is_active": "y",
    }
    return data | overrides


def titles_in_order(rows, model, course) -> list[tuple[str, int]]:
    found = rows(model, model.course_id == course.id)
    return [(row.title, row.position) for row in sorted(found, key=lambda row: row.position)]


def test_create_a_lesson_at_the_end(admin_client, make_course, fetch):
    course = make_course(lessons=2)
    response = admin_client.post(f"/admin/cursos/{course.id}/lecciones/nueva", data=lesson_data())
    assert response.headers["Location"] == f"/admin/cursos/{course.id}/lecciones"
    lesson = fetch(Lesson, Lesson.title == "Glaseado espejo")
    assert (lesson.course_id, lesson.position) == (course.id, 3)
    assert (lesson.video_duration_seconds, lesson.is_preview, lesson.is_active) == (
        750,
        False,
        True,
    )
    listing = admin_client.get(f"/admin/cursos/{course.id}/lecciones").get_data(as_text=True)
    assert "Glaseado espejo" in listing and "12:30" in listing


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("", None), ("95", 95), ("1:35", 95), ("75:00", 4500), ("1:02:03", 3723), (" 0:59 ", 59)],
)
def test_duration_formats(admin_client, make_course, fetch, typed, seconds):
    course = make_course()
    admin_client.post(
        f"/admin/cursos/{course.id}/lecciones/nueva",
        data=lesson_data(video_duration_seconds=typed),
    )
    assert fetch(Lesson, Lesson.title == "Glaseado espejo").video_duration_seconds == seconds


@pytest.mark.parametrize("typed", ["12:75", "diez", "-5", "1:60:00", "1:2:3:4", "25:00:00"])
def test_bad_durations_are_refused(app, admin_client, make_course, typed):
    course = make_course(lessons=0)
    html = admin_client.post(
        f"/admin/cursos/{course.id}/lecciones/nueva",
        data=lesson_data(video_duration_seconds=typed),
    ).get_data(as_text=True)
    assert field_errors(html)[0] in (
        "Escribe la duración como mm:ss, h:mm:ss o en segundos (por ejemplo 12:30).",
        "La duración no puede superar las 24 horas.",
    )
    assert count_rows(app, Lesson) == 0


def test_edit_a_lesson(admin_client, make_course, fetch):
    course = make_course(lessons=2)
    lesson = fetch(Lesson, Lesson.course_id == course.id, Lesson.position == 2)
    form = admin_client.get(f"/admin/cursos/{course.id}/lecciones/{lesson.id}/editar")
    assert "Lección 2" in form.get_data(as_text=True)
    admin_client.post(
        f"/admin/cursos/{course.id}/lecciones/{lesson.id}/editar",
        data=lesson_data(
            title="Nuevo título", is_preview="y", is_active="", video_duration_seconds="1:00:00"
        ),
    )
    edited = fetch(Lesson, id=lesson.id)
    assert (edited.title, edited.is_preview, edited.is_active) == ("Nuevo título", True, False)
    assert (edited.video_duration_seconds, edited.position) == (3600, 2)
    form = admin_client.get(f"/admin/cursos/{course.id}/lecciones/{lesson.id}/editar")
    assert 'value="1:00:00"' in form.get_data(as_text=True)


def test_a_lesson_of_another_course_is_404(admin_client, make_course, fetch):
    course, other = make_course(), make_course()
    lesson = fetch(Lesson, Lesson.course_id == other.id)
    base = f"/admin/cursos/{course.id}/lecciones/{lesson.id}"
    assert admin_client.get(base + "/editar").status_code == 404
    assert admin_client.post(base + "/eliminar").status_code == 404
    assert admin_client.post(base + "/mover", data={"direccion": "abajo"}).status_code == 404
    assert fetch(Lesson, id=lesson.id) is not None


def test_delete_a_lesson(app, admin_client, make_course, make_user, fetch, rows):
    course = make_course(lessons=3)
    student = make_user()
    first = fetch(Lesson, Lesson.course_id == course.id, Lesson.position == 1)
    with app.app_context():
        db.session.add(LessonProgress(user_id=student.id, course_id=course.id, lesson_id=first.id))
        db.session.commit()
    response = admin_client.post(f"/admin/cursos/{course.id}/lecciones/{first.id}/eliminar")
    assert response.headers["Location"] == f"/admin/cursos/{course.id}/lecciones"
    assert titles_in_order(rows, Lesson, course) == [("Lección 2", 1), ("Lección 3", 2)]
    assert count_rows(app, LessonProgress) == 0  # cascaded by the database


def test_reorder_lessons(admin_client, make_course, fetch, rows):
    course = make_course(lessons=3)
    third = fetch(Lesson, Lesson.course_id == course.id, Lesson.position == 3)
    url = f"/admin/cursos/{course.id}/lecciones/{third.id}/mover"
    admin_client.post(url, data={"direccion": "arriba"})
    admin_client.post(url, data={"direccion": "arriba"})
    admin_client.post(url, data={"direccion": "arriba"})  # already first: nothing changes
    assert titles_in_order(rows, Lesson, course) == [
        ("Lección 3", 1),
        ("Lección 1", 2),
        ("Lección 2", 3),
    ]
    assert admin_client.post(url, data={"direccion": "x"}).status_code == 400


# --- Recipes ---------------------------------------------------------------------------


def test_recipes_list_edit_reorder_delete(app, admin_client, make_course, make_recipe, rows):
    course = make_course()
    flan = make_recipe(course, "Flan", 1, recipe_text="Huevos, leche, azúcar.")
    make_recipe(course, "Alfajores", 2)
    churros = make_recipe(course, "Churros", 3, is_active=False)
    base = f"/admin/cursos/{course.id}/recetas"

    listing = admin_client.get(base).get_data(as_text=True)
    assert listing.index("Flan") < listing.index("Alfajores") < listing.index("Churros")
    assert "Inactiva" in listing and "Sin foto" in listing

    form = admin_client.get(f"{base}/{flan.id}/editar").get_data(as_text=True)
    assert "Huevos, leche, azúcar." in form
    response = admin_client.post(
        f"{base}/{flan.id}/editar",
        data={
            "title": "Flan de vainilla",
            "description": "Clásico.",
            "recipe_text": "4 huevos\n500 ml de leche",
            "is_active": "",
        },
    )
    assert response.headers["Location"] == base
    with app.app_context():
        edited = db.session.get(Recipe, flan.id)
        assert (edited.title, edited.recipe_text, edited.is_active) == (
            "Flan de vainilla",
            "4 huevos\n500 ml de leche",
            False,
        )
    empty = admin_client.post(f"{base}/{flan.id}/editar", data={"title": ""})
    assert "Escribe un título." in field_errors(empty.get_data(as_text=True))

    admin_client.post(f"{base}/{churros.id}/mover", data={"direccion": "arriba"})
    assert titles_in_order(rows, Recipe, course) == [
        ("Flan de vainilla", 1),
        ("Churros", 2),
        ("Alfajores", 3),
    ]
    admin_client.post(f"{base}/{flan.id}/eliminar")
    assert titles_in_order(rows, Recipe, course) == [("Churros", 1), ("Alfajores", 2)]
    assert admin_client.post(f"{base}/{flan.id}/eliminar").status_code == 404


def test_a_recipe_of_another_course_is_404(admin_client, make_course, make_recipe):
    course, other = make_course(), make_course()
    recipe = make_recipe(other, "Flan", 1)
    assert (
        admin_client.get(f"/admin/cursos/{course.id}/recetas/{recipe.id}/editar").status_code == 404
    )
    with_course = admin_client.get(f"/admin/cursos/{other.id}/recetas/{recipe.id}/editar")
    assert with_course.status_code == 200


def test_unknown_course_is_404(admin_client):
    for path in ("/lecciones", "/lecciones/nueva", "/recetas", "/alumnos", "/editar", "/eliminar"):
        assert admin_client.get(f"/admin/cursos/424242{path}").status_code == 404


def test_lesson_form_for_a_course_loads_its_tabs(admin_client, make_course):
    course = make_course()
    html = admin_client.get(f"/admin/cursos/{course.id}/lecciones/nueva").get_data(as_text=True)
    for tab in ("Datos", "Lecciones", "Recetas", "Alumnos"):
        assert f">{tab}</a>" in html
