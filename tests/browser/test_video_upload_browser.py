"""The admin uploads a lesson video from the browser straight to Cloudinary (the stand-in)."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from dulcevicio.extensions import db
from dulcevicio.models import Lesson, Role
from tests import media
from tests.browser.conftest import log_in
from tests.helpers import PASSWORD

MB = 1024 * 1024


@pytest.fixture
def live_app(app_factory, cloudinary_stub):
    return app_factory(
        WTF_CSRF_ENABLED=True,
        CLOUDINARY_URL=cloudinary_stub.cloudinary_url,
        CLOUDINARY_CHUNK_SIZE=1 * MB,  # small chunks so a 2.5 MB file takes three
        CLOUDINARY_CHUNKED_ABOVE=2 * MB,
    )


@pytest.fixture
def lesson_id(live_app, make_course):
    course = make_course(lessons=1)
    with live_app.app_context():
        return db.session.scalar(sa.select(Lesson.id).where(Lesson.course_id == course.id))


def upload(page, base_url, lesson_id, name, data):
    page.goto(f"{base_url}/admin/lecciones/{lesson_id}/video")
    page.get_by_label("Video (MP4, MOV o WebM)").set_input_files(
        {"name": name, "mimeType": "video/mp4", "buffer": data}
    )
    page.get_by_role("button", name="Subir video").click()
    expect(page.get_by_text("Video guardado.")).to_be_visible()


def test_small_and_chunked_uploads(
    live_server, live_app, page, make_user, cloudinary_stub, lesson_id, screenshot
):
    make_user(Role.ADMIN, email="jefa@example.com")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "jefa@example.com", PASSWORD)

    upload(page, live_server, lesson_id, "intro.mp4", media.mp4(300_000))
    single = [c for c in cloudinary_stub.calls if c["action"] == "upload"]
    assert len(single) == 1 and "Content-Range" not in single[0]["headers"]
    with live_app.app_context():
        first = db.session.get(Lesson, lesson_id).video_public_id
    assert first in cloudinary_stub.assets
    screenshot(page, "after-single-upload")

    cloudinary_stub.calls.clear()
    big = media.mp4(int(2.5 * MB))
    upload(page, live_server, lesson_id, "clase-larga.mp4", big)
    parts = [c for c in cloudinary_stub.calls if c["action"] == "upload"]
    assert [c["headers"]["Content-Range"] for c in parts] == [
        f"bytes 0-{MB - 1}/{len(big)}",
        f"bytes {MB}-{2 * MB - 1}/{len(big)}",
        f"bytes {2 * MB}-{len(big) - 1}/{len(big)}",
    ]
    assert len({c["headers"]["X-Unique-Upload-Id"] for c in parts}) == 1
    with live_app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        assert cloudinary_stub.assets[lesson.video_public_id].data == big
        assert lesson.video_duration_seconds == 62
    assert first not in cloudinary_stub.assets  # the replaced video was destroyed
    assert "/video/authenticated/s--" in page.locator("video").get_attribute("src")
    screenshot(page, "after-chunked-upload")
    assert errors == []


def test_a_refused_upload_shows_the_reason(
    live_server, page, make_user, cloudinary_stub, lesson_id
):
    make_user(Role.ADMIN, email="jefa@example.com")
    log_in(page, live_server, "jefa@example.com", PASSWORD)
    page.goto(f"{live_server}/admin/lecciones/{lesson_id}/video")
    cloudinary_stub.fail_next = (400, "Video is too long")
    page.get_by_label("Video (MP4, MOV o WebM)").set_input_files(
        {"name": "clase.mp4", "mimeType": "video/mp4", "buffer": media.mp4()}
    )
    page.get_by_role("button", name="Subir video").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Cloudinary rechazó la subida: Video is too long."
    )
    expect(page.get_by_role("button", name="Subir video")).to_be_enabled()
