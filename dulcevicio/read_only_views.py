"""Views that only read run their request without a database transaction.

On PostgreSQL a transaction costs a page two round trips of its own: psycopg's BEGIN before
the first statement and the ROLLBACK when the session ends, as many as a search answered
from memory spends on its two statements. At READ COMMITTED (PostgreSQL's default, which we
keep) every statement reads its own snapshot in a transaction or out of one, so a view that
never writes reads exactly the same in autocommit mode. On the bench's two cores this lifted
the served search pages by a fifth to a third (README, "Search" under the bench).

A view marked `@read_only` gets the request's session connection in autocommit mode before
anything (the user's login first) runs a statement on it; the pool puts the connection back
in its transactional mode when the session ends. SQLite's driver opens a transaction only
to write, so there the mode stays as it is. Writing through the session in such a request
would commit statement by statement, so the session refuses it, on both databases, before
anything reaches the database. Writes on connections of their own (a device's "last seen")
keep their own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.orm import ORMExecuteState, Session

from dulcevicio.extensions import db

View = TypeVar("View", bound=Callable)

_MARK = "read_only"
_SESSION_KEY = "dulcevicio.read_only"


class WriteInReadOnlyView(RuntimeError):
    """A view marked @read_only tried to write through the request's session."""


def read_only(view: View) -> View:
    """Mark a view that never writes through the request's session."""
    setattr(view, _MARK, True)
    return view


def start_read_only_request() -> None:
    """Before-request hook: a read-only view's session refuses writes, and its connection
    runs in autocommit mode (not on SQLite)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, _MARK, False):
        db.session.info[_SESSION_KEY] = True
        # pysqlite begins a transaction only to write, so SQLite's reads already run
        # outside one (and switching its mode would cost a PRAGMA on every request).
        if db.engine.dialect.name != "sqlite":
            db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _refuse_flush(session: Session, _flush_context, _instances) -> None:
    if session.info.get(_SESSION_KEY):
        raise WriteInReadOnlyView("a view marked @read_only flushed changes")


def _refuse_write_statement(state: ORMExecuteState) -> None:
    writes = state.is_insert or state.is_update or state.is_delete
    if writes and state.session.info.get(_SESSION_KEY):
        raise WriteInReadOnlyView("a view marked @read_only ran a statement that writes")


def refuse_writes_in_read_only_requests() -> None:
    """Register the session's guards (once per process)."""
    guards = (("before_flush", _refuse_flush), ("do_orm_execute", _refuse_write_statement))
    for name, guard in guards:
        if not sa.event.contains(db.session, name, guard):
            sa.event.listen(db.session, name, guard)
