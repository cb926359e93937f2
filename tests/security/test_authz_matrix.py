"""The authorization matrix (authz_matrix.py) asked through HTTP, cell by cell.

Every answer must match its cell and show no marker its persona may not see; a refused
request, and any request of a row without effect (every GET), must leave every table and
every stored file as it was. Cells are grouped so that none depends on another's effect,
each group in a fresh world with every persona logged in on its own client:
- "reads": the rows without effect (nothing may change, so they can share a world);
- each student-facing route that changes state: its own world, refused cells first;
- "admin writes": the students' (refused) cells first, then the admin's in table order,
  the destructive ones last.
"""

from __future__ import annotations

import io
import os
import re

import pytest
import sqlalchemy as sa
from jinja2 import BytecodeCache

from dulcevicio.extensions import db
from tests import media
from tests.helpers import admin_urls, logged_in_client
from tests.security.authz_matrix import JPEG, LOGIN, PERSONAS, REFUSALS, ROWS, WEBM, Row
from tests.security.world import Matrix, build_world

SECTION = "Authorization matrix"
# Denials proper (the rest of REFUSALS are bad requests): the figure "denied cells".
DENIALS = {"login", "401", "403", "404"}
UPLOADS = {JPEG: (media.jpeg, "foto.jpg"), WEBM: (media.webm, "clase.webm")}


class CompiledTemplates(BytecodeCache):
    """Compiled templates shared by the apps of these tests (keyed by name and source)."""

    store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture
def app(app_factory):
    # Dozens of requests per route come from one address: the rate limits (tested on their
    # own in test_auth and the forum tests) would answer 429 before the rule under test.
    app = app_factory(RATELIMIT_ENABLED=False)
    # Each group builds a new app: sharing compiled templates saves seconds per run.
    app.jinja_env.bytecode_cache = CompiledTemplates()
    return app


def group_of(row: Row) -> str:
    if not row.effect:
        return "reads"
    return "admin writes" if row.endpoint.startswith("admin.") else row.endpoint


GROUPS = sorted({group_of(row) for row in ROWS})


def routes_of(app) -> set[tuple[str, str]]:
    """Every endpoint x method of the app, static files (ours and Bootstrap's) excepted."""
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.rpartition(".")[2] != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_row_and_every_row_a_route(app, figures):
    in_app = routes_of(app)
    in_matrix = {(row.endpoint, row.method) for row in ROWS}
    figures.set(
        SECTION,
        "routes in matrix / routes in app (endpoint x method)",
        f"{len(in_matrix & in_app)} / {len(in_app)}",
    )
    figures.set(SECTION, "rows (route x target)", len(ROWS))
    figures.set(SECTION, "personas", len(PERSONAS))
    assert sorted(in_app - in_matrix) == [], "routes without a row in authz_matrix.py"
    assert sorted(in_matrix - in_app) == [], "rows for routes the app no longer has"


@pytest.fixture
def matrix(app) -> Matrix:
    return build_world(app).matrix


@pytest.fixture
def clients(app, matrix) -> dict:
    """One client per persona, each logged in through the login form (the visitor is not)."""
    clients = {"visitor": app.test_client()}
    for persona, user in matrix.users.items():
        clients[persona] = logged_in_client(app, user)
    return clients


def snapshot(app) -> dict[str, tuple]:
    """Every row of every table, and every stored file with its size."""
    with app.app_context():
        state = {
            table.name: tuple(
                tuple(found)
                for found in db.session.execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                )
            )
            for table in db.metadata.sorted_tables
        }
    root = app.config["UPLOAD_FOLDER"]
    state["stored files"] = tuple(
        sorted(
            (os.path.join(folder, name), os.path.getsize(os.path.join(folder, name)))
            for folder, _dirs, names in os.walk(root)
            for name in names
        )
    )
    return state


def send(client, row: Row, names: dict):
    options = {}
    if row.json is not None:
        options["json"] = row.json
    if row.data is not None:
        options["data"] = {key: fill(value, names) for key, value in row.data.items()}
        if any(value in UPLOADS for value in row.data.values()):
            options["content_type"] = "multipart/form-data"
    return client.open(row.url.format(**names), method=row.method, **options)


def fill(value, names: dict):
    if value in UPLOADS:
        make, filename = UPLOADS[value]
        return (io.BytesIO(make()), filename)
    return value.format(**names) if isinstance(value, str) else value


