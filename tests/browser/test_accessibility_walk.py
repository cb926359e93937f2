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

At 390 px each page's `document.documentElement.scrollWidth` is recorded and printed, not
asserted (pages wider than the phone are a later part of issue 18).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD
from tests.security.sitewalk import rule_urls
from tests.security.world import Site, build_world

VIEWPORTS = {"laptop": (1366, 900), "phone": (390, 844)}
PERSONAS = ("visitor", "student", "admin")


@pytest.fixture
def site(live_app) -> Site:
    """The security suite's site, on the app the live server serves."""
    return build_world(live_app).site


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
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > width:
            wide.append(f"{scroll_width} px {path}")
    with capsys.disabled():  # the widths are for the reader of the run, not asserted yet
        print(f"\n{persona} at {width}x{height}: {len(walked)} pages, wider: {wide}")
    assert walked
    assert violations == []
