"""Browser tests: Playwright driving Debian's Chromium against a live server thread.

The server runs the app on the suite's database (a SQLite file or PostgreSQL) with CSRF
enabled, as in production.
"""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services.media import uploads

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out of a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts/screenshots")).resolve()
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def live_app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True)


@pytest.fixture
def live_server(live_app):
    """Base URL of `live_app` served by a real HTTP server in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open independent browser sessions: `new_page()` or `new_page(width=390, height=844)`."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="es-ES", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


# Folders that received screenshots in this run, listed at the end of the run.
SCREENSHOT_FOLDERS: set[Path] = set()


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOT_FOLDERS:
        terminalreporter.section("browser screenshots")
        for folder in sorted(SCREENSHOT_FOLDERS):
            shots = len(list(folder.glob("*.png")))
            terminalreporter.write_line(f"{folder}  ({shots} screenshots)")


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under test-artifacts/screenshots/<test name>/."""
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    SCREENSHOT_FOLDERS.add(folder)

    def take(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def wait_until(page: Page, expression: str, timeout: float = 20.0) -> None:
    """Poll a JS expression from Python. (Playwright's wait_for_function evals inside the
    page, which our CSP rightly forbids.)"""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(f"() => Boolean({expression})"):
                return
        except PlaywrightError:
            pass  # between two documents (a click's navigation under way): ask again
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.1)


# Every rule of WCAG 2.1 A and AA: no hand-picked subset.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page: Page) -> list[str]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; one line per violation (empty when
    the page passes).

    axe is injected with page.evaluate (over the DevTools protocol, so the CSP stays on).
    """
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text())
    run_only = {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate("runOnly => axe.run(document, {runOnly})", run_only)
    return [
        f"{page.url}: {violation['id']}: {node['target']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def log_in(page: Page, base_url: str, login: str, password: str) -> None:
    page.goto(f"{base_url}/ingresar")
    page.get_by_label("Correo electrónico o usuario").fill(login)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()


def course_with_videos(app, make_course, video: bytes, seconds: int) -> tuple[str, list[int]]:
    """A three-lesson course whose lessons all play `video` (`seconds` long): its slug and
    its lesson ids."""
    made = make_course(title="Tortas", lessons=3)
    with app.app_context():
        stored = db.session.get(Course, made.id)
        for lesson in stored.lessons:
            uploads.replace_lesson_video(lesson, io.BytesIO(video), "clase.webm")
            lesson.video_duration_seconds = seconds
        db.session.commit()
        return stored.slug, [lesson.id for lesson in stored.lessons]