def wrong_answer(expected: str, response, names: dict) -> str | None:
    """Why `response` is not the outcome `expected` (None when it is)."""
    if expected == "login":
        expected = LOGIN
    if not expected.startswith("->"):
        if response.status_code == int(expected):
            return None
        return f"expected {expected}, got {response.status_code}"
    pattern = expected[2:].format(**names)
    location = response.headers.get("Location", "")
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    if response.status_code == 302 and re.fullmatch(regex, location):
        return None
    return f"expected 302 to {pattern}, got {response.status_code} {location}".rstrip()


def leaked(body: bytes, persona: str, row: Row, matrix: Matrix) -> list[str]:
    # Search results mark the words found (<mark>MARCADOR</mark>-A-...): read through.
    body = body.replace(b"<mark>", b"").replace(b"</mark>", b"")
    return [
        name
        for name, (text, scope) in matrix.markers.items()
        if text in body and name not in row.reveals and not scope.allows(persona)
    ]


def asking_order(cell: tuple[int, Row, str]) -> tuple:
    """Refused cells first, then allowed ones, the admin's allowed requests last."""
    index, row, persona = cell
    allowed = row.outcome(persona) not in REFUSALS
    return (allowed, allowed and persona == "admin", index, PERSONAS.index(persona))


@pytest.mark.parametrize("group", GROUPS)
def test_matrix(group, app, matrix, clients, figures):
    names = matrix.names
    cells = sorted(
        (
            (index, row, persona)
            for index, row in enumerate(ROWS)
            if group_of(row) == group
            for persona in PERSONAS
        ),
        key=asking_order,
    )
    mismatches, leaks, changes = [], [], []
    denied = 0
    before = None
    for _index, row, persona in cells:
        expected = row.outcome(persona)
        cell = f"{row.method} {row.url} [{row.target}] as {persona}"
        # Refused requests and rows without effect must change nothing.
        checked = expected in REFUSALS or not row.effect
        if checked and before is None:
            before = snapshot(app)
        try:
            response = send(clients[persona], row, names)
        except Exception as error:  # a 500: TESTING propagates it; list it with the rest
            mismatches.append(f"{cell}: expected {expected}, raised {error!r:.200}")
            before = None
            continue
        if reason := wrong_answer(expected, response, names):
            mismatches.append(f"{cell}: {reason}")
        if found := leaked(response.get_data(), persona, row, matrix):
            leaks.append(f"{cell}: shows {', '.join(found)}")
        denied += expected in DENIALS
        if not checked:
            before = None  # allowed to change things: the next check starts afresh
            continue
        after = snapshot(app)
        if changed := [name for name in before if before[name] != after[name]]:
            changes.append(f"{cell}: changed {', '.join(changed)}")
        before = after
    figures.add(SECTION, "cells checked", len(cells))
    figures.add(SECTION, "mismatches", len(mismatches) + len(changes))
    figures.add(SECTION, "denied cells checked for leaks", denied)
    figures.add(SECTION, "leaks", len(leaks))
    problems = mismatches + leaks + changes
    assert not problems, f"{len(problems)} cells of {group} differ:\n" + "\n".join(problems)


# --- The admin guard, asked with ids no row has ---------------------------------------------
# The matrix asks every /admin route with real ids. The guard must answer the same whatever
# the id, before the view loads anything: here each rule is asked with a sample id of 1, in
# a database without rows.

ADMIN_URLS = admin_urls()


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_the_admin_guard_answers_before_the_view_whatever_the_id(app, client_as, method, url):
    response = app.test_client().open(url, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/ingresar?next=")
    response = client_as("student").open(url, method=method)
    assert response.status_code == 403
    assert "Acceso denegado" in response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_the_admin_gets_past_the_guard_whatever_the_id(client_as, method, url):
    response = client_as("admin").open(url, method=method)
    assert response.status_code not in (302, 401, 403)
    assert response.status_code < 500


def test_the_admin_guard_is_on_the_blueprint_not_on_views():
    """The check runs before every admin view, so a new view needs no decorator."""
    from dulcevicio.admin.blueprint import bp

    assert ("GET", "/admin/") in ADMIN_URLS  # the walk of url_map finds the admin pages
    assert any(func.__name__ == "require_admin" for func in bp.before_request_funcs[None])
