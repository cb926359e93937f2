"""Versions of what workers keep in memory: a counter per kind of content in the database
(`content_versions`), raised in the transaction of every change to that content.

A worker that keeps something computed from the content (search answers, rendered public
pages) keeps it with the version it read *before* computing it, and reuses it only while
the database still holds that version: a change committed on any dyno is seen by the next
request on every dyno. Each kind has its row from the start (migration 0012; the test
schema inserts them when it creates the table).
"""

from __future__ import annotations

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import ContentVersion
from dulcevicio.models.versions import PUBLIC_PAGES, SEARCH
from dulcevicio.services.upsert import insert
from dulcevicio.statements import prepared

__all__ = ["PUBLIC_PAGES", "SEARCH", "bump", "raise_statement", "read", "read_with"]


@prepared
def _read() -> sa.Select:
    return sa.select(ContentVersion.version).where(ContentVersion.name == sa.bindparam("name"))


def read(name: str) -> int | None:
    """The version of `name` (None: its row is missing, nothing can be kept)."""
    return db.session.scalar(_read(), {"name": name})


@prepared
def _read_with(other: sa.Select) -> sa.Select:
    listed = other.subquery("listed")
    return (
        sa.select(ContentVersion.version, listed.c[0])
        .select_from(ContentVersion)
        .outerjoin(listed, sa.true())
        .where(ContentVersion.name == sa.bindparam("version_name"))
    )


def read_with(name: str, values: sa.Select, parameters: dict) -> tuple[int | None, list]:
    """The version of `name` and the values a one-column statement lists, in one query."""
    rows = db.session.execute(_read_with(values), {**parameters, "version_name": name}).all()
    if not rows:  # the row went missing: the values alone
        return None, list(db.session.scalars(values, parameters))
    return rows[0][0], [row[1] for row in rows if row[1] is not None]


def raise_statement(name: str) -> sa.Update:
    """UPDATE raising `name`'s version, returning the new one (to compose with others)."""
    table = ContentVersion.__table__
    return (
        sa.update(table)
        .where(table.c.name == name)
        .values(version=table.c.version + 1)
        .returning(table.c.version)
    )


def bump(connection: sa.Connection, name: str) -> int:
    """Raise `name`'s version in the caller's transaction (its row made again if it went
    missing); the new version."""
    table = ContentVersion.__table__
    statement = (
        insert(ContentVersion)
        .values(name=name, version=1)
        .on_conflict_do_update(index_elements=["name"], set_={"version": table.c.version + 1})
        .returning(table.c.version)
    )
    return connection.execute(statement).scalar_one()
