"""People using DulceVicio in a real browser, end to end, with screenshots and an
accessibility check of every page they visit."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from dulcevicio.demo.media import demo_video, pastry_photo
from dulcevicio.models import Role
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD

WHATSAPP = "525512345678"
COURSE = "Alfajores y dulce de leche"
# Clicks that navigate are followed by a wait for the new URL: evaluating script in the
# page before the next document exists fails (seen once in CI on the phone journey).
LESSON_URL = re.compile(r"/cursos/[\w-]+/lecciones/\d+$")


@pytest.fixture
def live_app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True, WHATSAPP_CONTACT_NUMBER=WHATSAPP)


@pytest.fixture(scope="module")
def webm() -> bytes:
    return demo_video(seed=5, seconds=10)


class Person:
    """One browser session: records screenshots, console errors and accessibility findings."""

    def __init__(self, name: str, page: Page, screenshot, base_url: str):
        self.name, self.page, self.base = name, page, base_url
        self.screenshot = screenshot
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.steps = 0
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("dialog", lambda dialog: dialog.accept())  # "¿Eliminar…?" confirmations

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def check(self, step: str) -> None:
        """Screenshot this step and run the accessibility check on the page."""
        self.steps += 1
        self.screenshot(self.page, f"{self.name}-{self.steps:02d}-{step}")
        self.violations += accessibility_violations(self.page)

    def no_horizontal_scroll(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.viewport_size["width"]
        assert width <= viewport, f"{self.page.url} scrolls sideways ({width} > {viewport})"

    def assert_clean(self) -> None:
        assert self.violations == [], "\n".join(self.violations)
        assert self.errors == []


@pytest.fixture
def person(live_server, new_page, screenshot):
    people: list[Person] = []

    def make(name: str, **viewport) -> Person:
        people.append(Person(name, new_page(**viewport), screenshot, live_server))
        return people[-1]

    yield make
    for someone in people:
        someone.assert_clean()


def jpeg(seed: int) -> dict:
    return {
        "name": f"receta-{seed}.jpg",
        "mimeType": "image/jpeg",
        "buffer": pastry_photo(seed, (1200, 900)),
    }


def admin_builds_the_course(admin: Person, webm: bytes) -> None:
    log_in(admin.page, admin.base, "jefa@example.com", PASSWORD)
    admin.check("overview")
    page = admin.page
    page.get_by_role("navigation", name="Administración").get_by_role("link", name="Cursos").click()
    page.get_by_role("link", name="Nuevo curso").click()
    page.get_by_label("Título").fill(COURSE)
    page.get_by_label("Descripción").fill(
        "Alfajores de maicena, de chocolate y un dulce de leche casero."
    )
    page.get_by_label("Dificultad").select_option(label="Intermedio")
    page.get_by_label("Duración estimada (minutos)").fill("90")
    page.get_by_label("Enlace del grupo de WhatsApp").fill(
        "https://chat.whatsapp.com/Alfajores2027"
    )
    page.get_by_label("Portada (opcional)").set_input_files(
        {"name": "portada.jpg", "mimeType": "image/jpeg", "buffer": pastry_photo(99, (1600, 1200))}
    )
    admin.check("new-course")
    page.get_by_role("button", name="Guardar curso").click()
    expect(page.get_by_text(f"Curso «{COURSE}» creado")).to_be_visible()

    for title, preview in (("Presentación", True), ("Dulce de leche casero", False)):
        page.get_by_role("link", name="Nueva lección").click()
        page.get_by_label("Título").fill(title)
        page.get_by_label("Duración del video").fill("0:10")
        if preview:
            page.get_by_label("Vista previa gratuita").check()
        page.get_by_role("button", name="Guardar lección").click()
        expect(page.get_by_text(f"Lección «{title}» creada.")).to_be_visible()
    admin.check("lessons")
    for title in ("Presentación", "Dulce de leche casero"):
        row = page.get_by_role("row").filter(has_text=title)
        row.get_by_role("link", name="Video").click()
        page.get_by_label("Video (MP4, MOV o WebM)").set_input_files(
            {"name": "clase.webm", "mimeType": "video/webm", "buffer": webm}
        )
        page.get_by_role("button", name="Subir video").click()
        expect(page.get_by_text("Video guardado.")).to_be_visible()
        page.get_by_role("link", name="Lecciones").click()
    admin.check("videos-uploaded")

    page.get_by_role("link", name="Recetas").click()
    page.get_by_label("Fotos de las recetas").set_input_files([jpeg(1), jpeg(2), jpeg(3)])
    page.get_by_role("button", name="Subir recetas").click()
    # One request per photo (recipe_uploads.js), then one book build for the batch.
    expect(page.get_by_text("3 de 3 fotos listas.")).to_be_visible()
    expect(page.get_by_text("Recetario actualizado.")).to_be_visible()
    page.get_by_role("link", name="Ver la lista de recetas actualizada").click()
    admin.check("recipes")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el recetario").click()
    book = PdfReader(download.value.path())
    assert [entry.title for entry in book.outline] == ["Receta 1", "Receta 2", "Receta 3"]


def admin_invites_and_grants(admin: Person) -> str:
    page = admin.page
    page.get_by_role("navigation", name="Administración").get_by_role(
        "link", name="Usuarios"
    ).click()
    page.get_by_role("link", name="Nueva cuenta").click()
    page.get_by_label("Nombre completo").fill("Camila Rojas")
    page.get_by_label("Correo electrónico").fill("camila@example.com")
    admin.check("new-student")
    page.get_by_role("button", name="Crear cuenta").click()
    link = page.locator("#password-link").input_value()
    assert re.fullmatch(rf"{re.escape(admin.base)}/clave/[\w.-]+", link)
    admin.check("invitation-link")
    page.get_by_role("link", name="Inscribir en un curso").click()
    page.get_by_label("Curso").select_option(label=COURSE)
    page.get_by_label("90 días").check()
    page.get_by_role("button", name="Inscribir").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Camila Rojas tiene acceso a «{COURSE}» hasta el"
    )
    admin.check("granted")
    return link


def student_learns(student: Person, link: str) -> None:
    page = student.page
    page.goto(link)
    page.get_by_label("Nueva contraseña").fill("mi-clave-segura")
    page.get_by_label("Repite la contraseña").fill("mi-clave-segura")
    student.check("set-password")
    page.get_by_role("button", name="Guardar contraseña").click()
    expect(page).to_have_url(f"{student.base}/mis-cursos")
    expect(page.get_by_text("0 de 2 lecciones")).to_be_visible()
    student.check("my-courses")

    page.get_by_role("link", name="Empezar").click()
    expect(page).to_have_url(LESSON_URL)
    page.evaluate("document.querySelector('video').play()")
    wait_until(page, "document.querySelector('video').currentTime >= 3")
    page.evaluate("document.querySelector('video').pause()")  # the pause saves the position
    student.check("lesson-paused")
    page.get_by_role("link", name="Mis cursos").first.click()  # leave mid-video
    page.go_back()
    wait_until(page, "document.querySelector('video').readyState >= 1")
    wait_until(page, "document.querySelector('video').currentTime >= 2")  # resumed
    page.get_by_role("button", name="Marcar como completada").click()
    expect(page.get_by_role("button", name="Marcar como pendiente")).to_be_visible()
    page.get_by_role("link", name="Mis cursos").first.click()
    expect(page.get_by_text("1 de 2 lecciones")).to_be_visible()

    page.get_by_role("link", name=COURSE).first.click()
    student.check("course")
    page.get_by_role("link", name="Receta 2").click()
    expect(page.get_by_role("heading", name="Receta 2")).to_be_visible()
    student.check("recipe")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar recetario (PDF)").click()
    assert download.value.path().read_bytes()[:4] == b"%PDF"

    page.goto(page.url.split("/recetas/")[0] + "/foro")
    page.get_by_label("Escribe tu comentario o pregunta").fill("¿Puedo usar leche de almendras?")
    page.get_by_role("button", name="Publicar comentario").click()
    expect(page.get_by_text("Tu comentario quedó publicado.")).to_be_visible()
    thread = (
        page.locator("article.forum-comment")
        .filter(has_text="¿Puedo usar leche de almendras?")
        .first
    )
    thread.get_by_text("Responder").first.click()
    thread.get_by_label("Tu respuesta a Camila Rojas").fill(
        "Lo probé: funciona con un poco más de azúcar."
    )
    thread.get_by_role("button", name="Publicar respuesta").click()
    expect(page.get_by_text("Tu respuesta quedó publicada.")).to_be_visible()
    student.check("forum")


def admin_moderates(admin: Person) -> None:
    page = admin.page
    page.get_by_role("navigation", name="Administración").get_by_role(
        "link", name="Foro", exact=True
    ).click()
    admin.check("moderation")
    question = (
        page.locator("li, article, tr").filter(has_text="¿Puedo usar leche de almendras?").first
    )
    question.get_by_text("Responder").first.click()
    question.get_by_role("textbox").fill("¡Sí! Usa 10 % más de azúcar y cocina más lento.")
    question.get_by_role("button", name=re.compile("Publicar|Responder")).last.click()
    expect(page.get_by_text("Tu respuesta quedó publicada en el foro.")).to_be_visible()
    reply = page.locator("li, article, tr").filter(has_text="Lo probé: funciona").first
    reply.get_by_role("button", name="Ocultar").click()
    expect(page.get_by_text("El comentario quedó oculto.")).to_be_visible()
    admin.check("moderated")


def admin_revokes(admin: Person) -> None:
    page = admin.page
    page.get_by_role("navigation", name="Administración").get_by_role(
        "link", name="Inscripciones"
    ).click()
    page.get_by_role("row").filter(has_text="Camila Rojas").get_by_role(
        "button", name="Revocar"
    ).click()
    expect(page.get_by_text("Inscripción revocada: el alumno ya no tiene acceso")).to_be_visible()
    admin.check("revoked")


def test_admin_builds_a_course_student_learns_admin_moderates(person, make_user, webm):
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    admin = person("admin")
    admin_builds_the_course(admin, webm)
    link = admin_invites_and_grants(admin)

    student = person("student")
    student_learns(student, link)
    admin_moderates(admin)

    # The student sees the team's answer, not the hidden reply...
    student.page.reload()
    expect(student.page.get_by_text("Equipo DulceVicio")).to_be_visible()
    expect(student.page.get_by_text("Lo probé: funciona")).to_have_count(0)
    student.check("forum-moderated")
    forum_url = student.page.url
    # ...and, once access is revoked, the lock and the WhatsApp button, not the content.
    admin_revokes(admin)
    student.page.goto(forum_url.split("/foro")[0])
    expect(student.page.get_by_role("link", name="Solicitar acceso")).to_have_attribute(
        "href", re.compile(rf"^https://wa\.me/{WHATSAPP}\?text=")
    )
    expect(student.page.get_by_text("Descargar recetario (PDF)")).to_have_count(0)
    student.check("locked-again")
    assert student.page.get_by_role("link", name="Dulce de leche casero").count() == 0
    assert student.page.request.get(forum_url).status == 403  # her cookies, no page load


def test_visitor_browses_and_plays_a_preview(person, live_app, make_course, webm):
    from dulcevicio.extensions import db
    from dulcevicio.models import Course
    from dulcevicio.services.media import uploads

    made = make_course(title=COURSE, lessons=2)
    with live_app.app_context():
        course = db.session.get(Course, made.id)
        for lesson in course.lessons:
            uploads.replace_lesson_video(lesson, io.BytesIO(webm), "clase.webm")
        db.session.commit()
        locked_lesson = course.lessons[1].id
    visitor = person("visitor")
    visitor.goto("/")
    expect(
        visitor.page.get_by_role("heading", name="Aprende repostería desde tu cocina")
    ).to_be_visible()
    visitor.check("landing")
    visitor.page.get_by_role("navigation", name="Navegación principal").get_by_role(
        "link", name="Cursos"
    ).click()
    visitor.check("catalog")
    visitor.page.get_by_role("link", name=COURSE).first.click()
    visitor.check("course")
    visitor.page.get_by_role("link", name="Lección 1").click()
    expect(visitor.page).to_have_url(LESSON_URL)
    visitor.page.evaluate("document.querySelector('video').play()")
    wait_until(visitor.page, "document.querySelector('video').currentTime >= 1")
    visitor.check("preview")
    visitor.page.go_back()
    assert visitor.page.get_by_role("link", name="Lección 2").count() == 0  # locked: no link
    visitor.goto(f"/cursos/{made.slug}/lecciones/{locked_lesson}")
    expect(visitor.page).to_have_url(re.compile(r"/ingresar\?next="))
    expect(visitor.page.get_by_text("Inicia sesión para continuar.")).to_be_visible()
    visitor.check("asked-to-log-in")


def test_student_journey_on_a_phone(person, live_app, make_user, make_course, grant, webm):
    from dulcevicio.extensions import db
    from dulcevicio.models import Course
    from dulcevicio.services.media import uploads

    made = make_course(title=COURSE, lessons=2)
    with live_app.app_context():
        course = db.session.get(Course, made.id)
        for lesson in course.lessons:
            uploads.replace_lesson_video(lesson, io.BytesIO(webm), "clase.webm")
        uploads.add_recipe_from_image(course, pastry_photo(7, (1200, 900)), "Flan.jpg")
        db.session.commit()
    grant(make_user(email="camila@example.com", full_name="Camila Rojas"), made)
    phone = person("phone", width=390, height=844)
    page = phone.page
    log_in(page, phone.base, "camila@example.com", PASSWORD)
    for step in ("my-courses",):
        phone.no_horizontal_scroll()
        phone.check(step)
    page.get_by_role("button", name="Abrir menú").click()
    expect(page.get_by_role("link", name="Cursos", exact=True)).to_be_visible()
    page.get_by_role("link", name=COURSE).first.click()
    expect(page).to_have_url(re.compile(rf"/cursos/{made.slug}$"))
    phone.no_horizontal_scroll()
    phone.check("course")
    page.get_by_role("link", name="Lección 2").first.click()
    expect(page).to_have_url(LESSON_URL)
    page.evaluate("document.querySelector('video').play()")
    wait_until(page, "document.querySelector('video').currentTime >= 1")
    phone.no_horizontal_scroll()
    phone.check("lesson")
    page.get_by_role("button", name="Marcar como completada").click()
    expect(page.get_by_role("button", name="Marcar como pendiente")).to_be_visible()
    phone.goto(f"/cursos/{made.slug}/foro")
    page.get_by_label("Escribe tu comentario o pregunta").fill("¿Se puede congelar la masa?")
    page.get_by_role("button", name="Publicar comentario").click()
    expect(page.get_by_text("Tu comentario quedó publicado.")).to_be_visible()
    phone.no_horizontal_scroll()
    phone.check("forum")
    page.get_by_role("button", name="Abrir menú").click()
    page.get_by_role("button", name="Camila Rojas").click()
    page.get_by_role("link", name="Mi cuenta").click()
    expect(page).to_have_url(re.compile(r"/cuenta$"))
    phone.no_horizontal_scroll()
    phone.check("account")
