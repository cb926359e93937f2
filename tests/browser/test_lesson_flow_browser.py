"""The lesson flow in a real browser: completion without a reload, the next lesson's
countdown, and the course offer at the end of a visitor's preview."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from dulcevicio.demo.media import demo_video
from dulcevicio.extensions import db
from dulcevicio.models import Course
from tests.browser.conftest import accessibility_violations, course_with_videos, log_in, wait_until
from tests.helpers import PASSWORD


@pytest.fixture
def live_app(app_factory):
    # A business number, so the visitor's offer carries the WhatsApp access request.
    return app_factory(WTF_CSRF_ENABLED=True, WHATSAPP_CONTACT_NUMBER="+52 55 1234 5678")


@pytest.fixture(scope="session")
def webm() -> bytes:
    return demo_video(seed=5, seconds=4)


@pytest.fixture
def course(live_app, make_course, webm):
    return course_with_videos(live_app, make_course, webm, seconds=4)


@pytest.fixture
def student_page(live_server, live_app, page, make_user, grant, course):
    """`page` logged in as a student of `course`, collecting console errors."""
    student = make_user(email="camila@example.com")
    with live_app.app_context():
        grant(student, db.session.scalar(sa.select(Course).where(Course.slug == course[0])))
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    log_in(page, live_server, "camila@example.com", PASSWORD)
    return page


def play_to_the_end(page) -> None:
    page.evaluate("document.querySelector('video').play()")
    wait_until(page, "document.querySelector('video').ended")


def mark_page(page) -> None:
    """A property a reload or a navigation would lose."""
    page.evaluate("window.notReloaded = true")


def test_end_of_video_completes_and_counts_down_to_the_next_lesson(
    live_server, student_page, course, screenshot
):
    page, (slug, lessons) = student_page, course
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[0]}")
    mark_page(page)
    current = page.locator("aside li[aria-current=page]")
    expect(current.get_by_role("img", name="Completada")).to_be_hidden()
    play_to_the_end(page)

    expect(page.locator("[data-completed-badge]")).to_be_visible()
    expect(page.get_by_role("button", name="Marcar como pendiente")).to_be_visible()
    expect(page.get_by_role("button", name="Marcar como completada")).to_be_hidden()
    expect(current.get_by_role("img", name="Completada")).to_be_visible()
    panel = page.locator("[data-next-panel]")
    expect(panel).to_contain_text("Siguiente lección: Lección 2")
    expect(page.get_by_role("link", name="Ver ahora")).to_be_focused()
    start = int(panel.locator("[data-countdown]").text_content())
    wait_until(page, f"document.querySelector('[data-countdown]').textContent < {start}")
    screenshot(page, "01-countdown")
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Cancelar").click()
    expect(panel).to_contain_text("Cuenta regresiva cancelada.")
    expect(page.get_by_role("link", name="Ver ahora")).to_be_focused()
    page.wait_for_timeout(start * 1000 + 500)
    assert page.evaluate("window.notReloaded") is True
    assert page.url.endswith(f"/lecciones/{lessons[0]}")
    assert page.errors == []


def test_countdown_goes_to_the_next_lesson_at_zero(live_server, student_page, course):
    page, (slug, lessons) = student_page, course
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[0]}")
    play_to_the_end(page)
    expect(page.locator("[data-next-panel]")).to_be_visible()
    page.wait_for_url(f"{live_server}/cursos/{slug}/lecciones/{lessons[1]}", timeout=15_000)
    assert page.errors == []


def test_toggle_updates_the_page_without_a_reload(live_server, student_page, course):
    page, (slug, lessons) = student_page, course
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[1]}")
    mark_page(page)
    current = page.locator("aside li[aria-current=page]")
    status = page.locator("[data-lesson-status]")

    page.get_by_role("button", name="Marcar como completada").click()
    expect(page.get_by_role("button", name="Marcar como pendiente")).to_be_focused()
    expect(page.locator("[data-completed-badge]")).to_be_visible()
    expect(current.get_by_role("img", name="Completada")).to_be_visible()
    expect(status).to_have_text("Lección completada.")

    page.get_by_role("button", name="Marcar como pendiente").click()
    expect(page.get_by_role("button", name="Marcar como completada")).to_be_focused()
    expect(page.locator("[data-completed-badge]")).to_be_hidden()
    expect(current.get_by_role("img", name="Completada")).to_be_hidden()
    expect(status).to_have_text("Lección marcada como pendiente.")
    assert page.evaluate("window.notReloaded") is True
    # The server agrees: a reload shows the same state.
    page.reload()
    expect(page.get_by_role("button", name="Marcar como completada")).to_be_visible()
    assert page.errors == []


def test_visitor_finishing_a_preview_is_offered_the_course(live_server, page, course, screenshot):
    slug, lessons = course
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{live_server}/cursos/{slug}/lecciones/{lessons[0]}")
    # The next lesson is for students: "Siguiente" leads to the course's access section.
    expect(page.locator("[data-next-locked]")).to_have_attribute("href", f"/cursos/{slug}#acceso")
    play_to_the_end(page)

    offer = page.locator("[data-offer-panel]")
    expect(offer.get_by_role("heading")).to_have_text("¿Te gustó? Consigue el curso completo")
    expect(offer.get_by_role("heading")).to_be_focused()
    whatsapp = offer.get_by_role("link", name="Solicitar acceso")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/525512345678?text=")
    expect(offer.get_by_role("link", name="Ingresar")).to_have_attribute(
        "href", f"/ingresar?next=/cursos/{slug}"
    )
    expect(offer.get_by_role("link", name="Ver el curso")).to_have_attribute(
        "href", f"/cursos/{slug}"
    )
    expect(page.locator("[data-next-panel]")).to_have_count(0)  # no countdown to a lock
    screenshot(page, "01-offer")
    assert accessibility_violations(page) == []
    assert errors == []
