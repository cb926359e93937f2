"""Every WhatsApp promise on the public pages is a working wa.me link with a message that
names the course or the need; students see their renewal on "Mis cursos"."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Enrollment, Lesson, LessonProgress, utcnow

NUMBER = "5491123456789"


@pytest.fixture
def site(app_factory):
    return app_factory(WHATSAPP_CONTACT_NUMBER=NUMBER)


def whatsapp_messages(page: str) -> list[str]:
    """The messages of the page's links to the business's chat."""
    return [
        unquote(text) for text in re.findall(rf'href="https://wa\.me/{NUMBER}\?text=([^"]+)"', page)
    ]


def test_visitors_reach_the_business_from_every_page_that_promises_it(site, make_course, client_as):
    course = make_course(title="Pan dulce", lessons=2)
    client = site.test_client()
    assert "Hola, quiero información sobre los cursos de repostería." in whatsapp_messages(
        client.get("/").get_data(as_text=True)
    )
    request = "Hola, quiero acceder al curso «Pan dulce». ¿Cómo puedo inscribirme?"
    assert request in whatsapp_messages(client.get("/cursos").get_data(as_text=True))
    assert request in whatsapp_messages(client.get(f"/cursos/{course.slug}").get_data(as_text=True))
    assert "Hola, olvidé mi contraseña. ¿Me envían un enlace para crear una nueva?" in (
        whatsapp_messages(client.get("/ingresar").get_data(as_text=True))
    )

    client = client_as("student", app=site)
    with site.app_context():
        locked_id = db.session.scalar(
            sa.select(Lesson.id).where(Lesson.course_id == course.id, ~Lesson.is_preview)
        )
    locked = client.get(f"/cursos/{course.slug}/lecciones/{locked_id}")
    assert locked.status_code == 403
    assert request in whatsapp_messages(locked.get_data(as_text=True))
    denied = client.get("/admin/")
    assert denied.status_code == 403
    assert any(
        "Acceso denegado" in text for text in whatsapp_messages(denied.get_data(as_text=True))
    )


def test_without_a_number_no_page_shows_a_dead_link(client, make_course):
    course = make_course()
    for url in ("/", "/cursos", f"/cursos/{course.slug}", "/ingresar"):
        page = client.get(url).get_data(as_text=True)
        assert "wa.me" not in page
    assert "Escríbenos" in client.get("/ingresar").get_data(as_text=True)


def test_access_ending_within_a_week_offers_the_renewal(
    site, make_user, make_course, grant, client_as
):
    student = make_user(email="alumna@example.com", full_name="Ana Pérez")
    soon, later = make_course(title="Pan dulce"), make_course(title="Galletas")
    grant(student, soon, expires_at=utcnow() + timedelta(days=3))
    grant(student, later, expires_at=utcnow() + timedelta(days=60))
    client = client_as(student, app=site)
    page = client.get("/mis-cursos").get_data(as_text=True)
    renewals = [m for m in whatsapp_messages(page) if "renovar" in m]
    assert len(renewals) == 1
    assert renewals[0].startswith(
        "Hola, soy Ana Pérez. Quiero renovar mi acceso a «Pan dulce» (fecha de fin: "
    )


def test_ended_and_revoked_access_stays_on_the_dashboard_locked(
    site, make_user, make_course, grant, make_membership, client_as
):
    student = make_user(email="alumna@example.com", full_name="Ana Pérez")
    expired, revoked, member_course, untouched = (
        make_course(title=title, lessons=3)
        for title in ("Pan dulce", "Macarons", "Tortas", "Galletas")
    )
    grant(student, expired, expires_at=utcnow() - timedelta(days=2))
    grant(student, revoked)
    make_membership(student, utcnow() - timedelta(days=40), utcnow() - timedelta(days=10))
    with site.app_context():
        db.session.execute(
            sa.update(Enrollment).where(Enrollment.course_id == revoked.id).values(is_active=False)
        )
        # She completed a lesson of a course she had through the membership.
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.course_id == member_course.id))
        db.session.add(
            LessonProgress(
                user_id=student.id, lesson_id=lesson.id, course_id=member_course.id, completed=True
            )
        )
        db.session.commit()
    client = client_as(student, app=site)
    page = client.get("/mis-cursos").get_data(as_text=True)
    assert page.count("Tu acceso terminó el") == 3
    for course in (expired, revoked, member_course):
        assert course.title in page
        assert f"/cursos/{course.slug}/lecciones/" not in page  # no way into the content
    assert "Galletas" not in page  # never hers
    assert "1 de 3 lecciones" in page  # the progress is kept
    renewals = [m for m in whatsapp_messages(page) if "Quiero renovar" in m]
    assert {re.search("«(.+?)»", m).group(1) for m in renewals} == {
        "Pan dulce",
        "Macarons",
        "Tortas",
    }
