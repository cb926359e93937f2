"""Headers on every page, no-store on paid content, the 500 page, and no secret in the logs.

(The production access log, gunicorn's, is checked in test_brute_force.py, which already
runs gunicorn processes.)
"""

from __future__ import annotations

import http.cookiejar
import logging
import re
import threading
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from werkzeug.serving import make_server

from dulcevicio.extensions import db
from dulcevicio.models import User
from dulcevicio.services import forum, progress
from tests.helpers import PASSWORD, csrf_token_from, logged_in_client
from tests.security.sitewalk import NEW_PASSWORD, rule_urls
from tests.security.world import build_world

SECTION = "Headers"
HTTPS = "https://dulcevicio.example"


def missing_headers(response) -> list[str]:
    """The protections every HTML response must carry."""
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    script_src = directives.get("script-src", directives.get("default-src", ""))
    missing = []
    if not csp or "'unsafe-inline'" in script_src or "*" in script_src.split():
        missing.append("CSP script-src")
    if headers.get("X-Content-Type-Options") != "nosniff":
        missing.append("nosniff")
    if directives.get("frame-ancestors") != "'none'" and headers.get("X-Frame-Options") != "DENY":
        missing.append("framing")
    if not headers.get("Referrer-Policy"):
        missing.append("Referrer-Policy")
    return missing


def test_every_html_response_carries_the_security_headers(app, world, site, figures):
    clients = {
        "visitor": app.test_client(),
        "student": logged_in_client(app, world.student),
        "admin": logged_in_client(app, world.admin),
    }
    urls = [url for _endpoint, url in rule_urls(app, site, "GET")] + ["/no-existe"]
    checked, problems = 0, []
    for role, client in clients.items():
        for url in urls:
            response = client.get(url)
            if not response.content_type.startswith("text/html"):
                continue
            checked += 1
            if missing := missing_headers(response):
                problems.append((role, url, response.status_code, missing))
    figures.set(SECTION, "HTML responses checked (visitor, student, admin)", checked)
    figures.set(SECTION, "HTML responses missing a header", len(problems))
    assert checked >= 90
    assert problems == []


