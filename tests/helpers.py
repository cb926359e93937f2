"""Test helpers shared by the test modules."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager

import sqlalchemy as sa

from dulcevicio.extensions import db
from tests import media

PASSWORD = "clave-segura-123"


def submit_login(client, login: str, password: str = PASSWORD, *, remember=False, next_url=None):
    """Post the login form as a person would (with its CSRF token when CSRF is on).

    For tests of the login form itself; other tests get a logged-in client from `client_as`.
    """
    data = {"login": login, "password": password}
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        data["csrf_token"] = csrf_token_from(client.get("/ingresar").get_data(as_text=True))
    if remember:
        data["remember_me"] = "y"
    query = {"next": next_url} if next_url is not None else None
    return client.post("/ingresar", data=data, query_string=query)


def logged_in_client(app, user, password: str = PASSWORD):
    """A new client of `app` (its own browser session) logged in as `user` through the login
    form; `client.user` is `user`. Tests ask for one with the `client_as` fixture."""
    client = app.test_client()
    response = submit_login(client, user.email, password)
    assert response.status_code == 302, f"login as {user.email} failed"
    client.user = user
    return client


def submit_logout(client):
    data = {}
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        data["csrf_token"] = csrf_token_from(client.get("/cursos").get_data(as_text=True))
    return client.post("/salir", data=data)


def count_rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def csrf_token_from(html: str) -> str:
    """The token of the page's forms, or of its scripts (signed-in pages' meta tag)."""
    match = (
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        or re.search(r'name="csrf_token" value="([^"]+)"', html)
        or re.search(r'name="csrf-token" content="([^"]+)"', html)
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


# A value for each URL converter: `id` is the app's own (dulcevicio/routing.py).
SAMPLE_VALUES = {"id": "1", "int": "1", "default": "x", "string": "x", "path": "x"}


def admin_urls() -> list[tuple[str, str]]:
    """(method, url) for every rule of the admin blueprint, with a sample value (an id of 1)
    in each variable part."""
    from dulcevicio import create_app

    app = create_app("testing")
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = re.sub(
            r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>",
            lambda m: SAMPLE_VALUES[m.group(1) or "default"],
            rule.rule,
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, url))
    return urls


def course_form(course, **changes) -> dict:
    """The admin course form's fields for `course`, with `changes` (e.g. a thumbnail)."""
    data = {
        "title": course.title,
        "slug": course.slug,
        "description": course.description,
        "difficulty_level": course.difficulty_level.value,
        "estimated_duration_minutes": course.estimated_duration_minutes or "",
        "whatsapp_group_url": course.whatsapp_group_url or "",
        "is_active": "y" if course.is_active else "",
        "certificate_enabled": "y" if course.certificate_enabled else "",
    }
    return {**data, **changes}


def upload_recipe(client, course_id, data=None, name="flan.jpg"):
    """Upload one recipe photo through the admin form, as an admin would."""
    return client.post(
        f"/admin/cursos/{course_id}/recetas/subir",
        data={"images": [(io.BytesIO(data or media.jpeg()), name)]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def stub_calls(stub, action, resource_type=None):
    """The calls the Cloudinary stand-in received for `action`."""
    return [
        call
        for call in stub.calls
        if call["action"] == action and resource_type in (None, call["resource_type"])
    ]


@contextmanager
def next_commit_fails():
    """Within the block, the next COMMIT fails, as when the database goes away after the
    files are stored."""
    armed = {"on": True}

    def fail(_session):
        if armed["on"]:
            armed["on"] = False
            raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

    sa.event.listen(sa.orm.Session, "before_commit", fail)
    try:
        yield
    finally:
        sa.event.remove(sa.orm.Session, "before_commit", fail)
