"""The installable app in a real browser: the service worker registers and controls the
page, keeps only static assets and the offline page (never a page, never paid media),
answers the offline page when the network is gone, and the dashboard's install card shows
on a phone only, until dismissed."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from dulcevicio.demo.media import demo_video
from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services.media import uploads
from tests import media
from tests.browser.conftest import accessibility_violations, course_with_videos, log_in, wait_until
from tests.helpers import PASSWORD

PHONE = {"width": 390, "height": 844}
EMAIL = "lucia@example.com"

# Every Cache Storage entry the page's origin holds: {cache name: [request URLs]}.
CACHED = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    found[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return found;
}"""


@pytest.fixture
def course(live_app, make_course):
    """A course with videos and a recipe photo: pages that load paid media."""
    slug, lessons = course_with_videos(live_app, make_course, demo_video(seed=3, seconds=2), 2)
    with live_app.app_context():
        stored = db.session.scalar(sa.select(Course).where(Course.slug == slug))
        recipe = uploads.add_recipe_from_image(stored, media.jpeg(), "flan.jpg")
        db.session.commit()
        return slug, lessons, recipe.id


@pytest.fixture
def student(live_app, make_user, grant, course):
    user = make_user(email=EMAIL, full_name="Lucía Fernández")
    with live_app.app_context():
        grant(user, db.session.scalar(sa.select(Course).where(Course.slug == course[0])))
    return user


def phone_page(new_page, live_server):
    page = new_page(**PHONE)
    log_in(page, live_server, EMAIL, PASSWORD)
    return page


# Installing precaches about 20 files from the threaded test server before the worker
# claims the page: on a loaded 2-CPU CI machine that took longer than the usual 20 s once.
WORKER_READY_SECONDS = 45

# Resolves true once a worker is active for this page's scope, false after a second.
WORKER_ACTIVE = """() => Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
])"""


def wait_for_the_worker(page) -> None:
    """Wait until the worker is active and controls the page. The worker claims the pages
    open when it activates; a page whose navigation was under way at that moment stays
    uncontrolled until its next load, as a browser does for a real student: reload it then."""
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while not page.evaluate(WORKER_ACTIVE):
        assert time.monotonic() < deadline, "the service worker never became active"
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_until(page, "navigator.serviceWorker.controller !== null")


def no_wider_than(page, width: int) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_the_worker_controls_the_page_and_keeps_no_page_and_no_paid_media(
    live_server, new_page, student, course
):
    slug, lessons, recipe_id = course
    page = phone_page(new_page, live_server)
    page.goto(f"{live_server}/mis-cursos")
    wait_for_the_worker(page)
    media_seen = []
    page.on("request", lambda request: "/media/" in request.url and media_seen.append(request))
    # Controlled now: these pages and their media (video, poster, photo) pass by the worker.
    for url in (
        f"/cursos/{slug}",
        f"/cursos/{slug}/lecciones/{lessons[1]}",
        f"/cursos/{slug}/recetas/{recipe_id}",
        "/mis-cursos",
    ):
        page.goto(live_server + url)
        page.wait_for_load_state("networkidle")
    assert media_seen, "the pages loaded no paid media: the check below would prove nothing"
    caches = page.evaluate(CACHED)
    assert len(caches) == 1 and next(iter(caches)).startswith("dulcevicio-static-")
    kept = next(iter(caches.values()))
    assert "/static/css/app.css" in kept and "/sin-conexion" in kept
    assert any(path.endswith(".woff2") for path in kept)
    outside = [path for path in kept if not path.startswith(("/static/", "/bootstrap/static/"))]
    assert outside == ["/sin-conexion"]  # the only HTML it keeps
    assert not [path for path in kept if "/media/" in path or "recetario" in path]


def test_offline_a_navigation_shows_the_offline_page(
    live_server, new_page, student, course, screenshot
):
    page = phone_page(new_page, live_server)
    page.goto(f"{live_server}/mis-cursos")
    wait_for_the_worker(page)
    page.context.set_offline(True)
    page.goto(f"{live_server}/mis-cursos")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sin conexión")
    assert "Lucía" not in page.content()
    assert page.url == f"{live_server}/mis-cursos"
    screenshot(page, "offline-390")
    assert accessibility_violations(page) == []
    assert no_wider_than(page, 390)
    # Back online, "Reintentar" opens the page she wanted.
    page.context.set_offline(False)
    page.get_by_role("link", name="Reintentar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis cursos")


def test_the_install_card_shows_on_a_phone_until_dismissed(
    live_server, new_page, student, course, screenshot
):
    page = phone_page(new_page, live_server)
    page.goto(f"{live_server}/mis-cursos")
    card = page.locator("[data-install-card]")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading", name="Añadir a la pantalla de inicio")).to_be_visible()
    expect(card).to_contain_text("Agregar a la pantalla principal")
    expect(card).to_contain_text("Agregar a inicio")
    screenshot(page, "dashboard-install-card-390")
    assert accessibility_violations(page) == []
    assert no_wider_than(page, 390)
    # When Chrome offers its own prompt, one tap asks it (here a stand-in for the event).
    install = card.get_by_role("button", name="Instalar")
    expect(install).to_be_hidden()
    page.evaluate(
        """() => {
          const offer = new Event("beforeinstallprompt", { cancelable: true });
          offer.prompt = () => { window.promptShown = true; };
          offer.userChoice = Promise.resolve({ outcome: "dismissed" });
          window.dispatchEvent(offer);
        }"""
    )
    expect(install).to_be_visible()
    install.click()
    expect(install).to_be_hidden()
    assert page.evaluate("() => window.promptShown") is True
    expect(card).to_be_visible()  # she said no to the browser's prompt: the steps stay
    card.get_by_role("button", name="Ahora no").click()
    expect(card).to_be_hidden()
    assert page.evaluate("() => document.activeElement.tagName") == "H1"
    page.reload()
    expect(page.locator("[data-install-card]")).to_be_hidden()


def test_the_install_card_is_hidden_on_a_laptop(live_server, new_page, student, course):
    page = new_page(width=1366, height=900)
    log_in(page, live_server, EMAIL, PASSWORD)
    page.goto(f"{live_server}/mis-cursos")
    # install.js did show it (nothing was dismissed); the wide screen's CSS hides it.
    assert page.evaluate("() => document.querySelector('[data-install-card]').hidden") is False
    expect(page.locator("[data-install-card]")).to_be_hidden()
