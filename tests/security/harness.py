"""Plays bad-input cases through HTTP and checks what every case must hold.

`world.forms` (tests/security/world.py) is one course with everything a form can touch
(students, lessons, a recipe with its photo and book, an enrollment, a membership, a forum
thread), as a `FormWalk`. For each case the harness
snapshots every table and the upload folder, sends the request as the role that uses the
form, follows redirects, reads the pages that show the data, and reports what went wrong.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from markupsafe import escape

from dulcevicio.extensions import db
from dulcevicio.models import Certificate
from dulcevicio.services import accounts
from tests.security import bad_files
from tests.security.corpus import ACCEPTED, REFUSED, Case, Fields, Raw, Upload

# Columns a refused login is meant to change (the per-account failure count).
LOGIN_BOOKKEEPING = {"failed_login_count", "failed_login_window_start", "last_login_at"}
# Fragments none of our templates contains: seeing one means a payload went out unescaped.
UNESCAPED = ("<script>alert", "<img src=x onerror", "<svg onload", "dv49dv", "dvdvdv")
ERROR_MARKERS = ("invalid-feedback", "alert-danger", "alert-warning")


def peak_rss_reset() -> int:
    """Reset the kernel's high-water mark (VmHWM) to the current RSS; return that RSS."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def peak_rss_growth_mb(baseline_kb: int) -> float:
    return (_status_kb("VmHWM") - baseline_kb) / 1024


def _status_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} not in /proc/self/status")


def table_rows(app) -> dict[str, list[tuple]]:
    """Every row of every table (but the login bookkeeping a request may touch), by table."""
    with app.app_context():
        state = {}
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in LOGIN_BOOKKEEPING]
            query = sa.select(*columns).order_by(*table.primary_key.columns)
            state[table.name] = [tuple(row) for row in db.session.execute(query)]
        return state


