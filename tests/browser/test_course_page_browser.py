"""The course page that sells, in a real browser: a visitor on a laptop and on a phone sees
the preview video with its poster, the price, the points, the samples, the instructor and
the testimonials; the page passes axe's WCAG 2.1 AA rules and is never wider than the
screen, with the demo's content and with every field at its maximum length."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from dulcevicio import models
from dulcevicio.demo.course_page import portrait
from dulcevicio.extensions import db
from dulcevicio.models import Course, Role
from dulcevicio.services.media import uploads
from tests import media
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
HEADINGS = (
    "Lo que vas a aprender",
    "Recetas de muestra",
    "Quién te enseña",
    "Lo que dicen del curso",
)


def word(length: int, letter: str = "a") -> str:
    """One unbroken word of `length` characters."""
    return (letter * length)[:length]


def text(length: int) -> str:
    """Text of exactly `length` characters with a 200-character word in it."""
    start = "Empieza normal. " + word(200, "m") + " "
    return (start + "sigue con palabras comunes " * 40)[:length].rstrip() + "."


def attach_preview_video(app, slug: str) -> None:
    with app.app_context():
        course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
        preview = next(lesson for lesson in course.lessons if lesson.is_preview)
        uploads.replace_lesson_video(preview, io.BytesIO(media.webm()), "vista-previa.webm")
        db.session.commit()


@pytest.fixture
def demo_course(live_app):
    """The demo's first course (everything filled), its preview lesson with a video."""
    result = live_app.test_cli_runner().invoke(args=["seed-demo", "--skip-videos"])
    assert result.exit_code == 0, result.output
    attach_preview_video(live_app, "pan-de-masa-madre")
    return "pan-de-masa-madre"


@pytest.fixture
def longest_course(live_app, make_course):
    """A course with every selling field at its maximum length and 200-character words."""
    made = make_course(title=word(160, "T"), lessons=3)
    with live_app.app_context():
        course = db.session.get(Course, made.id)
        course.description = text(2000)
        course.learning_points = "\n".join([word(160, "p"), *(text(160) for _ in range(11))])
        course.instructor_name = word(120, "N")
        course.instructor_bio = text(600)
        course.price_amount, course.price_currency = Decimal("9999999999.99"), "ARS"
        uploads.replace_instructor_photo(course, portrait(7))
        uploads.replace_course_thumbnail(course, media.jpeg((1600, 900)))
        for _ in range(3):
            recipe = uploads.add_recipe_from_image(course, media.jpeg(), "receta.jpg")
            recipe.title, recipe.is_sample = word(160, "R"), True
        course.testimonials = [
            models.Testimonial(
                author_name=word(120, "A"),
                author_detail=word(120, "D"),
                text=text(600),
                position=position,
            )
            for position in range(1, 21)
        ]
        for lesson in course.lessons:
            lesson.title = word(160, "L")
        db.session.commit()
        slug = course.slug
    attach_preview_video(live_app, slug)
    return slug


def check_page(page, base_url: str, slug: str, width: int) -> None:
    page.goto(f"{base_url}/cursos/{slug}")
    for heading in HEADINGS:
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    assert page.locator(".course-price").inner_text().startswith("Precio: ")
    poster = page.locator("video").get_attribute("poster")
    assert poster, "the preview video has no poster"
    assert page.request.get(base_url + poster if poster.startswith("/") else poster).ok
    # The samples' photos load for a visitor; their tiles lead nowhere.
    samples = page.locator(".recipe-tile--sample img")
    assert samples.count() >= 2
    for index in range(samples.count()):  # lazy images: load each where it shows
        samples.nth(index).scroll_into_view_if_needed()
        image = f"document.querySelectorAll('.recipe-tile--sample img')[{index}]"
        wait_until(page, f"{image}.complete && {image}.naturalWidth > 0")
    assert page.locator(".recipe-tile--sample a, a.recipe-tile--sample").count() == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert accessibility_violations(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_demo_course_page_sells_on_a_laptop_and_a_phone(
    live_server, new_page, demo_course, screenshot, size
):
    width, height = SIZES[size]
    page = new_page(width, height)
    check_page(page, live_server, demo_course, width)
    # The preview comes first: above the title on a phone, beside it on a laptop.
    video, title = page.locator("video").bounding_box(), page.locator("h1").bounding_box()
    assert video["y"] < title["y"] if size == "phone" else video["x"] < title["x"]
    screenshot(page, f"course-page-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_every_field_at_its_longest_still_fits(live_server, new_page, longest_course, size):
    width, height = SIZES[size]
    check_page(new_page(width, height), live_server, longest_course, width)


def test_the_preview_plays_inline_for_a_visitor(live_server, new_page, demo_course):
    page = new_page(390, 844)
    page.goto(f"{live_server}/cursos/{demo_course}")
    page.evaluate("document.querySelector('video').play()")
    wait_until(page, "document.querySelector('video').currentTime > 0.3")
    assert page.evaluate("document.querySelector('video').error") is None


@pytest.mark.parametrize("size", SIZES)
def test_the_admin_fills_the_course_page_in_the_browser(
    live_app, live_server, new_page, make_user, longest_course, size
):
    """The admin pages of the selling parts, at their fullest: axe clean, no wider than
    the screen; a testimonial added, moved and shown on the course page."""
    width, height = SIZES[size]
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    with live_app.app_context():
        course = db.session.scalar(sa.select(Course).where(Course.slug == longest_course))
        course_id, first = course.id, course.testimonials[0].id
        sample = next(recipe.id for recipe in course.recipes if recipe.is_sample)
    page = new_page(width, height)
    log_in(page, live_server, "jefa@example.com", PASSWORD)
    for path in (
        f"/admin/cursos/{course_id}/editar",
        f"/admin/cursos/{course_id}/testimonios",
        f"/admin/cursos/{course_id}/testimonios/{first}/editar",
        f"/admin/cursos/{course_id}/recetas/{sample}/editar",
        "/admin/ajustes",
    ):
        page.goto(live_server + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
        assert accessibility_violations(page) == [], path

    page.goto(f"{live_server}/admin/cursos/{course_id}/editar")
    page.get_by_role("link", name="Testimonios (20)").click()
    expect(page.get_by_text("Ya hay 20 testimonios, el máximo.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Eliminar").first.click()
    expect(page.get_by_text("Eliminaste el testimonio de")).to_be_visible()
    page.get_by_label("Nombre de quien lo dice").fill("Rosa Benítez")
    page.get_by_label("Detalle (opcional)").fill("Alumna de Mendoza")
    page.get_by_label("Testimonio", exact=True).fill("Aprendí a templar chocolate sin miedo.")
    page.get_by_role("button", name="Guardar testimonio").click()
    expect(page.get_by_text("Testimonio agregado.")).to_be_visible()
    page.get_by_role("button", name="Subir el testimonio de Rosa Benítez").click()
    page.goto(f"{live_server}/cursos/{longest_course}")
    quotes = page.locator(".testimonial figcaption").all_inner_texts()
    assert quotes[-2].startswith("Rosa Benítez") and len(quotes) == 20
