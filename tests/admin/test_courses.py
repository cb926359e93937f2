"""Admin course pages: create, edit, slug, WhatsApp link, (de)activate, reorder, delete."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import (
    Comment,
    Course,
    DifficultyLevel,
    Enrollment,
    Lesson,
    LessonProgress,
    utcnow,
)
from tests.admin.conftest import field_errors
from tests.helpers import count_rows


def course_data(**overrides) -> dict:
    data = {
        "title": "Pâte à choux: ¡fácil!",
        "slug": "",
        "description": "Éclairs y profiteroles.",
        "difficulty_level": "INTERMEDIATE",
        "estimated_duration_minutes": "90",
        "whatsapp_group_url": "https://chat.whatsapp.com/AbCdEf123456",
        "is_active": "y",
    }
    return data | overrides


def test_create_makes_the_slug_from_the_title(admin_client, admin, fetch):
    response = admin_client.post("/admin/cursos/nuevo", data=course_data())
    course = fetch(Course, Course.title == "Pâte à choux: ¡fácil!")
    assert response.headers["Location"] == f"/admin/cursos/{course.id}/lecciones"
    assert course.slug == "pate-a-choux-facil"
    assert course.difficulty_level is DifficultyLevel.INTERMEDIATE
    assert (course.estimated_duration_minutes, course.is_active) == (90, True)
    assert course.whatsapp_group_url == "https://chat.whatsapp.com/AbCdEf123456"
    assert course.created_by_id == admin.id
    # The same title again gets the next free slug.
    admin_client.post("/admin/cursos/nuevo", data=course_data(whatsapp_group_url=""))
    second = fetch(Course, Course.slug == "pate-a-choux-facil-2")
    assert second.whatsapp_group_url is None
    assert second.position == course.position + 1


def test_a_taken_slug_is_refused(app, admin_client, make_course):
    make_course()  # slug curso-1
    html = admin_client.post("/admin/cursos/nuevo", data=course_data(slug="curso-1")).get_data(
        as_text=True
    )
    assert field_errors(html) == ["Ya hay otro curso con esa dirección. Elige otra."]
    assert count_rows(app, Course) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://chat.whatsapp.com/AbC123",
        "https://wa.me/5215512345678",
        "https://chat.whatsapp.com/",
        "https://chat.whatsapp.com.evil.example/AbC123",
        "javascript:alert(1)",
    ],
)
def test_whatsapp_link_must_be_a_group_invitation(app, admin_client, url):
    html = admin_client.post(
        "/admin/cursos/nuevo", data=course_data(whatsapp_group_url=url)
    ).get_data(as_text=True)
    assert field_errors(html) == [
        "El enlace debe ser una invitación de grupo de WhatsApp: "
        "https://chat.whatsapp.com/ seguido del código."
    ]
    assert count_rows(app, Course) == 0


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"title": ""}, "Escribe un título."),
        ({"slug": "Con Espacios"}, "Usa solo letras minúsculas sin acentos, números y guiones."),
        ({"difficulty_level": "EXPERT"}, "Opción inválida."),
        ({"estimated_duration_minutes": "-5"}, "Escribe un número de minutos válido."),
    ],
)
def test_create_refuses_bad_input(app, admin_client, overrides, error):
    html = admin_client.post("/admin/cursos/nuevo", data=course_data(**overrides)).get_data(
        as_text=True
    )
    assert error in field_errors(html)
    assert count_rows(app, Course) == 0


def test_edit_a_course(admin_client, make_course, fetch):
    course = make_course(title="Panes")
    other = make_course(title="Tortas")
    page = admin_client.get(f"/admin/cursos/{course.id}/editar").get_data(as_text=True)
    assert f'value="{course.slug}"' in page
    data = course_data(title="Panes rústicos", slug="panes", is_active="")
    response = admin_client.post(f"/admin/cursos/{course.id}/editar", data=data)
    assert response.status_code == 302
    edited = fetch(Course, id=course.id)
    assert (edited.title, edited.slug, edited.is_active) == ("Panes rústicos", "panes", False)
    # Another course's slug is refused; an empty slug is made again from the title.
    taken = admin_client.post(
        f"/admin/cursos/{course.id}/editar", data=course_data(slug=other.slug)
    ).get_data(as_text=True)
    assert "Ya hay otro curso con esa dirección. Elige otra." in field_errors(taken)
    admin_client.post(f"/admin/cursos/{course.id}/editar", data=course_data(title="Pan dulce"))
    assert fetch(Course, id=course.id).slug == "pan-dulce"
    # Keeping its own slug is fine.
    admin_client.post(f"/admin/cursos/{course.id}/editar", data=course_data(slug="pan-dulce"))
    assert fetch(Course, id=course.id).title == "Pâte à choux: ¡fácil!"


def test_activate_and_deactivate(admin_client, make_course, fetch):
    course = make_course()
    admin_client.post(f"/admin/cursos/{course.id}/estado", data={"activo": "0"})
    assert not fetch(Course, id=course.id).is_active
    admin_client.post(f"/admin/cursos/{course.id}/estado", data={"activo": "1"})
    assert fetch(Course, id=course.id).is_active
    assert admin_client.post(f"/admin/cursos/{course.id}/estado").status_code == 400


def test_reorder_keeps_positions_consistent(admin_client, make_course, rows):
    first, second, third = (make_course(title=t) for t in ("Uno", "Dos", "Tres"))

    def ordered() -> list[str]:
        courses = sorted(rows(Course, sa.true()), key=lambda course: course.position)
        assert [course.position for course in courses] == [1, 2, 3]
        return [course.title for course in courses]

    admin_client.post(f"/admin/cursos/{third.id}/mover", data={"direccion": "arriba"})
    assert ordered() == ["Uno", "Tres", "Dos"]
    admin_client.post(f"/admin/cursos/{first.id}/mover", data={"direccion": "abajo"})
    assert ordered() == ["Tres", "Uno", "Dos"]
    admin_client.post(f"/admin/cursos/{third.id}/mover", data={"direccion": "arriba"})  # top
    assert ordered() == ["Tres", "Uno", "Dos"]
    assert admin_client.post(f"/admin/cursos/{second.id}/mover").status_code == 400
    assert (
        admin_client.post(
            f"/admin/cursos/{second.id}/mover", data={"direccion": "lateral"}
        ).status_code
        == 400
    )
    page = admin_client.get("/cursos").get_data(as_text=True)  # the catalog follows
    assert page.index("Tres") < page.index("Uno") < page.index("Dos")


def test_list_shows_lesson_and_student_counts(admin_client, make_user, make_course, grant):
    course = make_course(title="Panes", lessons=3)
    grant(make_user(), course)
    grant(make_user(), course, expires_at=utcnow() - timedelta(days=1))  # expired: not counted
    html = admin_client.get("/admin/cursos").get_data(as_text=True)
    assert re.search(rf'/admin/cursos/{course.id}/lecciones">3</a>', html)
    assert re.search(rf'/admin/cursos/{course.id}/alumnos">1</a>', html)


def test_delete_without_students(app, admin_client, make_course, make_user, grant):
    course = make_course(lessons=3)
    grant(make_user(), course, expires_at=utcnow() - timedelta(days=1))  # expired only
    page = admin_client.get(f"/admin/cursos/{course.id}/eliminar").get_data(as_text=True)
    assert "confirm_students" not in page
    response = admin_client.post(f"/admin/cursos/{course.id}/eliminar", data={"submit": "y"})
    assert response.headers["Location"] == "/admin/cursos"
    assert (count_rows(app, Course), count_rows(app, Lesson), count_rows(app, Enrollment)) == (
        0,
        0,
        0,
    )


def test_delete_with_enrolled_students_needs_a_second_confirmation(
    app, admin_client, make_course, make_user, grant
):
    course = make_course(lessons=2)
    keep = make_course(title="Otro curso")
    student = make_user()
    grant(student, course)
    grant(student, keep)
    with app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.course_id == course.id))
        db.session.add_all(
            [
                LessonProgress(
                    user_id=student.id, course_id=course.id, lesson_id=lesson.id, completed=True
                ),
                Comment(course_id=course.id, user_id=student.id, content="¡Me encanta!"),
            ]
        )
        db.session.commit()
    page = admin_client.get(f"/admin/cursos/{course.id}/eliminar").get_data(as_text=True)
    assert "1 alumno con acceso" in page and "confirm_students" in page

    refused = admin_client.post(f"/admin/cursos/{course.id}/eliminar", data={"submit": "y"})
    assert refused.status_code == 200
    assert field_errors(refused.get_data(as_text=True)) == [
        "El curso tiene 1 alumnos inscritos con acceso. "
        "Marca esta casilla para eliminarlo de todos modos."
    ]
    assert count_rows(app, Course) == 2

    done = admin_client.post(
        f"/admin/cursos/{course.id}/eliminar", data={"submit": "y", "confirm_students": "y"}
    )
    assert done.headers["Location"] == "/admin/cursos"
    assert count_rows(app, Course) == 1
    # The database cascaded the course's lessons, enrollments, progress and comments.
    assert count_rows(app, Lesson) == 2  # the other course's
    assert count_rows(app, Enrollment) == 1
    assert (count_rows(app, LessonProgress), count_rows(app, Comment)) == (0, 0)
    listing = admin_client.get("/admin/cursos").get_data(as_text=True)
    assert 'value="arriba"' in listing  # positions renumbered: the survivor is first
    with app.app_context():
        assert db.session.get(Course, keep.id).position == 1


def test_course_students_page(app, admin_client, make_user, make_course, grant):
    course = make_course(lessons=3)
    ana = make_user(full_name="Ana Torres")
    beto = make_user(full_name="Beto Ruiz")
    grant(ana, course)
    grant(beto, course, is_active=False)
    with app.app_context():
        lessons = db.session.get(Course, course.id).lessons
        db.session.add(
            LessonProgress(
                user_id=ana.id, course_id=course.id, lesson_id=lessons[0].id, completed=True
            )
        )
        lessons[2].is_active = False  # inactive lessons do not count
        db.session.commit()
    html = admin_client.get(f"/admin/cursos/{course.id}/alumnos").get_data(as_text=True)
    assert re.search(r"Ana Torres.*?>Activa</span>.*?1 / 2", html, re.S)
    assert re.search(r"Beto Ruiz.*?>Revocada</span>.*?0 / 2", html, re.S)
