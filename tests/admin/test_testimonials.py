"""Admin testimonials of a course (/admin/cursos/<id>/testimonios): add, edit, delete, move,
the limit per course, and bad input."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dulcevicio import models
from dulcevicio.extensions import db
from dulcevicio.services import testimonials
from tests.admin.conftest import field_errors, flashes


def url(course, *rest) -> str:
    return "/".join([f"/admin/cursos/{course.id}/testimonios", *map(str, rest)])


def data(**changes) -> dict:
    return {
        "author_name": "Paula Díaz",
        "author_detail": "Alumna de Córdoba",
        "text": "Por fin me salen los macarons.",
    } | changes


def stored(rows, course) -> list:
    return sorted(
        rows(models.Testimonial, models.Testimonial.course_id == course.id),
        key=lambda t: t.position,
    )


def test_add_edit_move_and_delete(admin_client, make_course, rows):
    course = make_course()
    response = admin_client.post(url(course), data=data(author_name="  Paula   Díaz "))
    assert response.headers["Location"] == url(course)
    admin_client.post(url(course), data=data(author_name="Rosa", author_detail="", text="¡Genial!"))
    first, second = stored(rows, course)
    assert (first.author_name, first.position, second.position) == ("Paula Díaz", 1, 2)
    assert second.author_detail == ""

    page = admin_client.get(url(course)).get_data(as_text=True)
    assert "Por fin me salen los macarons." in page and "Agregar un testimonio" in page
    assert (
        admin_client.get(f"/admin/cursos/{course.id}/editar")
        .get_data(as_text=True)
        .count(url(course))
    )

    response = admin_client.post(url(course, second.id, "editar"), data=data(text="Cambiado"))
    assert response.headers["Location"] == url(course)
    assert stored(rows, course)[1].text == "Cambiado"
    edit_page = admin_client.get(url(course, second.id, "editar")).get_data(as_text=True)
    assert "Cambiado" in edit_page

    admin_client.post(url(course, second.id, "mover"), data={"direccion": "arriba"})
    assert [t.id for t in stored(rows, course)] == [second.id, first.id]
    admin_client.post(url(course, second.id, "mover"), data={"direccion": "arriba"})  # at the top
    assert [t.position for t in stored(rows, course)] == [1, 2]

    response = admin_client.post(url(course, second.id, "eliminar"), follow_redirects=True)
    assert flashes(response.get_data(as_text=True)) == ["Eliminaste el testimonio de Paula Díaz."]
    [left] = stored(rows, course)
    assert (left.id, left.position) == (first.id, 1)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"author_name": "   "}, "Escribe el nombre de quien lo dice."),
        ({"text": " \n "}, "Escribe el testimonio."),
        ({"author_name": "n" * 121}, "El nombre puede tener como máximo 120 caracteres."),
        ({"author_detail": "d" * 121}, "El detalle puede tener como máximo 120 caracteres."),
        ({"text": "t" * 601}, "El testimonio puede tener como máximo 600 caracteres."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    admin_client, make_course, rows, changes, error
):
    course = make_course()
    response = admin_client.post(url(course), data=data(**changes))
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True)) == [error]
    assert stored(rows, course) == []


def test_an_edit_with_bad_input_changes_nothing(admin_client, make_course, rows):
    course = make_course()
    admin_client.post(url(course), data=data())
    [testimonial] = stored(rows, course)
    response = admin_client.post(url(course, testimonial.id, "editar"), data=data(text=""))
    assert field_errors(response.get_data(as_text=True)) == ["Escribe el testimonio."]
    assert stored(rows, course)[0].text == "Por fin me salen los macarons."


def test_at_most_twenty_per_course(app, admin_client, make_course, rows):
    course = make_course()
    with app.app_context():
        for number in range(testimonials.MAX_PER_COURSE):
            db.session.add(
                models.Testimonial(
                    course_id=course.id, author_name=f"A{number}", text="Bien", position=number
                )
            )
        db.session.commit()
    page = admin_client.get(url(course)).get_data(as_text=True)
    assert "Ya hay 20 testimonios, el máximo." in page
    response = admin_client.post(url(course), data=data())
    assert response.status_code == 200
    assert "Un curso puede tener como máximo 20 testimonios." in response.get_data(as_text=True)
    assert len(stored(rows, course)) == 20


def test_another_courses_testimonial_is_404(admin_client, make_course, rows):
    mine, other = make_course(), make_course()
    admin_client.post(url(other), data=data())
    [theirs] = stored(rows, other)
    assert admin_client.get(url(mine, theirs.id, "editar")).status_code == 404
    assert admin_client.post(url(mine, theirs.id, "eliminar")).status_code == 404
    assert (
        admin_client.post(url(mine, theirs.id, "mover"), data={"direccion": "abajo"}).status_code
        == 404
    )
    assert (
        admin_client.post(url(other, theirs.id, "mover"), data={"direccion": "x"}).status_code
        == 400
    )
    assert len(stored(rows, other)) == 1
    assert admin_client.get("/admin/cursos/999999/testimonios").status_code == 404


def test_students_cannot_manage_testimonials(client_as, client, make_course):
    course = make_course()
    assert client_as("student").post(url(course), data=data()).status_code == 403
    assert client.get(url(course)).status_code == 302  # to the login page


def test_deleting_the_course_deletes_its_testimonials(app, admin_client, make_course):
    course = make_course()
    admin_client.post(url(course), data=data())
    admin_client.post(f"/admin/cursos/{course.id}/eliminar", data={"confirm_students": "y"})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(models.Testimonial.id))) == 0
