"""In a browser, on a phone: a student posts a bake with two photos, another student reacts
and comments, the first one sees the bell's count and follows the notification, the admin
answers it from the queue and features it, and a visitor sees it on the course page. Every
page passes axe's WCAG 2.1 A/AA rules and none is wider than the screen."""

from __future__ import annotations

import pytest

from dulcevicio.models import Role
from tests import media
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD

PHONE = (390, 844)


@pytest.fixture
def app(live_app):  # the suite's helpers (make_user, grant) on the served app
    return live_app


def too_wide(page) -> bool:
    return page.evaluate(f"() => document.documentElement.scrollWidth > {PHONE[0]}")


def test_a_bake_goes_from_a_phone_to_the_public_course_page(
    live_server, new_page, make_user, make_course, make_recipe, grant, screenshot, tmp_path
):
    course = make_course(title="Pan de masa madre")
    make_recipe(course, "Hogaza rústica", 1)
    student = make_user(email="vale@example.com", full_name="Valentina Sosa")
    grant(student, course)
    admin = make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    photos = []
    for number in (1, 2):
        path = tmp_path / f"hogaza{number}.jpg"
        path.write_bytes(media.sideways_phone_photo() if number == 1 else media.jpeg())
        photos.append(str(path))

    phone = new_page(*PHONE)
    log_in(phone, live_server, student.email, PASSWORD)
    phone.goto(f"{live_server}/cursos/{course.slug}/lo-hice")
    phone.get_by_label("Fotos (de 1 a 3)").set_input_files(photos)
    phone.get_by_label("Cuéntanos cómo te salió").fill("¡Mi primera hogaza!")
    phone.get_by_label("Pregunta para la profesora (opcional)").fill("¿La miga está bien?")
    phone.get_by_label("Receta (opcional)").select_option(label="Hogaza rústica")
    phone.get_by_label("Se puede usar como testimonio").check()
    phone.get_by_role("button", name="Publicar").click()
    phone.wait_for_load_state()
    assert "¡Tu horneado quedó publicado!" in phone.content()
    assert phone.locator("img.bake-photo").count() == 2
    assert accessibility_violations(phone) == []
    assert not too_wide(phone)
    screenshot(phone, "1-galeria-alumna")

    # Another student of the course claps and comments.
    friend = make_user(email="lu@example.com", full_name="Lucía Gómez")
    grant(friend, course)
    other = new_page(*PHONE)
    log_in(other, live_server, friend.email, PASSWORD)
    other.goto(f"{live_server}/cursos/{course.slug}/lo-hice")
    bake = other.locator("article.bake").first
    clap = bake.locator(".reaction-form button").first
    clap.click()
    wait_until(
        other,
        "document.querySelector('article.bake .reaction-form button')"
        ".getAttribute('aria-pressed') === 'true'",
    )
    assert clap.locator("[data-reaction-count]").inner_text() == "1"
    bake.get_by_label("Tu comentario").fill("¡Qué linda te quedó la greña!")
    bake.get_by_role("button", name="Comentar").click()
    other.wait_for_load_state()
    assert "¡Qué linda te quedó la greña!" in other.content()
    assert accessibility_violations(other) == []
    assert not too_wide(other)
    screenshot(other, "2-reaccion-y-comentario")

    # Valentina sees the bell's count and follows her notification to the bake.
    phone.goto(f"{live_server}/mis-cursos")
    bell = phone.get_by_role("link", name="Notificaciones, 1 sin leer")
    assert bell.is_visible()
    bell.click()
    phone.wait_for_load_state()
    assert accessibility_violations(phone) == []
    screenshot(phone, "3-notificaciones")
    phone.get_by_role("link", name="Lucía comentó tu «¡Lo hice!»").click()
    phone.wait_for_load_state()
    assert "/lo-hice" in phone.url and "#horneado-" in phone.url
    assert "¡Qué linda te quedó la greña!" in phone.content()
    assert phone.get_by_role("link", name="Notificaciones, 0 sin leer").count() == 1

    desk = new_page(*PHONE)
    log_in(desk, live_server, admin.email, PASSWORD)
    desk.goto(f"{live_server}/admin/lo-hice")
    assert "¿La miga está bien?" in desk.content()
    assert accessibility_violations(desk) == []
    assert not too_wide(desk)
    screenshot(desk, "4-cola-admin")
    desk.get_by_label("Tu devolución").fill("¡Preciosa! La miga está perfecta.")
    desk.get_by_role("button", name="Enviar devolución").click()
    desk.wait_for_load_state()
    assert "No hay horneados esperando devolución" in desk.content()
    desk.goto(f"{live_server}/cursos/{course.slug}/lo-hice")
    desk.get_by_role("button", name="Destacar en la página del curso").click()
    desk.wait_for_load_state()
    assert "se muestra en la página pública" in desk.content()

    visitor = new_page(*PHONE)
    visitor.goto(f"{live_server}/cursos/{course.slug}")
    section = visitor.locator("section.course-bakes")
    assert "Valentina S." in section.inner_text() and "¡Mi primera hogaza!" in section.inner_text()
    visitor.wait_for_load_state("networkidle")
    assert visitor.evaluate(
        "() => [...document.querySelectorAll('.course-bakes img')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    assert accessibility_violations(visitor) == []
    assert not too_wide(visitor)
    screenshot(visitor, "5-pagina-publica")

    phone.goto(f"{live_server}/cursos/{course.slug}/lo-hice")
    assert "Equipo DulceVicio" in phone.content()
    screenshot(phone, "6-devolucion")
