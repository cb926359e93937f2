"""A structured recipe in a real browser, as the issue's journey walks it: the demo's
vanilla sponge (10 servings, a 20 cm round mould) scaled to a 24 × 24 cm square mould and
to 12 servings, switched to cups, ingredients ticked (still ticked after a reload), the
list sent to WhatsApp, printed on one page, then kitchen mode: two timers at once and
"ver este paso en el video" at the right second. Without JavaScript the recipe is shown
at its base yield."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pikepdf
import pytest
from playwright.sync_api import expect

from dulcevicio.demo.media import DEMO_RECIPES, demo_video, pastry_photo
from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services.kitchen.parser import parse_recipe
from dulcevicio.services.media import uploads
from tests.browser.conftest import accessibility_violations, log_in, wait_until
from tests.helpers import PASSWORD

VIDEO_SECONDS = 16
MOMENT = 12  # the second the oven step points at


@pytest.fixture(scope="module")
def webm() -> bytes:
    return demo_video(seed=4, seconds=VIDEO_SECONDS)


@pytest.fixture
def sponge(live_app, make_course, make_user, grant, webm):
    """The demo's "Bizcocho de vainilla", structured by the parser as the demo is."""
    title, description, text = DEMO_RECIPES["tortas-de-celebracion"][0]
    made = make_course(title="Tortas de celebración", lessons=2)
    student = make_user(email="vale@example.com", full_name="Valentina Ortiz")
    with live_app.app_context():
        course = db.session.get(Course, made.id)
        grant(student, course)
        lesson = course.lessons[1]
        uploads.replace_lesson_video(lesson, io.BytesIO(webm), "clase.webm")
        lesson.video_duration_seconds = VIDEO_SECONDS
        recipe = uploads.add_recipe_from_image(course, pastry_photo(3), "bizcocho.jpg")
        recipe.title, recipe.description, recipe.recipe_text = title, description, text
        structure = parse_recipe(text)
        oven = next(n for n, step in enumerate(structure.steps) if "Hornea" in step.text)
        steps = list(structure.steps)
        steps[oven] = type(steps[oven])(
            text=steps[oven].text,
            timer_minutes=steps[oven].timer_minutes,
            lesson_id=lesson.id,
            second=MOMENT,
        )
        recipe.structure = type(structure)(
            yield_amount=structure.yield_amount,
            yield_kind=structure.yield_kind,
            mould=structure.mould,
            groups=structure.groups,
            steps=tuple(steps),
        )
        db.session.commit()
        return course.slug, recipe.id, lesson.id


WAKE_LOCK_SPY = """
if (navigator.wakeLock) {
  const request = navigator.wakeLock.request.bind(navigator.wakeLock);
  window.wakeLockRequests = 0;
  window.wakeLocks = [];
  navigator.wakeLock.request = async (type) => {
    window.wakeLockRequests += 1;
    const lock = await request(type);
    window.wakeLocks.push(lock);
    return lock;
  };
}
"""
# What a phone does when the student switches apps and comes back.
WAKE_LOCK_LOST_AND_BACK = """async () => {
  await window.wakeLocks[0].release();
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def amount_of(page, ingredient: str):
    """The amount shown for the recipe page's checklist line naming `ingredient`."""
    return page.locator("[data-checklist] li", has_text=ingredient).first.locator("[data-amount]")


def checkbox_of(page, ingredient: str):
    return page.locator("[data-checklist] li", has_text=ingredient).first.locator("input")


