"""The watermark over a paid lesson's video: the viewer's masked e-mail, never on a
preview nor without a video (its movement and full screen: tests/browser)."""

from __future__ import annotations

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Lesson
from dulcevicio.services import storage
from dulcevicio.services.storage import MediaKind
from tests import media


@pytest.fixture
def course_with_videos(app, make_course):
    course = make_course(lessons=3)
    with app.app_context():
        lessons = db.session.scalars(
            db.select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
        ).all()
        for lesson in lessons[:2]:  # the preview and a paid lesson; the third has no video
            stored = storage.save_file(media.webm(), MediaKind.VIDEO, "webm")
            lesson.video_public_id, lesson.video_url = stored.public_id, stored.url
        db.session.commit()
        course.lesson_ids = [lesson.id for lesson in lessons]
    return course


def lesson_page(client, course, index: int) -> str:
    response = client.get(f"/cursos/{course.slug}/lecciones/{course.lesson_ids[index]}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_paid_lesson_shows_the_students_masked_email(client_as, grant, course_with_videos):
    student = client_as("student", email="valentina.rios@gmail.com")
    grant(student.user, course_with_videos)
    html = lesson_page(student, course_with_videos, 1)
    assert (
        '<div class="player-watermark" data-watermark aria-hidden="true">v***@gmail.com</div>'
        in html
    )
    assert "valentina.rios" not in html
    assert 'controlslist="nofullscreen" disablepictureinpicture' in html  # no way around it
    assert "data-fullscreen" in html


def test_previews_and_lessons_without_video_have_no_watermark(
    client, client_as, grant, course_with_videos
):
    student = client_as("student", email="valentina.rios@gmail.com")
    grant(student.user, course_with_videos)
    for html in (
        lesson_page(student, course_with_videos, 0),  # the preview, as a student
        lesson_page(client, course_with_videos, 0),  # the preview, as a visitor
        lesson_page(student, course_with_videos, 2),  # no video
    ):
        assert "data-watermark" not in html and "v***@" not in html
