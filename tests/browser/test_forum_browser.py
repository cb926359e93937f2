"""A threaded forum conversation in real browsers: two students, the team, and moderation."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from dulcevicio.models import Role
from tests.browser.conftest import log_in
from tests.helpers import PASSWORD

QUESTION = "¿A qué temperatura horneo la masa madre?\nMi horno es pequeño."
ANSWER = "Yo la horneo a 230 °C con vapor."
TEAM_ANSWER = "A 240 °C los primeros 20 minutos, luego a 210 °C. Más en https://example.com/pan"
ABUSE = "Pregunta tonterías en otro lado, inútil."
SCRIPT = "<script>alert(1)</script> y <img src=x onerror=alert(2)>"


class Browser:
    """One person's browser session, recording console errors and dialogs."""

    def __init__(self, page: Page, base_url: str, login: str):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)
        log_in(page, base_url, login, PASSWORD)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept()  # only the "are you sure" of destructive buttons is expected

    def comment(self, text: str) -> Locator:
        """The <article> whose own text (not a reply's) contains `text`."""
        assert '"' not in text
        return self.page.locator(
            f"xpath=//article[div[@class='forum-content'][contains(., \"{text}\")]]"
        )

    def reply(self, to_text: str, content: str) -> None:
        article = self.comment(to_text)
        article.locator("xpath=./div[@class='forum-actions']/details/summary").click()
        form = article.locator("xpath=./div[@class='forum-actions']/details/form")
        form.locator("textarea").fill(content)
        form.get_by_role("button", name="Publicar respuesta").click()
        self.page.wait_for_load_state()


def test_two_students_and_the_team_talk_and_the_admin_hides_abuse(
    live_server, new_page, make_user, make_course, grant, screenshot
):
    course = make_course(title="Pan de masa madre")
    for email, name in (
        ("camila@example.com", "Camila Rojas"),
        ("bruno@example.com", "Bruno Díaz"),
    ):
        grant(make_user(email=email, full_name=name), course)
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Repostera")
    forum = f"{live_server}/cursos/{course.slug}/foro"
    camila = Browser(new_page(), live_server, "camila@example.com")
    bruno = Browser(new_page(width=390, height=844), live_server, "bruno@example.com")
    admin = Browser(new_page(), live_server, "jefa@example.com")

    # Camila asks; line breaks are kept.
    camila.page.goto(forum)
    expect(camila.page.get_by_text("Todavía no hay comentarios")).to_be_visible()
    camila.page.get_by_label("Escribe tu comentario o pregunta").fill(QUESTION)
    camila.page.get_by_role("button", name="Publicar comentario").click()
    expect(camila.page.get_by_text("Tu comentario quedó publicado.")).to_be_visible()
    question = camila.comment("Mi horno es pequeño.")
    assert question.locator("xpath=./div[@class='forum-content']").inner_text() == QUESTION
    screenshot(camila.page, "01-pregunta")

    # Bruno answers on his phone; the team answers too, with its badge and a safe link.
    bruno.page.goto(forum)
    bruno.reply("Mi horno es pequeño.", ANSWER)
    expect(bruno.page.get_by_text("Tu respuesta quedó publicada.")).to_be_visible()
    admin.page.goto(forum)
    admin.reply("Mi horno es pequeño.", TEAM_ANSWER)
    team = admin.comment("los primeros 20 minutos")
    expect(team.locator("xpath=./header").get_by_text("Equipo DulceVicio")).to_be_visible()
    link = team.get_by_role("link", name="https://example.com/pan")
    expect(link).to_have_attribute("rel", "nofollow noopener")
    screenshot(admin.page, "02-respuesta-del-equipo")

    # Bruno turns abusive; the admin hides that reply.
    bruno.page.reload()
    bruno.reply("Mi horno es pequeño.", ABUSE)
    expect(bruno.comment("inútil")).to_be_visible()
    screenshot(bruno.page, "03-respuesta-abusiva-movil")
    admin.page.reload()
    admin.comment("inútil").locator("xpath=./div[@class='forum-actions']").get_by_role(
        "button", name="Ocultar"
    ).click()
    expect(admin.page.get_by_text("El comentario quedó oculto.")).to_be_visible()
    hidden = admin.comment("inútil")
    expect(hidden.locator("xpath=./header").get_by_text("Oculto", exact=True)).to_be_visible()
    expect(hidden.get_by_role("button", name="Mostrar")).to_be_visible()
    assert admin.dialogs == ["¿Ocultar este comentario y sus respuestas a los estudiantes?"]
    screenshot(admin.page, "04-oculto-para-el-equipo")

    camila.page.reload()
    expect(camila.page.get_by_text(ABUSE)).to_have_count(0)
    expect(camila.comment(ANSWER)).to_be_visible()
    expect(
        camila.comment("los primeros 20 minutos").get_by_text("Equipo DulceVicio")
    ).to_be_visible()
    expect(camila.page.get_by_text("Oculto", exact=True)).to_have_count(0)
    screenshot(camila.page, "05-la-alumna-ya-no-lo-ve")

    # Markup typed into a comment shows as text and never runs.
    camila.page.get_by_label("Escribe tu comentario o pregunta").fill(SCRIPT)
    camila.page.get_by_role("button", name="Publicar comentario").click()
    expect(camila.comment("<script>alert(1)</script>")).to_be_visible()
    bruno.page.reload()
    expect(bruno.comment("<script>alert(1)</script>")).to_contain_text(SCRIPT)
    admin.page.goto(f"{live_server}/admin/foro")
    expect(admin.page.get_by_text(SCRIPT)).to_be_visible()
    screenshot(camila.page, "06-html-como-texto")

    assert camila.dialogs == [] and bruno.dialogs == []  # no alert() ever fired
    assert camila.errors == bruno.errors == admin.errors == []  # no CSP violation, no JS error


def test_admin_moderation_list_in_the_browser(
    live_server, new_page, make_user, make_course, grant, screenshot
):
    course = make_course(title="Galletas decoradas")
    grant(make_user(email="camila@example.com", full_name="Camila Rojas"), course)
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Repostera")
    camila = Browser(new_page(), live_server, "camila@example.com")
    camila.page.goto(f"{live_server}/cursos/{course.slug}/foro")
    camila.page.get_by_label("Escribe tu comentario o pregunta").fill("¿Qué glasé uso?")
    camila.page.get_by_role("button", name="Publicar comentario").click()

    admin = Browser(new_page(), live_server, "jefa@example.com")
    admin.page.get_by_role("link", name="Foro", exact=True).click()
    admin.page.get_by_role("link", name="Sin respuesta del equipo").click()
    expect(admin.page.get_by_text("¿Qué glasé uso?")).to_be_visible()
    screenshot(admin.page, "01-sin-respuesta")
    admin.page.get_by_text("Responder como equipo").click()
    admin.page.get_by_label("Respuesta a Camila Rojas").fill("Glasé real con merengue en polvo.")
    admin.page.get_by_role("button", name="Publicar respuesta").click()
    expect(admin.page.get_by_text("Tu respuesta quedó publicada en el foro.")).to_be_visible()
    expect(admin.page.get_by_text("No hay comentarios esperando respuesta.")).to_be_visible()

    camila.page.reload()
    team = camila.comment("merengue en polvo")
    expect(team.get_by_text("Equipo DulceVicio")).to_be_visible()
    screenshot(camila.page, "02-respuesta-en-el-foro")
    assert camila.errors == admin.errors == []
