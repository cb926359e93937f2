"""In a phone-sized browser (390 px, CSP and CSRF on): a reaction without a page reload,
the bell's count, following the notification, and no sideways scrolling."""

from __future__ import annotations

from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.forum.support import add_comment
from tests.helpers import PASSWORD


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reaction_in_place_and_the_bell_on_a_phone(
    live_app, live_server, new_page, screenshot, make_course, make_user, grant
):
    course = make_course(title="Alfajores de maicena")
    ana = make_user(email="ana@example.com", full_name="Ana Pérez")
    valentina = make_user(email="valentina@example.com", full_name="Valentina Ruiz")
    for student in (ana, valentina):
        grant(student, course)
    comment_id = add_comment(live_app, course, ana, "Me quedaron blanditos")

    page = new_page(width=390, height=844)
    log_in(page, live_server, valentina.email, PASSWORD)
    page.goto(f"{live_server}/cursos/{course.slug}/foro")
    page.evaluate("() => { window.sinRecargar = true; }")
    craving = page.locator(f"#comentario-{comment_id} .reaction-form button").nth(1)
    assert craving.get_attribute("aria-pressed") == "false"
    craving.click()
    pressed = f"#comentario-{comment_id} .reaction-form:nth-child(2) button"
    wait_until(page, f"document.querySelector('{pressed}').ariaPressed === 'true'")
    assert page.evaluate("() => window.sinRecargar === true")  # no reload happened
    assert craving.locator("[data-reaction-count]").inner_text() == "1"
    assert craving.get_attribute("title") == "Antojo: Valentina"
    # She answers Ana, in the page's own reply form.
    page.locator(f"#comentario-{comment_id} summary").first.click()
    page.locator(f"#respuesta-{comment_id}").fill("¡Se ven riquísimos!")
    page.get_by_role("button", name="Publicar respuesta").first.click()
    page.wait_for_load_state()
    assert fits(page)
    screenshot(page, "foro-con-reacciones-390")

    ana_page = new_page(width=390, height=844)
    log_in(ana_page, live_server, ana.email, PASSWORD)
    bell = ana_page.get_by_role("link", name="Notificaciones, 1 sin leer")
    assert bell.is_visible()  # outside the collapsed menu, on a phone too
    assert fits(ana_page)
    screenshot(ana_page, "campana-390")
    bell.click()
    ana_page.wait_for_load_state()
    assert "Valentina respondió tu comentario en el foro de «Alfajores de maicena»" in (
        ana_page.content()
    )
    assert fits(ana_page)
    assert accessibility_violations(ana_page) == []
    screenshot(ana_page, "notificaciones-390")
    ana_page.get_by_role("link", name="Valentina respondió tu comentario").click()
    ana_page.wait_for_load_state()
    assert "#comentario-" in ana_page.url and "/foro" in ana_page.url
    assert ana_page.get_by_role("link", name="Notificaciones, 0 sin leer").count() == 1
    # On a laptop the bell sits at the end of the navigation.
    desk = new_page()
    log_in(desk, live_server, ana.email, PASSWORD)
    assert desk.get_by_role("link", name="Notificaciones, 0 sin leer").is_visible()
    screenshot(desk, "campana-escritorio")
