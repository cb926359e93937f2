"""A certificate from start to check, in a real browser: the student watches the last
lesson to 90 %, finds her certificate, confirms her name and downloads the PDF; its QR code,
read from the rendered page as a phone camera would, opens the verification page; the
admin revokes it and that page says so. Screenshots and accessibility checks throughout."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from dulcevicio.demo.media import demo_video
from dulcevicio.extensions import db
from dulcevicio.models import Course, Role
from dulcevicio.services import progress, storage
from dulcevicio.services.storage import MediaKind
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD


@pytest.fixture(scope="module")
def webm() -> bytes:
    return demo_video(seed=7, seconds=10)


def qr_code_of(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(pdf)[0]
    (found,) = zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())
    return found.text


def test_watch_the_last_lesson_get_the_certificate_check_it_then_see_it_revoked(
    app, live_app, live_server, new_page, screenshot, make_user, make_course, grant, webm
):
    live_app.config["APP_BASE_URL"] = live_server  # where the QR code must lead
    course = make_course(title="Panes de masa madre", lessons=2)
    student = make_user(email="rocio@example.com", full_name="Rocío Díaz")
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    grant(student, course)
    with app.app_context():
        stored = db.session.get(Course, course.id)
        stored.estimated_duration_minutes = 240
        first, last = stored.lessons
        saved = storage.save_file(webm, MediaKind.VIDEO, "webm")
        last.video_public_id, last.video_url = saved.public_id, saved.url
        progress.set_completed(db.session.get(type(student), student.id), first, True)
        db.session.commit()
        last_id = last.id
    page = new_page()
    errors, violations = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    log_in(page, live_server, "rocio@example.com", PASSWORD)

    # Watch the last lesson past 90 % to its end: the player saves at the end, which
    # completes the lesson and, with it, the course.
    page.goto(f"{live_server}/cursos/{course.slug}/lecciones/{last_id}")
    wait_until(page, "document.querySelector('video').readyState >= 1")
    page.evaluate(
        "(() => { const v = document.querySelector('video'); v.muted = true;"
        " v.currentTime = v.duration * 0.92; return v.play(); })()"
    )
    wait_until(page, "document.querySelector('video').ended")
    expect(page.locator("[data-completed-badge]")).to_be_visible()
    screenshot(page, "01-last-lesson-watched")

    # Her certificate, from the account menu.
    page.get_by_role("button", name="Rocío Díaz").click()
    page.get_by_role("link", name="Mis certificados").click()
    expect(page.get_by_role("heading", name="Panes de masa madre")).to_be_visible()
    violations += accessibility_violations(page)
    page.get_by_role("link", name="Confirmar mi nombre").click()
    name = page.get_by_label("Nombre que irá en el certificado")
    expect(name).to_have_value("Rocío Díaz")
    name.fill("Rocío Díaz Beltrán")
    screenshot(page, "02-confirm-the-name")
    violations += accessibility_violations(page)
    page.get_by_role("button", name="Confirmar nombre").click()
    expect(page.get_by_text("Tu certificado ya tiene tu nombre")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar PDF").click()
    pdf = download.value.path().read_bytes()
    screenshot(page, "03-certificate-page")

    # The QR code, read off the rendered page, opens the public check.
    url = qr_code_of(pdf)
    assert url.startswith(f"{live_server}/verificar/")
    visitor = new_page(width=390, height=844)
    visitor.goto(url)
    expect(visitor.get_by_role("heading", name="Certificado válido")).to_be_visible()
    expect(visitor.get_by_text("Rocío Díaz Beltrán")).to_be_visible()
    expect(visitor.get_by_text("4 horas")).to_be_visible()
    screenshot(visitor, "04-verified-on-a-phone")
    violations += accessibility_violations(visitor)

    # The admin revokes it; the check says so.
    admin = new_page()
    log_in(admin, live_server, "jefa@example.com", PASSWORD)
    admin.goto(f"{live_server}/admin/certificados")
    row = admin.get_by_role("row").filter(has_text="Rocío Díaz Beltrán")
    row.get_by_label("Motivo").fill("Pago devuelto")
    row.get_by_role("button", name="Revocar").click()
    expect(admin.get_by_role("row").filter(has_text="Rocío Díaz Beltrán")).to_contain_text(
        "Revocado"
    )
    screenshot(admin, "05-admin-revoked")
    visitor.reload()
    expect(visitor.get_by_role("heading", name="Certificado revocado")).to_be_visible()
    screenshot(visitor, "06-revoked-on-a-phone")
    assert violations == [] and errors == []
