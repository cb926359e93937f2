"""The player's watermark in a real browser: the masked e-mail drifts over a paid lesson,
lets clicks through to the video, stays on top in full screen, breaks no CSP rule, and a
preview has none."""

from __future__ import annotations

from playwright.sync_api import expect

from dulcevicio.extensions import db
from dulcevicio.models import Lesson
from dulcevicio.services import storage
from dulcevicio.services.storage import MediaKind
from tests import media
from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD


def test_the_watermark_drifts_lets_clicks_through_and_stays_in_full_screen(
    app, live_server, new_page, screenshot, make_user, make_course, grant
):
    course = make_course(lessons=2)
    with app.app_context():
        lessons = db.session.scalars(
            db.select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
        ).all()
        for lesson in lessons:
            stored = storage.save_file(media.webm(), MediaKind.VIDEO, "webm")
            lesson.video_public_id, lesson.video_url = stored.public_id, stored.url
        db.session.commit()
        preview, paid = (lesson.id for lesson in lessons)
    student = make_user(email="valentina.rios@gmail.com")
    grant(student, course)
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, student.email, PASSWORD)
    page.clock.install()
    page.goto(f"{live_server}/cursos/{course.slug}/lecciones/{paid}")
    mark = page.locator("[data-watermark]")
    expect(mark).to_have_text("v***@gmail.com")
    assert mark.evaluate("m => getComputedStyle(m).pointerEvents") == "none"
    first = mark.evaluate("m => m.style.transform")
    positions = {first}
    for _ in range(4):
        page.clock.run_for(4_000)
        positions.add(mark.evaluate("m => m.style.transform"))
    assert len(positions) >= 3, positions  # it moved
    # A click where the mark sits reaches the video.
    box = mark.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).tagName",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "VIDEO"
    screenshot(page, "01-paid-lesson")
    violations = accessibility_violations(page)

    page.get_by_role("button", name="Pantalla completa").click()
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.matches('[data-player]')")
    assert page.evaluate(
        "document.fullscreenElement.contains(document.querySelector('[data-watermark]'))"
    )
    expect(mark).to_be_visible()
    expect(page.get_by_role("button", name="Salir de pantalla completa")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(page, "02-full-screen")
    page.get_by_role("button", name="Salir de pantalla completa").click()
    page.wait_for_function("document.fullscreenElement === null")
    page.locator("video").dblclick()  # a double click on the video: the frame again
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.matches('[data-player]')")
    page.keyboard.press("Escape")

    page.goto(f"{live_server}/cursos/{course.slug}/lecciones/{preview}")
    expect(page.locator("video")).to_be_visible()
    assert page.locator("[data-watermark]").count() == 0
    assert violations == [] and errors == []