def test_the_csp_allows_cloudinary_and_nothing_inline(app_factory):
    cloud = app_factory(CLOUDINARY_URL="cloudinary://123456:abcdef@demo-cloud")
    csp = cloud.test_client().get("/").headers["Content-Security-Policy"]
    directives = {
        part.strip().split(" ", 1)[0]: part.strip().split(" ")[1:] for part in csp.split(";")
    }
    assert directives["script-src"] == ["'self'"]
    assert "https://res.cloudinary.com" in directives["img-src"]
    assert "https://res.cloudinary.com" in directives["media-src"]
    assert "https://api.cloudinary.com" in directives["connect-src"]
    assert directives["object-src"] == ["'none'"]
    # The installable app's worker and manifest come from our origin only.
    assert directives["worker-src"] == ["'self'"]
    assert directives["manifest-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


@pytest.fixture
def production_app(production_app_factory):
    return production_app_factory(WTF_CSRF_ENABLED=False)


def test_production_adds_hsts(production_app, figures):
    client = production_app.test_client()
    ages = []
    for url in ("/", "/cursos", "/ingresar", "/no-existe"):
        response = client.get(url, base_url=HTTPS)
        assert not missing_headers(response), url
        hsts = response.headers["Strict-Transport-Security"]
        ages.append(int(re.search(r"max-age=(\d+)", hsts).group(1)))
    assert min(ages) >= 365 * 24 * 3600
    figures.set(SECTION, "production HSTS max-age (days)", min(ages) // 86400)


@pytest.mark.parametrize("config_name", ["development", "production"])
def test_production_sql_logs_leave_out_hashes_and_tokens(
    config_name, production_app_factory, app_factory, client_as, caplog
):
    """With SQL logging turned on (say, to chase a slow query), a password change logs its
    UPDATE; in production without the values it sets."""
    build = production_app_factory if config_name == "production" else app_factory
    app = build(WTF_CSRF_ENABLED=False)
    client = client_as("student", app=app)
    user = client.user
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    change = {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/cuenta/clave", data=change).status_code == 302
    with app.app_context():
        changed = db.session.get(User, user.id)
        secrets = {changed.password_hash, changed.session_token}
    assert user.session_token != changed.session_token
    assert "UPDATE users SET password_hash" in caplog.text  # the statement was logged
    leaked = {secret for secret in secrets if secret in caplog.text}
    assert leaked == (set() if config_name == "production" else secrets)


def test_paid_content_is_never_stored(app, world, site, figures):
    student = logged_in_client(app, world.student)
    slug = site.course_slug
    paid = {
        "course page (with access)": f"/cursos/{slug}",
        "lesson page": f"/cursos/{slug}/lecciones/{site.video_lesson_id}",
        "recipe page": f"/cursos/{slug}/recetas/{site.recipe_id}",
        "recipe book PDF": f"/cursos/{slug}/recetario.pdf",
        "forum": f"/cursos/{slug}/foro",
        "comment edit page": f"/foro/comentarios/{site.student_comment_id}/editar",
        "dashboard": "/mis-cursos",
    }
    stored = []
    for name, url in paid.items():
        response = student.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if "no-store" not in response.headers.get("Cache-Control", ""):
            stored.append(name)
    figures.set(SECTION, "paid-content responses with no-store", f"{len(paid) - len(stored)}")
    assert stored == []
    # Paid photos and videos are kept by her browser only, under keys that never change
    # (test_media_caching.py has every kind and viewer).
    for url in (f"/media/{site.recipe_image_id}", f"/media/{site.video_id}"):
        cache = student.get(url).headers["Cache-Control"]
        assert "private" in cache and "immutable" in cache and "public" not in cache, url
    # Public files keep their caching: the cover forever, static assets by validation.
    cover = student.get(f"/media/{site.thumbnail_id}")
    assert "public" in cover.headers["Cache-Control"]
    assert "no-store" not in student.get("/static/css/app.css").headers.get("Cache-Control", "")


# --- A 500 -------------------------------------------------------------------------------


def boom(*_args, **_kwargs):
    raise RuntimeError("SELECT secreto_interno FROM users  -- stack details")


def test_a_server_error_shows_the_spanish_page_and_no_traceback(
    production_app, site, monkeypatch, figures
):
    client = production_app.test_client()
    response = client.post(
        "/ingresar", data={"login": site.student_email, "password": PASSWORD}, base_url=HTTPS
    )
    assert response.status_code == 302
    monkeypatch.setattr(progress, "lesson_states", boom)
    monkeypatch.setattr(forum, "forum_page", boom)
    monkeypatch.setattr(progress, "save_position", boom)
    pages = [f"/cursos/{site.course_slug}", f"/cursos/{site.course_slug}/foro"]
    for url in pages:
        response = client.get(url, base_url=HTTPS)
        page = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Algo salió mal" in page and 'lang="es"' in page
        assert "secreto_interno" not in page and "Traceback" not in page
        assert "RuntimeError" not in page and ".py" not in page
        assert not missing_headers(response)
        assert response.headers["Cache-Control"] == "no-store"
    answer = client.post(
        f"/lecciones/{site.video_lesson_id}/progreso",
        json={"position": 1, "duration": 2},  # inside the site's real 2-second video
        base_url=HTTPS,
    )
    assert answer.status_code == 500
    assert answer.json == {
        "error": "Tuvimos un problema inesperado. Ya quedó registrado; "
        "inténtalo de nuevo en un momento."
    }
    figures.set(SECTION, "forced 500s showing the Spanish page, no traceback", len(pages) + 1)


# --- Nothing secret in the logs ------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class Browser:
    """A browser-like HTTP client with its own cookie jar, against a real server."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.set_cookies: list[str] = []

    def request(self, path: str, data: dict | None = None, referer: str | None = None):
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (loopback)
        if referer:
            request.add_header("Referer", self.base + referer)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx
            response = error
        self.set_cookies += response.headers.get_all("Set-Cookie") or []
        return response.status, response.read().decode()

    def form(self, path: str, fields: dict, page: str | None = None):
        """Load the page, then post its form with the CSRF token, as a browser does."""
        _status, html = self.request(page or path)
        token = csrf_token_from(html)
        return self.request(path, {**fields, "csrf_token": token}, referer=page or path)


@pytest.fixture
def live_app(app_factory):
    """A real werkzeug server (the development server, with its request log)."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_logs_hold_no_password_token_or_cookie(live_app, caplog, figures):
    app, base = live_app
    site = build_world(app).site
    caplog.set_level(logging.DEBUG)
    secrets = {PASSWORD, NEW_PASSWORD, "clave-equivocada-99"}
    admin, visitor, student = Browser(base), Browser(base), Browser(base)
    login = {"login": site.admin_email, "password": PASSWORD, "remember_me": "y"}
    assert admin.form("/ingresar", login)[0] == 302
    # A wrong password, then the admin makes a password link for the invited account.
    bad = {"login": site.student_email, "password": "clave-equivocada-99"}
    assert student.form("/ingresar", bad)[0] == 200
    link_page = f"/admin/usuarios/{site.invited_id}"
    status, html = admin.form(f"/admin/usuarios/{site.invited_id}/enlace", {}, page=link_page)
    token = re.search(r"/clave/([^\"'\s<]+)", html).group(1)
    secrets |= {token, site.set_password_token}
    # The invited person opens it (with its Referer on the page's own requests) and sets it.
    visitor.request(f"/clave/{token}")
    visitor.request("/static/css/app.css", referer=f"/clave/{token}")
    fields = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert visitor.form(f"/clave/{token}", fields)[0] == 302
    # A student logs in remembered, changes the password, logs out.
    assert student.form("/ingresar", {**bad, "password": PASSWORD, "remember_me": "y"})[0] == 302
    change = {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert student.form("/cuenta/clave", change)[0] == 302
    assert student.form("/salir", {}, page="/cursos")[0] == 302
    for browser in (admin, visitor, student):
        for header in browser.set_cookies:
            value = header.split(";", 1)[0].split("=", 1)[1]
            if len(value) > 8:  # cleared cookies are empty
                secrets.add(value)
    cookies = {
        name for name in (c.split("=", 1)[0] for b in (admin, student) for c in b.set_cookies)
    }
    assert {"dulcevicio_session", "dulcevicio_remember"} <= cookies
    records = caplog.records
    text = (
        "\n".join(record.getMessage() + (record.exc_text or "") for record in records) + caplog.text
    )
    werkzeug_lines = [r for r in records if r.name == "werkzeug"]
    assert len(werkzeug_lines) >= 15  # the request log was captured
    assert "/clave/[redacted]" in text
    leaked = sorted(secret for secret in secrets if secret in text)
    figures.set(SECTION, "log records captured (DEBUG, werkzeug included)", len(records))
    figures.set(SECTION, "secrets checked / found in the logs", f"{len(secrets)} / {len(leaked)}")
    assert leaked == []
