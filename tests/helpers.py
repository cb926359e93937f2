"""Test helpers shared by the test modules."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager

import sqlalchemy as sa

from dulcevicio.extensions import db
from tests import media

PASSWORD = "clave-segura-123"


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, login: str, password: str = PASSWORD, *, remember=False, next_url=None):
        data = {"login": login, "password": password}
        if self.client.application.config.get("WTF_CSRF_ENABLED", True):
            page = self.client.get("/ingresar").get_data(as_text=True)
            data["csrf_token"] = csrf_token_from(page)
        if remember:
            data["remember_me"] = "y"
        query = {"next": next_url} if next_url is not None else None
        return self.client.post("/ingresar", data=data, query_string=query)

    def logout(self):
        data = {}
        if self.client.application.config.get("WTF_CSRF_ENABLED", True):
            page = self.client.get("/cursos").get_data(as_text=True)
            data["csrf_token"] = csrf_token_from(page)
        return self.client.post("/salir", data=data)


def count_rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


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
