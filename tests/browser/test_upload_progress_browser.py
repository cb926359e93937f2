"""Uploads that show progress: ten recipe photos sent one by one (one fails in the middle and
is retried) with the book built once at the end, and a local lesson video whose duration
the browser reads from the file."""

import os
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, Role
from dulcevicio.services import recipe_book
from tests import media
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD

PHONE = {"width": 390, "height": 844}
DOCUMENT_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def admin_page(live_server, new_page, make_user):
    make_user(Role.ADMIN, email="jefa@example.com")
    page = new_page(**PHONE)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "jefa@example.com", PASSWORD)
    page.console_errors = errors
    return page


@pytest.fixture
def builds(monkeypatch):
    """Every recipe-book build the server makes (the live server runs in this process)."""
    made = []
    build = recipe_book.build_recipe_book

    def counted(title, recipes, *args, **kwargs):
        made.append(len(recipes))
        return build(title, recipes, *args, **kwargs)

    monkeypatch.setattr(recipe_book, "build_recipe_book", counted)
    return made


def photos(count: int) -> list[dict]:
    return [
        {
            "name": f"receta-{number:02d}.jpg",
            "mimeType": "image/jpeg",
            "buffer": media.jpeg((1200, 900), colour=(40 + number * 20, 90, 60)),
        }
        for number in range(1, count + 1)
    ]


def states(page) -> dict[str, int]:
    return page.evaluate(
        """() => [...document.querySelectorAll(".recipe-upload")].reduce(
            (seen, row) => ({...seen, [row.dataset.state]: (seen[row.dataset.state] || 0) + 1}),
            {})"""
    )


def test_ten_photos_one_fails_and_is_retried_and_the_book_is_built_once(
    live_server, live_app, admin_page, make_course, builds, screenshot
):
    page = admin_page
    course = make_course(title="Tartas", lessons=0)
    sent, cut = [], []

    def network(route):
        body = route.request.post_data_buffer or b""
        if b'filename="receta-05.jpg"' in body and not cut:
            cut.append(route.request.url)
            route.abort("connectionreset")  # the connection drops in the middle of the batch
            return
        sent.append(route.request.url)
        route.continue_()

    page.route("**/recetas/subir", network)
    page.goto(f"{live_server}/admin/cursos/{course.id}/recetas")
    page.get_by_label("Fotos de las recetas").set_input_files(photos(10))

    # Every photo shows its preview (drawn in the browser) before anything is sent.
    wait_until(
        page,
        "[...document.querySelectorAll('img.recipe-upload__thumb')].filter("
        "(image) => image.src.startsWith('data:image/jpeg') && image.complete).length === 10",
    )
    assert sent == [] and cut == []
    expect(page.get_by_role("status")).to_contain_text("10 fotos elegidas")
    screenshot(page, "previews-before-sending")
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Subir recetas").click()
    wait_until(page, "document.querySelectorAll('.recipe-upload[data-state=done]').length === 9")
    wait_until(page, "document.querySelectorAll('.recipe-upload[data-state=failed]').length === 1")
    assert states(page) == {"done": 9, "failed": 1}
    failed = page.locator(".recipe-upload[data-state=failed]")
    expect(failed).to_contain_text("receta-05.jpg")
    expect(failed).to_contain_text("No se pudo subir: se cortó la conexión.")
    expect(page.locator(".recipe-upload[data-state=done]").first).to_contain_text("Lista")
    expect(page.get_by_role("status")).to_contain_text("9 de 10 fotos listas, 1 con error.")
    assert builds == []  # nothing rebuilt the book while the batch is unfinished
    with live_app.app_context():
        stored = db.session.get(Course, course.id)
        assert stored.recipe_book_outdated_at is not None and stored.recipe_pdf_public_id is None
    screenshot(page, "nine-done-one-failed")
    assert accessibility_violations(page) == []
    assert page.evaluate(DOCUMENT_WIDTH) <= PHONE["width"]

    page.get_by_role("button", name="Reintentar receta-05.jpg").click()
    wait_until(page, "document.querySelectorAll('.recipe-upload[data-state=done]').length === 10")
    expect(page.get_by_role("status")).to_contain_text("Recetario actualizado.")
    assert builds == [10]  # built exactly once, at the end, with every recipe
    with live_app.app_context():
        titles = db.session.scalars(
            sa.select(Recipe.title).where(Recipe.course_id == course.id).order_by(Recipe.position)
        ).all()
        stored = db.session.get(Course, course.id)
        assert stored.recipe_book_outdated_at is None and stored.recipe_pdf_public_id
        books = os.listdir(os.path.join(live_app.config["UPLOAD_FOLDER"], "books"))
    # In the order she chose them; the retried photo comes last.
    assert titles == [f"Receta {number:02d}" for number in (1, 2, 3, 4, 6, 7, 8, 9, 10, 5)]
    assert len(books) == 1
    assert len(sent) == 10  # nine, then the retried one (the cut request never arrived)
    screenshot(page, "all-done")
    assert accessibility_violations(page) == []
    assert page.evaluate(DOCUMENT_WIDTH) <= PHONE["width"]

    page.get_by_role("link", name="Ver la lista de recetas actualizada").click()
    expect(page.locator("table")).to_contain_text("Receta 10")
    assert accessibility_violations(page) == []
    assert page.evaluate(DOCUMENT_WIDTH) <= PHONE["width"]
    assert page.console_errors == [] or all("ERR_CONNECTION" in e for e in page.console_errors)


