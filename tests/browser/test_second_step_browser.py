"""The admin's second step in a real browser, with production's rule (every admin asked):
the first sign-in sets up the authenticator from the QR page and shows the recovery codes;
/admin stays closed until then; the next sign-in asks for a code, and a trusted device is
not asked again. Screenshots of every step and an accessibility check of each page."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from dulcevicio.models import Role
from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD


@pytest.fixture
def live_app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True, ADMIN_TWO_STEP_REQUIRED=True)


def test_an_admin_sets_up_her_authenticator_and_then_signs_in_with_a_code(
    live_server, new_page, make_user, screenshot
):
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    page = new_page()
    errors, violations = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    log_in(page, live_server, "jefa@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Activa la verificación en dos pasos")).to_be_visible()
    expect(page.get_by_role("img", name="Código QR para tu app de autenticación")).to_be_visible()
    screenshot(page, "01-set-up")
    violations += accessibility_violations(page)
    page.goto(f"{live_server}/admin/")  # closed until the step is passed
    expect(page).to_have_url(re.compile(r"/ingresar/verificacion"))

    secret = page.locator("#clave-secreta").inner_text().replace(" ", "")
    page.get_by_label("Código de 6 dígitos que muestra la app").fill("000000")
    page.get_by_role("button", name="Activar verificación en dos pasos").click()
    expect(page.get_by_text("Ese código no coincide")).to_be_visible()
    page.get_by_label("Código de 6 dígitos que muestra la app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activar verificación en dos pasos").click()
    codes = page.get_by_role("list", name="Códigos de recuperación").get_by_role("listitem")
    expect(codes).to_have_count(10)
    screenshot(page, "02-recovery-codes")
    violations += accessibility_violations(page)
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    expect(page).to_have_url(f"{live_server}/admin/")

    # Another browser: the password, then a code, trusting this device.
    other = new_page(width=390, height=844)
    log_in(other, live_server, "jefa@example.com", PASSWORD)
    expect(other.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    screenshot(other, "03-code-asked-on-a-phone")
    violations += accessibility_violations(other)
    # The set-up used this step's code: a code is accepted once, so the next step's.
    other.get_by_label("Código").fill(pyotp.TOTP(secret).at(time.time() + 30))
    other.get_by_label("Recordar este dispositivo 30 días").check()
    other.get_by_role("button", name="Verificar").click()
    expect(other).to_have_url(f"{live_server}/admin/")
    other.get_by_role("button", name="Abrir menú").click()
    other.get_by_role("button", name="Jefa Pérez").click()
    other.get_by_role("button", name="Salir").click()
    log_in(other, live_server, "jefa@example.com", PASSWORD)
    expect(other).to_have_url(f"{live_server}/admin/")  # trusted: no code this time
    screenshot(other, "04-trusted-device")
    assert violations == [] and errors == []
