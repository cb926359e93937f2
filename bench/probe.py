"""In-process probes shared by the page benchmarks: the pages, logins through the Flask test
client, SQL statements per request (a page, its 304 or the player's progress save) and
request latency (a module, not a script)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import redis
from sqlalchemy import event

import config
from bench.dataset import Dataset
from dulcevicio import create_app
from dulcevicio.extensions import db

# What the PaaS router adds to every request; production trusts one hop of it.
ROUTER_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production"
# The bench's own Redis database (the public pages' shared versions, rate-limit counters),
# emptied before each count and each server start.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"
HELLO_PATH = "/bench/hola"  # bench/hello_app.py's baseline page
# The progress save's positions stay below this share of the lesson's duration: 90 %
# completes the lesson (and may issue a certificate), which is not what the row measures.
SAVE_SHARE = 0.8

# Bench-only: wrk loads a page from one address with one session, so the per-address limit
# on the search box's suggestions (120 a minute) would make the bench a measure of 429
# answers. A limit no run reaches keeps the limiter's own work (two counters a request).
# Set on the configuration classes when this module is imported: bench/hello_app.py,
# what gunicorn serves, imports it before building its app, as every in-process bench
# app is built after it.
BENCH_LIMITS = {"RATELIMIT_SEARCH_SUGGESTIONS": "1000000 per minute; 10000000 per hour"}
for _name, _value in BENCH_LIMITS.items():
    setattr(config.Config, _name, _value)


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # "visitor" (the session cookie a browser holds after a page), "nobody" (a visitor who
    # sends no cookie at all, served the public pages' shared version), "student", "admin"
    viewer: str
    marker: str  # text the page shows when it rendered what we meant to measure
    status: int = 200  # 304: asked with If-None-Match, the ETag of the page's 200 answer
    method: str = "GET"  # POST: the player's progress save, JSON with the CSRF header


def student_pages(data: Dataset) -> list[Page]:
    course = f"/cursos/{data.course_slug}"
    return [
        Page("mis-cursos", "/mis-cursos", "student", "Continuar"),
        Page("catálogo", "/cursos", "student", "Tienes acceso"),
        Page("curso", course, "student", "Foro del curso"),
        Page("lección", f"{course}/lecciones/{data.lesson_id}", "student", "data-progress-url"),
    ]


def search_path(query: str, suggestions: bool = False) -> str:
    """The results page (or the search box's suggestions) for `query`."""
    return ("/buscar/sugerencias?" if suggestions else "/buscar?") + urlencode({"q": query})


def search_pages() -> list[Page]:
    """The results page with a dish and a flavour, which most recipes and comments of the
    student's courses do not both have, and the suggestions for a word being typed."""
    return [
        Page("buscar", search_path("merengue de chocolate"), "student", "<mark>"),
        Page("sugerencias", search_path("chocol", suggestions=True), "student", '"titulo"'),
    ]


def public_pages(data: Dataset) -> list[Page]:
    """The public pages of a visitor without any cookie (the shared version: an ETag, no
    Set-Cookie), and two of them answered 304 to a browser that holds that version."""
    course = f"/cursos/{data.course_slug}"
    preview = f"{course}/lecciones/{data.preview_lesson_id}"
    return [
        Page("landing / (visitante, caché)", "/", "nobody", "Nuestros cursos"),
        Page("catálogo (visitante, caché)", "/cursos", "nobody", "Todos nuestros cursos"),
        Page("curso (visitante, caché)", course, "nobody", "Ya tengo acceso: ingresar"),
        Page("lección de muestra (visitante, caché)", preview, "nobody", 'id="lesson-video"'),
        Page("304 landing /", "/", "nobody", "", status=304),
        Page("304 curso", course, "nobody", "", status=304),
    ]


def save_page(data: Dataset) -> Page:
    """The player's progress save of the student's started lesson."""
    path = f"/lecciones/{data.lesson_id}/progreso"
    return Page("guardar avance", path, "student", '"completed"', method="POST")


def last_saved_position(data: Dataset) -> int:
    """The highest position the bench saves, below the share that completes the lesson."""
    return int(SAVE_SHARE * data.lesson_seconds)


def save_body(data: Dataset, count: int) -> dict:
    """The JSON of the `count`th save: a new position each time, never completing (as
    bench/progress_save.lua sends them)."""
    position = 1 + count % last_saved_position(data)
    return {"position": position, "duration": data.lesson_seconds}


def all_pages(data: Dataset) -> list[Page]:
    """The pages bench/serve.py loads, in table order."""
    course = f"/cursos/{data.course_slug}"
    mine, catalog, course_page, lesson = student_pages(data)
    return [
        Page("landing /", "/", "visitor", "Nuestros cursos"),
        catalog,
        lesson,
        Page("receta", f"{course}/recetas/{data.recipe_id}", "student", "data-recipe-scaler"),
        Page("cocina", f"{course}/recetas/{data.recipe_id}/cocina", "student", "data-kitchen"),
        course_page,
        mine,
        Page("foro", f"{course}/foro", "student", "forum-comment"),
        Page("lo-hice", f"{course}/lo-hice", "student", "bake-photo"),
        Page("notificaciones", "/notificaciones", "student", 'id="notificacion-'),
        Page("admin", "/admin/", "admin", "Resumen"),
        Page("admin usuarios", "/admin/usuarios", "admin", "/admin/usuarios/"),
        Page("admin inscripciones", "/admin/inscripciones", "admin", "/admin/usuarios/"),
        Page("admin pagos", "/admin/pagos", "admin", "/anular"),
        Page("admin renovaciones", "/admin/renovaciones", "admin", "/renovar"),
        *search_pages(),
        save_page(data),
        *public_pages(data),
    ]


BENCH_BASE_URL = "https://cursos.dulcevicio.test"


def bench_app(database_url: str, settings: dict | None = None):
    """The production configuration on the bench's database; `settings` override more."""
    overrides = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": BENCH_SECRET_KEY,
        # The bench's admin has no phone. Once passed, the step costs a page a comparison
        # of one session value (services/two_step.py).
        "ADMIN_TWO_STEP_REQUIRED": False,
        "APP_BASE_URL": BENCH_BASE_URL,
    }
    return create_app("production", overrides | (settings or {}))


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the login page")
    return match.group(1)