def test_a_refused_photo_shows_the_servers_reason(live_server, admin_page, make_course, builds):
    page = admin_page
    course = make_course(lessons=0)
    page.goto(f"{live_server}/admin/cursos/{course.id}/recetas")
    page.get_by_label("Fotos de las recetas").set_input_files(
        [
            *photos(1),
            {"name": "dibujo.jpg", "mimeType": "image/jpeg", "buffer": b"no es una foto"},
        ]
    )
    page.get_by_role("button", name="Subir recetas").click()
    wait_until(page, "document.querySelectorAll('.recipe-upload[data-state=failed]').length === 1")
    wait_until(page, "document.querySelectorAll('.recipe-upload[data-state=done]').length === 1")
    failed = page.locator(".recipe-upload[data-state=failed]")
    expect(failed).to_contain_text("No se pudo subir: El archivo no es una imagen válida")
    expect(failed.get_by_role("button", name="Reintentar dibujo.jpg")).to_be_visible()
    assert builds == []  # the batch is not over while a photo waits for its retry
    assert accessibility_violations(page) == []
    # She leaves without retrying: the page's last request rebuilds the book (a beacon).
    page.goto(f"{live_server}/admin")
    deadline = time.monotonic() + 10
    while not builds and time.monotonic() < deadline:
        time.sleep(0.1)
    assert builds == [1]


@pytest.mark.parametrize(("extension", "seconds"), [("mp4", 3), ("webm", 2)])
def test_local_video_upload_shows_progress_and_the_duration_read_in_the_browser(
    live_server, live_app, admin_page, make_course, screenshot, extension, seconds
):
    page = admin_page
    make_course(lessons=1)
    with live_app.app_context():
        lesson_id = db.session.scalar(sa.select(Lesson.id))
    page.goto(f"{live_server}/admin/lecciones/{lesson_id}/video")
    page.get_by_label("Video (MP4, MOV o WebM)").set_input_files(
        {
            "name": f"clase.{extension}",
            "mimeType": f"video/{extension}",
            "buffer": media.video(extension, seconds=seconds),
        }
    )
    expect(page.get_by_text(f"Duración: 0:0{seconds} (leída del archivo).")).to_be_visible()
    read = float(page.locator('input[name="duracion"]').input_value())
    assert abs(read - seconds) <= 1
    assert accessibility_violations(page) == []
    assert page.evaluate(DOCUMENT_WIDTH) <= PHONE["width"]

    page.get_by_role("button", name="Subir video").click()
    wait_until(page, "document.querySelector('progress').value === 100", timeout=30)
    expect(page.get_by_role("status")).to_contain_text(f"Video guardado (0:0{seconds}).")
    screenshot(page, f"video-saved-{extension}")
    page.wait_for_url(f"**/admin/lecciones/{lesson_id}/video")
    assert page.locator("video").get_attribute("poster").startswith("/media/posters/")
    expect(page.get_by_text(f"Duración: 0:0{seconds}")).to_be_visible()
    with live_app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        assert abs(lesson.video_duration_seconds - seconds) <= 1
        assert lesson.poster_public_id
    assert accessibility_violations(page) == []
    assert page.evaluate(DOCUMENT_WIDTH) <= PHONE["width"]
    assert page.console_errors == []


def test_an_unreadable_video_is_refused_in_the_page(live_server, live_app, admin_page, make_course):
    page = admin_page
    make_course(lessons=1)
    with live_app.app_context():
        lesson_id = db.session.scalar(sa.select(Lesson.id))
    page.goto(f"{live_server}/admin/lecciones/{lesson_id}/video")
    page.get_by_label("Video (MP4, MOV o WebM)").set_input_files(
        {"name": "rota.mp4", "mimeType": "video/mp4", "buffer": media.corrupt_mp4(50_000)}
    )
    expect(page.get_by_text("Tu navegador no pudo leer la duración")).to_be_visible()
    page.get_by_role("button", name="Subir video").click()
    expect(page.get_by_role("status")).to_contain_text(
        "No se pudo subir el video: No pudimos leer la duración del video"
    )
    expect(page.get_by_role("button", name="Subir video")).to_be_enabled()
    with live_app.app_context():
        assert db.session.get(Lesson, lesson_id).video_public_id is None
    assert accessibility_violations(page) == []
