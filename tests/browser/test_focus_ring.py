"""Every control shows a visible focus ring when reached with the keyboard.

Tab goes through each page in the order a keyboard user meets it; every element that takes
the focus must draw an outline of at least 2 px (or a box-shadow ring, Bootstrap's way for
form fields). The pages hold every kind of control the site has: the WhatsApp buttons, the
navigation and its dropdown, the search box, pagination, forms, the player's controls and
the admin lists' action buttons.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.helpers import PASSWORD
from tests.security.world import build_world

MAX_TABS = 120

FOCUS_STYLE = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0;
    const name = element.id || element.getAttribute("aria-label")
        || element.textContent.trim().slice(0, 40) || element.getAttribute("name") || "";
    return {
        name: `${element.tagName.toLowerCase()} "${name}"`,
        ring: outline >= 2 || style.boxShadow !== "none",
    };
}"""


def rings_missing(page) -> list[str]:
    """Tab through the page: the controls that took the focus with no visible ring."""
    page.locator("body").focus()
    missing, seen = [], set()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused is None or focused["name"] in seen:
            break  # back at the start: every control was visited
        seen.add(focused["name"])
        if not focused["ring"]:
            missing.append(focused["name"])
    assert seen, "nothing took the focus"
    return missing


@pytest.mark.parametrize(
    ("persona", "paths"),
    [
        (
            "visitor",
            ["/", "/cursos/tartas-de-fruta", "/cursos/tartas-de-fruta/lecciones/{preview}"],
        ),
        (
            "student",
            ["/mis-cursos", "/cursos/tartas-de-fruta", "/cursos/tartas-de-fruta/foro"],
        ),
        ("admin", ["/admin/", "/admin/inscripciones", "/admin/pagos", "/admin/ajustes"]),
    ],
)
def test_every_control_shows_a_focus_ring(persona, paths, live_app, live_server, new_page):
    site = build_world(live_app).site
    page = new_page(width=1366, height=900)
    if persona != "visitor":
        email = site.admin_email if persona == "admin" else site.student_email
        log_in(page, live_server, email, PASSWORD)
    missing = {}
    for path in paths:
        page.goto(live_server + path.format(preview=site.preview_lesson_id))
        if lacking := rings_missing(page):
            missing[path] = lacking
    assert missing == {}
