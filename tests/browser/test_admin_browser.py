"""The admin's everyday path in a real browser, with CSRF and the CSP in force."""

import re

from playwright.sync_api import expect

from dulcevicio.models import Role
from tests.browser.conftest import log_in
from tests.helpers import PASSWORD


def test_admin_invites_a_student_who_then_sees_her_course(
    live_server, new_page, make_user, make_course, screenshot
):
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    make_course(title="Pan de masa madre")
    make_course(title="Tortas de celebración")
    errors = []
    admin = new_page()
    admin.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    admin.on("console", lambda message: message.type == "error" and errors.append(message.text))

    log_in(admin, live_server, "jefa@example.com", PASSWORD)
    admin.get_by_role("navigation", name="Administración").get_by_role(
        "link", name="Usuarios"
    ).click()
    admin.get_by_role("link", name="Nueva cuenta").click()
    admin.get_by_label("Nombre completo").fill("Camila Rojas")
    admin.get_by_label("Correo electrónico").fill("camila@example.com")
    expect(admin.get_by_label("Generar un enlace de invitación")).to_be_checked()
    screenshot(admin, "01-new-account")
    admin.get_by_role("button", name="Crear cuenta").click()

    expect(admin.get_by_text("Cuenta creada para Camila Rojas")).to_be_visible()
    link_input = admin.locator("#password-link")
    link = link_input.input_value()
    assert re.fullmatch(rf"{re.escape(live_server)}/clave/[\w.-]+", link)
    admin.get_by_role("button", name="Copiar").click()
    expect(admin.get_by_role("button", name="¡Copiado!")).to_be_visible()
    assert admin.evaluate("navigator.clipboard.readText()") == link
    share = admin.get_by_role("link", name="Enviar por WhatsApp").get_attribute("href")
    assert share.startswith("https://wa.me/?text=Hola%2C%20Camila%20Rojas")
    screenshot(admin, "02-invitation-link")

    admin.get_by_role("link", name="Inscribir en un curso").click()
    expect(admin.get_by_label("Alumno (correo o usuario)")).to_have_value("camila@example.com")
    admin.get_by_label("Curso").select_option(label="Pan de masa madre")
    admin.get_by_label("90 días").check()
    screenshot(admin, "03-grant")
    admin.get_by_role("button", name="Inscribir").click()
    expect(admin.get_by_role("alert")).to_contain_text(
        "Camila Rojas tiene acceso a «Pan de masa madre» hasta el"
    )
    expect(admin.get_by_role("heading", name="Camila Rojas")).to_be_visible()
    screenshot(admin, "04-student-detail")

    student = new_page(width=390, height=844)  # a second browser: her phone
    student.on("console", lambda message: message.type == "error" and errors.append(message.text))
    student.goto(link)
    expect(student.get_by_role("heading", name="Crea tu contraseña")).to_be_visible()
    student.get_by_label("Nueva contraseña").fill("mi-clave-segura")
    student.get_by_label("Repite la contraseña").fill("mi-clave-segura")
    screenshot(student, "05-set-password")
    student.get_by_role("button", name="Guardar contraseña").click()
    expect(student).to_have_url(f"{live_server}/mis-cursos")
    expect(student.get_by_role("heading", name="Pan de masa madre")).to_be_visible()
    expect(student.get_by_text("Tortas de celebración")).to_have_count(0)
    screenshot(student, "06-my-courses")

    # The audit log lists both of the admin's actions, newest first; the student's own
    # password is no admin action.
    admin.get_by_role("navigation", name="Administración").get_by_role(
        "link", name="Auditoría"
    ).click()
    log = admin.get_by_role("table")
    expect(log.locator("tbody tr td:nth-child(3)")).to_have_text(
        ["Inscripción otorgada", "Cuenta creada"]
    )
    granted = log.get_by_role("row").filter(has_text="Inscripción otorgada")
    expect(granted).to_contain_text(re.compile(r"«Pan de masa madre»: sin acceso → hasta el"))
    expect(granted.get_by_role("link", name="Camila Rojas")).to_be_visible()
    expect(log.get_by_role("row").filter(has_text="Cuenta creada")).to_contain_text(
        "— → Camila Rojas <camila@example.com>, Estudiante"
    )
    expect(log).to_contain_text("Jefa Pérez")
    screenshot(admin, "07-audit-log")
    assert errors == []  # no CSP violations or script errors

    response = student.goto(link)  # the link worked once
    assert response.status == 400
    expect(student.get_by_role("heading", name="Este enlace ya no sirve")).to_be_visible()
