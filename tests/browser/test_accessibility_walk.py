"""Every HTML page of the site, as each persona, on a laptop and on a phone, passes every
WCAG 2.1 A/AA rule of axe-core.

The pages are every GET rule of the app with real ids, from the security suite's small
site (`world.site`, tests/security/world.py; URLs by `rule_urls`, tests/security/sitewalk.py),
built once with the lesson that has the video and once with the preview lesson (the one
lesson a visitor may open).
A rule is walked when Playwright's first `page.goto` of it answers 200 with an HTML page at
the address asked for. Skipped, by that answer alone (no hand list):
- files that are not pages: static CSS, media (images, videos), PDF and CSV downloads
  (a Content-Type other than text/html, or a download instead of a document);
- JSON endpoints (search suggestions, the health check): not HTML (the player's progress
  is a POST, so it is not among the GET rules at all);
- redirects (a signed-in persona at /ingresar, a comment's address, a page the persona may
  not open) and refusals (403/404): their target is walked in its own right, or it is not
  this persona's page.
Every state change of the app is a POST (logging out too), so no GET route is skipped for
changing state; tests/security checks that no GET route writes to the database.

The site's text is stretched first (`stretch`): every name and title at its column's
maximum length as one unbroken word, 200-character words and long URLs in descriptions,
comments and notes, a long email, business name and device. With that data no page may be
wider than the screen (`document.documentElement.scrollWidth`), and at 1366 px no table
scrolls sideways inside its box either (admin lists fit on a laptop; on a phone their rows
stack, so the actions stay reachable).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from dulcevicio.extensions import db
from dulcevicio.models import (
    Certificate,
    Comment,
    Course,
    DeviceSession,
    Lesson,
    Payment,
    Recipe,
    Settings,
    User,
)
from dulcevicio.services.settings import SETTINGS_ID
from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD
from tests.security.sitewalk import rule_urls
from tests.security.world import Site, build_world

VIEWPORTS = {"laptop": (1366, 900), "phone": (390, 844)}
PERSONAS = ("visitor", "student", "admin")


LONG_WORD = "Merengueitaliano" * 13  # 208 characters, no place to break
LONG_URL = "https://www.ejemplo-de-reposteria.com/recetas/" + "masa-quebrada-" * 14
LONG_TEXT = f"Antes de empezar: {LONG_WORD} y la guía en {LONG_URL} para la crema."


def unbroken(limit: int) -> str:
    """A name filling a column of `limit` characters, as one word."""
    return (LONG_WORD * 2)[:limit]


@pytest.fixture
def site(live_app) -> Site:
    """The security suite's site, on the app the live server serves, its text stretched."""
    site = build_world(live_app).site
    with live_app.app_context():
        stretch()
    return site


def stretch() -> None:
    """Every text a page shows, at its longest: names and titles fill their columns."""
    for user in db.session.scalars(db.select(User)):
        user.full_name = unbroken(120)
    spare = db.session.scalar(db.select(User).where(User.email == "otra@example.com"))
    spare.email = f"{unbroken(64)}@{'pasteleria-' * 15}ejemplo.com"
    for course in db.session.scalars(db.select(Course)):
        course.title = unbroken(160)
        course.description = LONG_TEXT
    for lesson in db.session.scalars(db.select(Lesson)):
        lesson.title = unbroken(160)
        lesson.description = LONG_TEXT
    for recipe in db.session.scalars(db.select(Recipe)):
        recipe.title = unbroken(160)
        recipe.description = LONG_TEXT
        recipe.recipe_text = f"{recipe.recipe_text}\n{LONG_TEXT}"
    for comment in db.session.scalars(db.select(Comment)):
        comment.content = LONG_TEXT
    for payment in db.session.scalars(db.select(Payment)):
        payment.reference = unbroken(120)
        payment.note = LONG_TEXT
    for certificate in db.session.scalars(db.select(Certificate)):
        certificate.printed_name = unbroken(120)
        certificate.course_title = unbroken(160)
    for device in db.session.scalars(db.select(DeviceSession)):
        device.browser = device.system = unbroken(60)
    business = db.session.get(Settings, SETTINGS_ID) or Settings(
        id=SETTINGS_ID, currency="MXN", messages={}
    )
    business.business_name = unbroken(80)
    db.session.add(business)
    db.session.commit()


def page_urls(app, site: Site) -> list[str]:
    """Every GET rule's URL, with the video lesson and with the preview lesson."""
    preview = replace(site, video_lesson_id=site.preview_lesson_id)
    urls = rule_urls(app, site, "GET") + rule_urls(app, preview, "GET")
    return list(dict.fromkeys(url for _endpoint, url in urls))


def html_page(page: Page, url: str) -> bool:
    """Open `url`; True when the first answer is a 200 HTML page at that address."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:  # a download (PDF, CSV) is not a document
        if "Download is starting" in str(error):
            return False
        raise
    return (
        response is not None
        and response.request.redirected_from is None
        and response.status == 200
        and response.headers.get("content-type", "").startswith("text/html")
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_passes_every_wcag_rule(
    persona, viewport, live_app, live_server, site, new_page, capsys
):
    width, height = VIEWPORTS[viewport]
    page = new_page(width=width, height=height)
    if persona != "visitor":
        email = site.admin_email if persona == "admin" else site.student_email
        log_in(page, live_server, email, PASSWORD)
        assert "/ingresar" not in page.url, f"{persona} could not log in"
    walked, violations, wide = [], [], []
    for path in page_urls(live_app, site):
        if not html_page(page, live_server + path):
            continue
        walked.append(path)
        violations += accessibility_violations(page)
        wide += [f"{path}: {box}" for box in overflowing_boxes(page, width)]
    with capsys.disabled():
        print(f"\n{persona} at {width}x{height}: {len(walked)} pages walked; too wide: {wide}")
    assert walked
    assert violations == []
    assert wide == []


def overflowing_boxes(page: Page, width: int) -> list[str]:
    """What is wider than it may be: the document beyond the viewport, or (on a laptop) a
    table scrolling inside its box."""
    return page.evaluate(
        """([width, laptop]) => {
            const boxes = [];
            const root = document.documentElement;
            if (root.scrollWidth > width) {
                // Name the innermost elements reaching past the edge: the culprits.
                const past = [...document.body.querySelectorAll("*")].filter(
                    (node) => node.getBoundingClientRect().right > width + 1);
                const innermost = past.filter(
                    (node) => !past.some((other) => other !== node && node.contains(other)));
                const names = innermost.slice(0, 3).map(
                    (node) => `${node.tagName.toLowerCase()}.${[...node.classList].join(".")}`);
                boxes.push(`document ${root.scrollWidth} px (${names.join(", ")})`);
            }
            if (laptop) {
                for (const box of document.querySelectorAll(".table-responsive")) {
                    if (box.scrollWidth > box.clientWidth + 1) {
                        boxes.push(`table ${box.scrollWidth} px in ${box.clientWidth} px`);
                    }
                }
            }
            return boxes;
        }""",
        [width, width >= 1000],
    )
