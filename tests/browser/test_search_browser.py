"""Search in a real browser: a student types "merengue" with a typo into the navigation's
box, picks a suggestion with the keyboard and lands on the recipe; Enter without a
suggestion opens the results page; on a phone the box is in the menu. Screenshots and
accessibility checks throughout."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dulcevicio.extensions import db
from dulcevicio.models import Recipe
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD


@pytest.fixture
def bakery(app, make_course, make_user, grant):
    course = make_course(title="Repostería francesa", lessons=2)
    student = make_user(email="abril@example.com", full_name="Abril Soto")
    grant(student, course)
    with app.app_context():
        recipe = Recipe(
            course_id=course.id,
            title="Buttercream de merengue suizo",
            description="Suave y estable para decorar.",
            recipe_text="150 g de claras, 300 g de azúcar, 400 g de manteca.\n"
            "1. Calienta las claras con el azúcar a baño María hasta 65 °C.",
            position=1,
        )
        db.session.add(recipe)
        db.session.commit()
        return course, recipe.id


def open_suggestions(page, text: str) -> None:
    box = page.locator("#busqueda")
    box.click()
    box.press_sequentially(text, delay=40)
    expect(page.locator("#busqueda-sugerencias")).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")


def test_a_typo_in_the_navbar_then_a_suggestion_leads_to_the_recipe(
    live_server, new_page, screenshot, bakery
):
    course, recipe_id = bakery
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "abril@example.com", PASSWORD)

    open_suggestions(page, "merengeu")
    option = page.get_by_role("option", name="Buttercream de merengue suizo")
    expect(option).to_be_visible()
    expect(page.locator("#busqueda-estado")).to_have_text("1 sugerencia")
    screenshot(page, "1-sugerencias")
    assert accessibility_violations(page) == []

    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    assert page.locator("#busqueda").get_attribute("aria-activedescendant") == option.get_attribute(
        "id"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/cursos/{course.slug}/recetas/{recipe_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buttercream de merengue suizo")
    screenshot(page, "2-receta")

    # Escape closes the list; Enter then submits the box: the results page.
    open_suggestions(page, "merengue")
    page.keyboard.press("Escape")
    expect(page.locator("#busqueda-sugerencias")).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/buscar?q=merengue")
    hit = page.locator(".search-hit").first
    expect(hit).to_contain_text("Buttercream de merengue suizo")
    expect(hit.locator("mark").first).to_have_text("merengue")
    screenshot(page, "3-resultados")
    assert accessibility_violations(page) == []
    assert errors == []


def test_on_a_phone_the_box_is_in_the_menu(live_server, new_page, screenshot, bakery):
    page = new_page(width=390, height=844)
    log_in(page, live_server, "abril@example.com", PASSWORD)
    expect(page.locator("#busqueda")).to_be_hidden()
    page.get_by_role("button", name="Abrir menú").click()
    open_suggestions(page, "butter")
    screenshot(page, "1-menu-sugerencias")
    page.get_by_role("option", name="Buttercream de merengue suizo").click()
    wait_until(page, "location.pathname.includes('/recetas/')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