def test_scale_convert_tick_share_print_and_cook(
    live_server, new_page, screenshot, sponge, tmp_path
):
    slug, recipe_id, lesson_id = sponge
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.clock.install()
    # Count the screen wake lock's requests; keep the locks to let one go as a hidden tab's is.
    page.add_init_script(WAKE_LOCK_SPY)
    log_in(page, live_server, "vale@example.com", PASSWORD)
    recipe_url = f"{live_server}/cursos/{slug}/recetas/{recipe_id}"
    page.goto(recipe_url)

    # The base yield, as written.
    expect(page.locator(".recipe-yield")).to_contain_text("Rinde 10 porciones")
    expect(page.locator(".recipe-yield")).to_contain_text("Molde redondo de 20 cm")
    expect(amount_of(page, "harina de trigo")).to_have_text("300 g")
    assert accessibility_violations(page) == []
    screenshot(page, "1-receta")

    # A 24 × 24 cm square mould: 576 cm² against 314 cm², ×1.83.
    page.get_by_label("Forma").select_option("cuadrado")
    page.get_by_label("Ancho (cm)").fill("24")
    page.get_by_label("Ancho (cm)").dispatch_event("change")
    expect(amount_of(page, "harina de trigo")).to_have_text("550 g")
    mould = page.locator("[data-mould-now]")
    expect(mould).to_have_text("Molde cuadrado de 24 × 24 cm, 8 cm de alto")
    expect(page.locator("[data-yield-now]")).to_have_text("18 porciones")
    expect(page.get_by_label("Porciones")).to_have_value("18")
    screenshot(page, "2-molde-cuadrado")

    # 12 servings: ×1.2, and the mould goes back to the recipe's.
    page.get_by_label("Porciones").fill("12")
    page.get_by_label("Porciones").dispatch_event("change")
    expect(amount_of(page, "harina de trigo")).to_have_text("360 g")
    expect(amount_of(page, "leche")).to_have_text("240 ml")
    expect(amount_of(page, "huevos")).to_have_text("6")
    expect(page.locator("[data-scale-note]")).to_have_text("")

    # Cups and spoons: 360 g of flour is 3 cups, 240 ml of milk 1 cup.
    page.get_by_label("Tazas y cucharadas").check()
    expect(amount_of(page, "harina de trigo")).to_have_text("3 tazas")
    expect(amount_of(page, "leche")).to_have_text("1 taza")
    screenshot(page, "3-doce-porciones-en-tazas")

    # The checklist survives a reload on this device, and so does the scale.
    checkbox_of(page, "harina de trigo").check()
    checkbox_of(page, "azúcar").check()
    page.reload()
    expect(checkbox_of(page, "harina de trigo")).to_be_checked()
    expect(checkbox_of(page, "azúcar")).to_be_checked()
    expect(checkbox_of(page, "leche")).not_to_be_checked()
    expect(amount_of(page, "harina de trigo")).to_have_text("3 tazas")

    # WhatsApp gets the scaled list (the chat itself is outside this machine: the request
    # is answered here, and its text read).
    page.context.route("https://wa.me/**", lambda route: route.fulfill(body="ok"))
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Enviar lista por WhatsApp").click()
    shared = parse_qs(urlsplit(opened.value.url).query)["text"][0]
    assert shared.startswith("Bizcocho de vainilla\nPara 12 porciones")
    assert "- 3 tazas de harina de trigo (tamizada)" in shared
    assert "Para el almíbar" in shared
    opened.value.close()

    # The print view fits one page.
    pdf = tmp_path / "receta.pdf"
    page.emulate_media(media="print")
    expect(page.locator("[data-scale-controls]")).to_be_hidden()
    page.pdf(path=str(pdf), format="A4")
    page.emulate_media(media="screen")
    with pikepdf.open(pdf) as printed:
        assert len(printed.pages) == 1

    # Kitchen mode follows the scale picked on the recipe page.
    page.get_by_role("link", name="Modo cocina").click()
    page.wait_for_url(f"{recipe_url}/cocina*")
    expect(page.locator("[data-step-progress]")).to_have_text("Ingredientes")
    flour = page.locator("#paso-0 li", has_text="harina de trigo").locator("[data-amount]")
    expect(flour).to_have_text("3 tazas")
    expect(page.locator("[data-wake-status]")).to_have_text(
        "La pantalla se mantiene encendida mientras cocinas."
    )
    assert page.evaluate("window.wakeLockRequests") == 1
    page.evaluate(WAKE_LOCK_LOST_AND_BACK)
    wait_until(page, "window.wakeLockRequests === 2")
    assert accessibility_violations(page) == []
    screenshot(page, "4-cocina")

    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("[data-step-progress]")).to_have_text("Paso 1 de 6")
    first = page.locator("#paso-1")
    expect(first).to_be_visible()
    expect(first.locator(".kitchen-step-lines")).to_contain_text("mantequilla")
    first.get_by_role("button", name="Temporizador de 5 min").click()
    for _ in range(3):
        page.get_by_role("button", name="Siguiente").click()
    oven = page.locator("#paso-4")
    expect(oven).to_be_visible()
    oven.get_by_role("button", name="Temporizador de 45 min").click()
    timers = page.locator(".kitchen-timer")
    expect(timers).to_have_count(2)
    page.clock.run_for("05:01")
    expect(timers.nth(0).locator(".kitchen-timer-clock")).to_have_text("¡Tiempo!")
    expect(timers.nth(1).locator(".kitchen-timer-clock")).to_have_text("39:59")
    expect(page.locator("[data-timer-announce]")).to_have_text("¡Tiempo! Paso 1.")
    screenshot(page, "5-dos-temporizadores")

    # "Ver este paso en el video" opens the lesson at its second.
    oven.get_by_role("link", name="Ver este paso en el video").click()
    page.wait_for_url(f"{live_server}/cursos/{slug}/lecciones/{lesson_id}?t={MOMENT}")
    page.clock.resume()
    wait_until(page, "document.querySelector('video').readyState >= 1")
    assert page.evaluate("document.querySelector('video').currentTime") == pytest.approx(
        MOMENT, abs=0.6
    )
    assert errors == []


