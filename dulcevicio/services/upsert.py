"""INSERT ... ON CONFLICT for the database in use (SQLite and PostgreSQL speak the same)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from dulcevicio.extensions import db


def insert(model):
    """A dialect-specific INSERT with `.on_conflict_do_update()` / `_do_nothing()`."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"No upsert support for the {dialect!r} database.")
