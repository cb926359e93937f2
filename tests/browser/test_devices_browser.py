"""Devices in real browsers: three browsers sign in as the same student (limit 2), the first
is signed out with the notice; "Mis dispositivos" closes another; the admin sees them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dulcevicio.models import Role
from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD

NOTICE = "Cerramos tu sesión porque ingresaste desde otro dispositivo"


def test_a_third_browser_signs_the_first_out_with_the_notice(
    live_server, new_page, make_user, make_course, grant, screenshot
):
    student = make_user(email="camila@example.com", full_name="Camila Rojas")
    grant(student, make_course(title="Pan de masa madre"))
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    first, second, third = new_page(), new_page(), new_page(width=390, height=844)
    errors: list[str] = []
    for page in (first, second, third):
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("dialog", lambda dialog: dialog.accept())

    for page in (first, second):
        log_in(page, live_server, "camila@example.com", PASSWORD)
        expect(page).to_have_url(f"{live_server}/mis-cursos")
    log_in(third, live_server, "camila@example.com", PASSWORD)
    expect(third).to_have_url(f"{live_server}/mis-cursos")

    # The first browser's next page: signed out, told why, never locked out.
    first.get_by_role("link", name="Pan de masa madre").first.click()
    expect(first.get_by_role("alert")).to_contain_text(NOTICE)
    expect(first.get_by_role("link", name="Ingresar", exact=True)).to_be_visible()
    screenshot(first, "01-first-browser-signed-out")
    first.goto(f"{live_server}/mis-cursos")
    expect(first).to_have_url(re.compile(r"/ingresar\?next="))
    expect(second.get_by_role("heading", name="Mis cursos")).to_be_visible()
    second.reload()
    expect(second.get_by_role("heading", name="Mis cursos")).to_be_visible()

    # "Mis dispositivos" on the phone: two devices, this one marked; close the other one.
    third.get_by_role("button", name="Abrir menú").click()
    third.get_by_role("button", name="Camila Rojas").click()
    third.get_by_role("link", name="Mis dispositivos").click()
    expect(third.get_by_role("heading", name="Mis dispositivos")).to_be_visible()
    rows = third.locator(".device-row")
    expect(rows).to_have_count(2)
    expect(third.get_by_text("Este dispositivo")).to_have_count(1)
    expect(rows.first).to_contain_text("Red aproximada: 127.0.0.0/24")
    assert third.evaluate("document.documentElement.scrollWidth") <= 390
    assert accessibility_violations(third) == []
    screenshot(third, "02-my-devices")
    third.get_by_role("button", name="Cerrar la sesión en los demás dispositivos").click()
    expect(third.get_by_role("alert")).to_contain_text("Cerramos la sesión en el otro dispositivo.")
    expect(third.locator(".device-row")).to_have_count(1)
    screenshot(third, "03-others-closed")
    second.reload()
    expect(second).to_have_url(re.compile(r"/ingresar\?next="))
    expect(second.get_by_text(NOTICE)).to_have_count(0)  # closed by her, not replaced

    # The admin sees the student's devices, ended ones with their reason.
    admin = first
    log_in(admin, live_server, "jefa@example.com", PASSWORD)
    admin.goto(f"{live_server}/admin/usuarios/{student.id}")
    section = admin.locator("section", has=admin.get_by_role("heading", name="Dispositivos"))
    expect(section).to_contain_text("Reemplazado por un ingreso nuevo")
    expect(section).to_contain_text("Cerrado por la alumna")
    expect(section.get_by_role("button", name="Cerrar sesión")).to_have_count(1)
    screenshot(admin, "04-admin-student-devices")
    section.get_by_role("button", name="Cerrar sesión").click()
    expect(admin.get_by_role("alert")).to_contain_text("Cerramos la sesión de Camila Rojas")
    third.reload()
    expect(third).to_have_url(re.compile(r"/ingresar\?next="))
    assert errors == []