@dataclass
class FormWalk:
    """The world's forms part (tests/security/world.py): the ids the forms' URLs and data
    name, a logged-in client per role, and the rows and files a case may change."""

    app: object
    admin_id: int
    student_id: int
    invited_id: int
    course_id: int
    slug: str
    lesson_id: int
    recipe_id: int
    drafts_id: int
    draft_id: int
    comment_id: int
    enrollment_id: int
    membership_id: int
    certificate_id: int = 0  # the student's certificate of the course
    clients: dict = field(default_factory=dict)
    counter: int = 0
    last_state: tuple | None = None

    def client(self, who: str):
        return self.clients[who] if who in self.clients else self.app.test_client()

    def unique(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def password_token(self) -> str:
        with self.app.app_context():
            user = db.session.get(accounts.User, self.invited_id)
            token = accounts.issue_password_link_token(user)
            db.session.commit()
        self.last_state = None  # the user's row changed: snapshot again
        return token

    def valid_certificate(self) -> int:
        """The student's certificate, made valid again (each revoke case revokes it)."""
        with self.app.app_context():
            certificate = db.session.get(Certificate, self.certificate_id)
            if certificate.revoked:
                certificate.revoked_at, certificate.revoked_reason = None, ""
                db.session.commit()
                self.last_state = None  # the row changed: snapshot again
        return self.certificate_id

    # --- What a case may change ----------------------------------------------------

    def state(self, fresh: bool = False) -> tuple[dict, dict]:
        """Rows and files now; the last case's final state when nothing ran since."""
        if fresh or self.last_state is None:
            self.last_state = (self.snapshot(), self.files())
        return self.last_state

    def snapshot(self) -> dict:
        return table_rows(self.app)

    def files(self) -> dict[str, int]:
        root = self.app.config["UPLOAD_FOLDER"]
        return {
            os.path.relpath(os.path.join(folder, name), root): os.path.getsize(
                os.path.join(folder, name)
            )
            for folder, _dirs, names in os.walk(root)
            for name in names
        }


@dataclass(frozen=True)
class Form:
    """How to send one form: its URL, the role using it, valid base data, pages showing it."""

    url: Callable[[FormWalk, Case], str]
    base: Callable[[FormWalk], dict] = lambda world: {}
    who: str = "admin"
    shows: Callable[[FormWalk], list[tuple[str, str]]] = lambda world: []
    encoding: str = "form"  # form | json
    method: str = "POST"
    # How a refusal shows up when it is not a form error, a flash message or a 4xx page.
    refusal: str | None = None


@dataclass
class Outcome:
    case: Case
    problems: list[str]
    server_errors: int = 0
    unescaped: int = 0
    changed_on_refusal: bool = False
    seconds: float = 0.0
    memory_mb: float = 0.0


def _request_data(form: Form, world: FormWalk, case: Case) -> dict:
    data = form.base(world)
    payload = case.payload
    if isinstance(payload, Fields):
        data.update(payload.values)
    elif not isinstance(payload, Raw):
        data[case.field] = payload  # None: JSON null, or the field left out of a form
    return data


def _as_file(value):
    if isinstance(value, Upload):
        return (io.BytesIO(value.data()), value.name)
    if isinstance(value, list):
        return [_as_file(item) for item in value]
    return value


def send(form: Form, world: FormWalk, case: Case, url: str):
    client = world.client(form.who)
    if form.method == "GET":
        return client.get(url, follow_redirects=True)
    if isinstance(case.payload, Raw):
        return client.post(url, data=case.payload.body, content_type="application/json")
    data = _request_data(form, world, case)
    if form.encoding == "json":
        return client.post(url, json=data)
    files = any(isinstance(v, Upload | list) for v in data.values())
    data = {name: _as_file(value) for name, value in data.items() if value is not None}
    return client.post(
        url,
        data=data,
        content_type="multipart/form-data" if files else None,
        follow_redirects=True,
    )


def _html(response) -> str | None:
    return response.get_data(as_text=True) if response.mimetype == "text/html" else None


def _says_why(form: Form, response) -> bool:
    if response.status_code >= 400 or any(r.status_code >= 400 for r in response.history):
        return True
    page = _html(response) or ""
    return any(marker in page for marker in (*ERROR_MARKERS, form.refusal) if marker)


def _new_images_are_plain(world: FormWalk, before: dict, after: dict) -> list[str]:
    problems = []
    root = world.app.config["UPLOAD_FOLDER"]
    for path in set(after) - set(before):
        if not path.endswith((".jpg", ".png")):  # photos are JPEG, signatures PNG
            continue
        data = Path(root, path).read_bytes()
        if path.endswith(".jpg") and not bad_files.is_rgb_jpeg(data):
            problems.append(f"stored image {path} is not an RGB JPEG")
        if re.search(rb"<script|<\?php|<html", data, re.IGNORECASE):
            problems.append(f"stored image {path} still carries markup")
    return problems


def _holds_nul(rows: dict) -> bool:
    return any(
        isinstance(value, str) and "\x00" in value
        for table in rows.values()
        for row in table
        for value in row
    )


def _generate(payload) -> None:
    """Make the payload's files now, so that a measured request does not include it."""
    for value in payload if isinstance(payload, list) else [payload]:
        if isinstance(value, Upload):
            value.data()


def play(form: Form, world: FormWalk, case: Case, measure: bool = False) -> Outcome:
    """Send one case and check it. `measure`: time it and record peak memory growth."""
    _generate(case.payload)
    url = form.url(world, case)  # before the snapshot: a set-password URL issues a token
    rows, files = world.state()
    baseline = peak_rss_reset() if measure else 0
    started = time.perf_counter()
    response = send(form, world, case, url)
    outcome = Outcome(case, [])
    if measure:
        outcome.seconds = time.perf_counter() - started
        outcome.memory_mb = peak_rss_growth_mb(baseline)
    responses = [*response.history, response]
    if case.expect != REFUSED or case.shown:  # a refusal changed nothing the pages show
        for who, page_url in form.shows(world):
            responses.append(world.client(who).get(page_url))
    for answer in responses:
        if answer.status_code >= 500:
            outcome.server_errors += 1
            outcome.problems.append(f"{answer.status_code} from {answer.request.path}")
        page = _html(answer) or ""
        for fragment in UNESCAPED:
            if fragment in page:
                outcome.unescaped += 1
                outcome.problems.append(f"{fragment!r} unescaped on {answer.request.path}")
    changed_rows, new_files = world.state(fresh=True)
    changed = changed_rows != rows or new_files != files
    if changed and _holds_nul(changed_rows):  # SQLite would keep one; PostgreSQL refuses
        outcome.problems.append("a NUL character was stored")
    if case.expect == REFUSED:
        if changed:
            outcome.changed_on_refusal = True
            outcome.problems.append("refused, yet rows or files changed")
        if form.method == "POST" and not _says_why(form, response):
            outcome.problems.append(f"refused without saying why (status {response.status_code})")
    elif case.expect == ACCEPTED and not changed:
        outcome.problems.append(f"not stored (status {response.status_code})")
    if case.shown and isinstance(case.payload, str):
        shown = str(escape(case.payload.strip()))
        if not any(shown in (_html(answer) or "") for answer in responses):
            outcome.problems.append("not shown back (escaped) on any page")
    outcome.problems += _new_images_are_plain(world, files, new_files)
    return outcome