def test_kitchen_mode_on_a_phone_one_handed(live_server, new_page, screenshot, sponge):
    slug, recipe_id, _ = sponge
    page = new_page(width=390, height=844)
    log_in(page, live_server, "vale@example.com", PASSWORD)
    page.goto(f"{live_server}/cursos/{slug}/recetas/{recipe_id}/cocina")
    following = page.get_by_role("button", name="Siguiente")
    box = following.bounding_box()
    # Within the thumb's reach: the bottom of the screen, buttons at least 48 px tall.
    assert box["y"] + box["height"] <= 844 and box["y"] > 844 * 0.75
    assert box["height"] >= 48
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#paso-1")).to_be_hidden()
    following.click()
    expect(page.locator("#paso-0")).to_be_hidden()
    expect(page.locator("#paso-1 .kitchen-step-text")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "cocina-telefono")


def test_without_javascript_the_recipe_is_at_its_base_yield(browser, live_server, sponge):
    slug, recipe_id, _ = sponge
    context = browser.new_context(java_script_enabled=False, locale="es-ES")
    try:
        page = context.new_page()
        log_in(page, live_server, "vale@example.com", PASSWORD)
        page.goto(f"{live_server}/cursos/{slug}/recetas/{recipe_id}")
        expect(page.locator("[data-scale-controls]")).to_be_hidden()
        expect(amount_of(page, "harina de trigo")).to_have_text("300 g")
        link = page.get_by_role("link", name="Enviar lista por WhatsApp").get_attribute("href")
        assert "300 g de harina de trigo" in parse_qs(urlsplit(link).query)["text"][0]
        page.goto(f"{live_server}/cursos/{slug}/recetas/{recipe_id}/cocina")
        # Every step listed, one after the other.
        expect(page.locator(".kitchen-step")).to_have_count(7)
        for step in range(7):
            expect(page.locator(f"#paso-{step}")).to_be_visible()
    finally:
        context.close()