def page_csrf_token(html: str) -> str:
    """The token a signed-in page gives its scripts (the player's X-CSRFToken header)."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    if not match:
        raise RuntimeError('no <meta name="csrf-token"> on the student\'s page')
    return match.group(1)


def clients(app, data: Dataset) -> dict:
    """A test client per viewer, the student and the admin logged in through /ingresar;
    the visitor holds a session, as bench/server.py's `visit` (the login form's, when the
    catalog gives none), so the shared public pages are not what her rows measure."""
    visitor = client_for(app)
    visitor.get("/ingresar")
    return {
        "visitor": visitor,
        "nobody": client_for(app, use_cookies=False),
        "student": client_for(app, data.student_email, data.password),
        "admin": client_for(app, data.admin_email, data.password),
    }


def client_for(
    app, email: str | None = None, password: str | None = None, use_cookies: bool = True
):
    """A test client behind the router, logged in through /ingresar when given an e-mail;
    without `use_cookies` it never sends a cookie."""
    client = app.test_client(use_cookies=use_cookies)
    client.environ_base.update(
        {"HTTP_" + name.upper().replace("-", "_"): value for name, value in ROUTER_HEADERS.items()}
    )
    if email:
        token = csrf_token(client.get("/ingresar").get_data(as_text=True))
        form = {"login": email, "password": password, "csrf_token": token}
        # Over https Flask-WTF also wants a same-site Referer, as browsers send.
        referer = {"Referer": "https://localhost/ingresar"}
        response = client.post("/ingresar", data=form, headers=referer)
        if response.status_code != 302 or "/ingresar" in response.location:
            raise RuntimeError(f"could not log {email} in ({response.status_code})")
    return client


def flush_redis() -> None:
    """Empty the bench's Redis database, so no run sees what an earlier one left there."""
    client = redis.Redis.from_url(BENCH_REDIS_URL)
    try:
        client.flushdb()
    finally:
        client.close()


@contextmanager
def counting_queries(app) -> Iterator[list[str]]:
    """Every SQL statement the app's engine sends inside the block."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def fetch(client, page: Page, headers: dict | None = None) -> str:
    response = client.get(page.path, headers=headers)
    html = response.get_data(as_text=True)
    if response.status_code != page.status or page.marker not in html:
        raise RuntimeError(
            f"{page.path} answered {response.status_code} without {page.marker!r}"
            + (f" (expected {page.status})" if page.status != 200 else "")
        )
    return html


def requester(client, page: Page, data: Dataset) -> Callable[[], object]:
    """A function making `page`'s request once and checking its answer: a 304 with the
    ETag of a first answer, a progress save with the token of her "Mis cursos"."""
    if page.method == "POST":
        token = page_csrf_token(client.get("/mis-cursos").get_data(as_text=True))
        # Over https Flask-WTF also wants a same-site Referer, as browsers send.
        headers = {"X-CSRFToken": token, "Referer": "https://localhost/mis-cursos"}
        counts = iter(range(1_000_000))

        def save() -> None:
            body = save_body(data, next(counts))
            response = client.post(page.path, json=body, headers=headers)
            if response.status_code != 200 or "completed" not in (response.json or {}):
                answer = response.get_data(as_text=True)[:500]
                raise RuntimeError(f"the progress save answered {response.status_code}: {answer}")

        return save
    if page.status == 304:
        etag = client.get(page.path).headers.get("ETag")
        if not etag:
            raise RuntimeError(f"{page.path} answered without an ETag")
        return lambda: fetch(client, page, {"If-None-Match": etag})
    return lambda: fetch(client, page)


def query_count(app, client, page: Page, data: Dataset | None = None) -> int:
    request = requester(client, page, data)
    request()  # warm: the first request of a page compiles its templates
    with counting_queries(app) as statements:
        request()
    return len(statements)


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table (the README shows it as printed)."""
    cells = [headers, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
