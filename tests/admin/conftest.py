"""Fixtures for the admin dashboard tests: direct database reads and page parsing."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

from dulcevicio.extensions import db


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
