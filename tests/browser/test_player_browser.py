"""The lesson player in a real browser: plays a generated video, saves, resumes."""

import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from dulcevicio.demo.media import demo_video
from dulcevicio.extensions import db
from dulcevicio.models import Course, LessonProgress
from tests.browser.conftest import course_with_videos, log_in, wait_until
from tests.helpers import PASSWORD


@pytest.fixture(scope="session")
def webm() -> bytes:
    return demo_video(seed=3, seconds=12)  # a real VP8/Opus WebM made by ffmpeg


@pytest.fixture
def course(live_app, make_course, webm):
    return course_with_videos(live_app, make_course, webm, seconds=12)


def saved_position(app, lesson_id) -> int | None:
    with app.app_context():
        return db.session.scalar(
            sa.select(LessonProgress.last_watched_position).where(
                LessonProgress.lesson_id == lesson_id
            )
        )


def beacon_position(app, lesson_id, timeout: float = 10.0) -> int | None:
    """The position a leaving page's beacon saved: the beacon is sent in the background
    (through the service worker's fetch event), so it may land after the next page."""
    deadline = time.monotonic() + timeout
    while (position := saved_position(app, lesson_id)) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    return position


def play_until(page, seconds: float) -> None:
    page.evaluate("document.querySelector('video').play()")
    wait_until(page, f"document.querySelector('video').currentTime >= {seconds}")


def test_student_leaves_and_resumes(
    live_server, live_app, page, make_user, grant, course, screenshot
):
    slug, lessons = course
    student = make_user(email="camila@example.com", full_name="Camila Rojas")
    with live_app.app_context():
        grant(student, db.session.scalar(sa.select(Course).where(Course.slug == slug)))
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "camila@example.com", PASSWORD)

    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[1]}")
    play_until(page, 4)
    screenshot(page, "01-playing")
    # Leaving: she follows a link away; the pagehide beacon saves where she was. (Through
    # the service worker this beacon was lost in about half the runs: sw.js routes POSTs
    # past the worker.)
    page.get_by_role("link", name="Mis cursos").click()
    page.wait_for_url("**/mis-cursos")
    position = beacon_position(live_app, lessons[1])
    assert position is not None and 4 <= position <= 8

    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[1]}")
    wait_until(page, "document.querySelector('video').readyState >= 1")
    wait_until(page, f"document.querySelector('video').currentTime >= {position - 1}")
    resumed = page.evaluate("document.querySelector('video').currentTime")
    assert position - 1 <= resumed <= position + 1
    screenshot(page, "02-resumed")

    # Watching to the end completes the lesson (>= 90 %) without a reload.
    page.evaluate("(v => { v.currentTime = 11; v.play(); })(document.querySelector('video'))")
    expect(page.locator("[data-completed-badge]")).to_be_visible(timeout=20_000)
    page.goto(f"{live_server}/mis-cursos")
    expect(page.get_by_text("1 de 3 lecciones")).to_be_visible()

    # The toggle moves the progress bar too (its script updates the page without a reload).
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[0]}")
    page.get_by_role("button", name="Marcar como completada").click()
    expect(page.get_by_role("button", name="Marcar como pendiente")).to_be_visible()
    page.goto(f"{live_server}/mis-cursos")
    expect(page.get_by_text("2 de 3 lecciones")).to_be_visible()
    assert page.locator("progress.dv-progress").get_attribute("value") == "2"
    screenshot(page, "03-dashboard")
    assert errors == []


def test_visitor_plays_a_preview_and_is_asked_to_log_in_for_the_rest(live_server, page, course):
    slug, lessons = course
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[0]}")
    play_until(page, 1)
    expect(page.get_by_text("Esta es una lección gratuita")).to_be_visible()
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[1]}")
    expect(page).to_have_url(
        f"{live_server}/ingresar?next=%2Fcursos%2F{slug}%2Flecciones%2F{lessons[1]}"
    )
