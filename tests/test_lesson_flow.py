"""The lesson flow over HTTP: the toggle's JSON answer and where "Siguiente" leads."""

import re

import pytest
import sqlalchemy as sa

from dulcevicio.errors import CSRF_MESSAGE
from dulcevicio.extensions import db
from dulcevicio.models import Course
from tests.helpers import csrf_token_from, logged_in_client

JSON = {"Accept": "application/json"}


@pytest.fixture
def app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True, WHATSAPP_CONTACT_NUMBER="+52 55 1234 5678")


@pytest.fixture
def course(app, make_course):
    """Three lessons, the first a free preview."""
    made = make_course(title="Pan de masa madre", lessons=3)
    with app.app_context():
        stored = db.session.get(Course, made.id)
        return stored.slug, [lesson.id for lesson in stored.lessons]


@pytest.fixture
def student(app, make_user, grant, course):
    """A client logged in as a student enrolled in `course`."""
    user = make_user(email="alumna@example.com")
    with app.app_context():
        grant(user, db.session.scalar(sa.select(Course).where(Course.slug == course[0])))
    return logged_in_client(app, user)


def toggle(client, slug, lesson_id, value, headers=None):
    page = client.get(f"/cursos/{slug}/lecciones/{lesson_id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "completed": value}
    return client.post(f"/lecciones/{lesson_id}/completada", data=data, headers=headers)


def test_toggle_answers_json_when_asked(student, course):
    slug, lessons = course
    for value, completed in (("1", True), ("0", False)):
        response = toggle(student, slug, lessons[1], value, headers=JSON)
        assert response.status_code == 200
        assert response.get_json() == {"completed": completed}
    bad = toggle(student, slug, lessons[1], "quizás", headers=JSON)
    assert bad.status_code == 400 and bad.is_json


def test_toggle_still_redirects_a_plain_form_post(student, course):
    slug, lessons = course
    response = toggle(student, slug, lessons[1], "1")
    assert response.status_code == 302
    assert response.location.endswith(f"/cursos/{slug}/lecciones/{lessons[1]}")


def test_toggle_json_needs_the_csrf_token(student, course):
    response = student.post(
        f"/lecciones/{course[1][1]}/completada", data={"completed": "1"}, headers=JSON
    )
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_json()["error"]


def test_visitor_next_link_on_a_preview_leads_to_the_course_offer(client, course):
    slug, lessons = course
    page = client.get(f"/cursos/{slug}/lecciones/{lessons[0]}").get_data(as_text=True)
    assert f'href="/cursos/{slug}#acceso"' in page
    assert not re.search(rf'href="/cursos/{slug}/lecciones/{lessons[1]}"', page)
    course_page = client.get(f"/cursos/{slug}").get_data(as_text=True)
    assert 'id="acceso"' in course_page


def test_student_next_link_leads_to_the_next_lesson(student, course):
    slug, lessons = course
    page = student.get(f"/cursos/{slug}/lecciones/{lessons[0]}").get_data(as_text=True)
    assert f'href="/cursos/{slug}/lecciones/{lessons[1]}"' in page
    assert "#acceso" not in page
