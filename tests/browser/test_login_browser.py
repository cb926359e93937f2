"""Logging in and out in a real browser, with CSRF and the security headers in force."""

import re

from playwright.sync_api import expect

from dulcevicio.models import Role
from tests.browser.conftest import log_in
from tests.helpers import PASSWORD


def test_student_logs_in_and_out(live_server, page, make_user, make_course, grant, screenshot):
    student = make_user(email="camila@example.com", full_name="Camila Rojas")
    grant(student, make_course(title="Pan de masa madre"))
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    log_in(page, live_server, "camila@example.com", "no-es-la-clave")
    expect(page.get_by_role("alert")).to_contain_text("Correo, usuario o contraseña incorrectos.")
    screenshot(page, "01-login-error")

    log_in(page, live_server, "camila@example.com", PASSWORD)
    expect(page).to_have_url(f"{live_server}/mis-cursos")
    expect(page.get_by_role("heading", name="Mis cursos")).to_be_visible()
    expect(page.get_by_text("Pan de masa madre")).to_be_visible()
    screenshot(page, "02-dashboard")

    page.get_by_role("button", name="Camila Rojas").click()
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_text("Cerraste sesión")).to_be_visible()
    page.goto(f"{live_server}/mis-cursos")
    expect(page).to_have_url(re.compile(r"/ingresar\?next=%2Fmis-cursos$"))
    assert errors == []  # no CSP violations or script errors


def test_phone_menu_reaches_the_account(live_server, new_page, make_user, screenshot):
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    page = new_page(width=390, height=844)
    log_in(page, live_server, "jefa@example.com", PASSWORD)
    expect(page).to_have_url(f"{live_server}/admin/")
    page.get_by_role("button", name="Abrir menú").click()
    expect(page.get_by_role("link", name="Administración")).to_be_visible()
    page.get_by_role("button", name="Jefa Pérez").click()
    page.get_by_role("link", name="Mi cuenta").click()
    expect(page.get_by_role("heading", name="Mi cuenta")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no horizontal scrolling
    screenshot(page, "phone-account")
