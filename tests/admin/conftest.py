"""Fixtures for the admin dashboard tests: direct database reads and page parsing."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from dulcevicio.extensions import db
from dulcevicio.models import Recipe


@pytest.fixture
def fetch(app):
    """Read rows after a request: `fetch(Model, id)` or `fetch(Model, column == value)`."""

    def read(model, *where, id=None):
        with app.app_context():
            if id is not None:
                row = db.session.get(model, id)
            else:
                row = db.session.scalars(sa.select(model).where(*where)).first()
            if row is not None:
                db.session.expunge(row)
            return row

    return read


@pytest.fixture
def rows(app):
    """All rows of a model (detached), ordered by id: `rows(Model, *where)`."""

    def read(model, *where):
        with app.app_context():
            found = db.session.scalars(sa.select(model).where(*where).order_by(model.id)).all()
            for row in found:
                db.session.expunge(row)
            return found

    return read


@pytest.fixture
def make_recipe(app):
    def make(course, title: str, position: int, **fields) -> Recipe:
        with app.app_context():
            recipe = Recipe(course_id=course.id, title=title, position=position, **fields)
            db.session.add(recipe)
            db.session.commit()
            db.session.refresh(recipe)
            db.session.expunge(recipe)
            return recipe

    return make


@contextmanager
def counting_queries(app):
    """Collect every SQL statement the app's engine runs inside the block."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def field_errors(html: str) -> list[str]:
    """Error messages shown under form fields."""
    return [m.strip() for m in re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)', html)]


def flashes(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", m).strip()
        for m in re.findall(r'<div class="alert alert-\w+ alert-dismissible[^>]*>\s*([^<]+)', html)
    ]