def test_the_admin_pastes_a_recipe_corrects_the_proposal_and_saves_it(
    live_app, live_server, new_page, screenshot, make_user, make_course
):
    """Paste, propose, correct a quantity and link a step to a lesson's moment, save: the
    student's page shows the correction. On a laptop and on a phone, with axe-core."""
    from dulcevicio.models import Role

    title, description, text = DEMO_RECIPES["tortas-de-celebracion"][0]
    make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")
    made = make_course(title="Tortas de celebración", lessons=2)
    with live_app.app_context():
        course = db.session.get(Course, made.id)
        recipe = uploads.add_recipe_from_image(course, pastry_photo(5), "bizcocho.jpg")
        recipe.title, recipe.recipe_text = title, text
        db.session.commit()
        course_id, recipe_id, slug = course.id, recipe.id, course.slug
        lesson_title = course.lessons[1].title
    errors = []
    for width, height in ((1366, 900), (390, 844)):
        page = new_page(width=width, height=height)
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        log_in(page, live_server, "jefa@example.com", PASSWORD)
        page.goto(f"{live_server}/admin/cursos/{course_id}/recetas/{recipe_id}/editar")
        page.get_by_role("link", name="Estructura: ingredientes y pasos").click()
        expect(page.get_by_label("Texto de la receta")).to_have_value(text)
        page.get_by_role("button", name="Proponer estructura").click()
        expect(page.get_by_text("Revisa la propuesta y guarda los cambios.")).to_be_visible()
        expect(page.get_by_label("Rinde")).to_have_value("10")
        expect(page.get_by_label("Ingrediente, fila 1", exact=True)).to_have_value(
            "harina de trigo"
        )
        assert accessibility_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"propuesta-{width}")
        if width == 390:
            break
        page.get_by_label("Cantidad, fila 1", exact=True).fill("320")
        page.get_by_label("Lección, fila 4", exact=True).select_option(label=f"2. {lesson_title}")
        page.get_by_label("Segundo del video, fila 4", exact=True).fill("0:12")
        page.get_by_role("button", name="Guardar estructura").click()
        expect(page.get_by_text("La estructura de la receta se guardó.")).to_be_visible()
        page.goto(f"{live_server}/cursos/{slug}/recetas/{recipe_id}")
        expect(amount_of(page, "harina de trigo")).to_have_text("320 g")
        expect(page.get_by_role("link", name="Ver este paso en el video (0:12)")).to_be_visible()
    assert errors == []


def test_out_of_range_scales_are_clamped_and_explained(live_server, new_page, sponge):
    slug, recipe_id, _ = sponge
    page = new_page(width=390, height=844)
    log_in(page, live_server, "vale@example.com", PASSWORD)
    page.goto(f"{live_server}/cursos/{slug}/recetas/{recipe_id}")
    servings = page.get_by_label("Porciones")
    note = page.locator("[data-scale-note]")
    amounts = page.locator("[data-checklist] [data-amount]")

    def shown() -> str:
        return " ".join(amounts.all_inner_texts())

    servings.fill("0")
    servings.dispatch_event("change")
    expect(note).to_have_text("Escribe un número de 1 a 500.")
    expect(amount_of(page, "harina de trigo")).to_have_text("300 g")

    servings.fill("1000")
    servings.dispatch_event("change")
    expect(note).to_contain_text("Ajustamos la escala a 10× como máximo.")
    expect(note).to_contain_text("el tiempo y la temperatura de horneado cambian")
    expect(amount_of(page, "harina de trigo")).to_have_text("3 kg")
    expect(page.locator("[data-yield-now]")).to_have_text("100 porciones")
    expect(servings).to_have_value("100")  # what the list is for, not what was typed

    for width in ("0", "500", "-3"):
        page.get_by_label("Diámetro (cm)").fill(width)
        page.get_by_label("Diámetro (cm)").dispatch_event("change")
        expect(note).to_have_text("Escribe medidas de molde entre 5 y 60 cm.")
    page.get_by_label("Diámetro (cm)").fill("10")
    page.get_by_label("Diámetro (cm)").dispatch_event("change")
    expect(note).to_contain_text("el tiempo y la temperatura de horneado cambian")
    expect(amount_of(page, "harina de trigo")).to_have_text("75 g")
    for junk in ("NaN", "Infinity", "undefined", "null"):
        assert junk not in shown()
    assert not re.search(r"(^|\s)-\d", shown())
    # Long names and notes wrap: the page is never wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert accessibility_violations(page) == []
