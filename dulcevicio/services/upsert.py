"""INSERT ... ON CONFLICT for the database in use (SQLite and PostgreSQL speak the same)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from dulcevicio.extensions import db


def dialect_name() -> str:
    """The database in use ("sqlite", "postgresql"): prepared upserts are built per database."""
    return db.session.get_bind().dialect.name


def insert(model, dialect: str | None = None):
    """A dialect-specific INSERT with `.on_conflict_do_update()` / `_do_nothing()`, for the
    database in use or `dialect`."""
    dialect = dialect or dialect_name()
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"No upsert support for the {dialect!r} database.")
