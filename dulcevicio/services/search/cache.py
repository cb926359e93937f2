"""Answers already computed, kept per worker while the index has not changed.

The index's version is a counter in the database (`search_index_state`), raised in the
transaction of every change to the documents (`sync`). A search reads it (one query on a
one-row table) and reuses an answer only if it was computed under that version, so a
change made on any dyno is seen by the next search on every dyno. Popular searches and
the prefixes typed on the way to them repeat across students; an answer holds no one's
data but what the key says (the query as typed and the courses it was searched in).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app

from dulcevicio.extensions import db
from dulcevicio.models import SearchIndexState
from dulcevicio.statements import prepared

MAX_ANSWERS = 512  # per worker; an answer is a page of hits (a few KB)
STATE_ID = 1
_EXTENSION_KEY = "dulcevicio.search_answers"

Answer = TypeVar("Answer")


@prepared
def _version_statement() -> sa.Select:
    return sa.select(SearchIndexState.version).where(SearchIndexState.id == STATE_ID)


@prepared
def _version_with_statement(other: sa.Select) -> sa.Select:
    listed = other.subquery("listed")
    return (
        sa.select(SearchIndexState.version, listed.c[0])
        .select_from(SearchIndexState)
        .outerjoin(listed, sa.true())
        .where(SearchIndexState.id == STATE_ID)
    )


def index_version() -> int | None:
    """The index's version (None: answers are not kept, or the row is missing)."""
    if not current_app.config["SEARCH_ANSWERS_CACHED"]:
        return None
    return db.session.scalar(_version_statement())


def index_version_with(values: sa.Select, parameters: dict) -> tuple[int | None, list]:
    """The index's version and the values a one-column statement lists, in one query (the
    search pages read the version and the student's courses together)."""
    if not current_app.config["SEARCH_ANSWERS_CACHED"]:
        return None, list(db.session.scalars(values, parameters))
    rows = db.session.execute(_version_with_statement(values), parameters).all()
    if not rows:  # the row went missing: the values alone
        return None, list(db.session.scalars(values, parameters))
    return rows[0][0], [row[1] for row in rows if row[1] is not None]


def bump(connection: sa.Connection) -> None:
    """Raise the version (in the caller's transaction: it changes with the documents)."""
    state = SearchIndexState.__table__
    raised = connection.execute(
        sa.update(state).where(state.c.id == STATE_ID).values(version=state.c.version + 1)
    )
    if raised.rowcount == 0:  # a database whose row went missing: start it again
        connection.execute(sa.insert(state).values(id=STATE_ID, version=1))


class _Answers:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()


def remembered(key: Hashable, version: int | None, compute: Callable[[], Answer]) -> Answer:
    """`compute()`'s answer, reused while the index's `version` (read by the caller before
    computing, so a concurrent change is never hidden) is the one it was computed under.
    Without a version, computed every time."""
    if version is None:
        return compute()
    answers: _Answers = current_app.extensions.setdefault(_EXTENSION_KEY, _Answers())
    with answers.lock:
        entry = answers.entries.get(key)
        if entry is not None and entry[0] == version:
            answers.entries.move_to_end(key)
            return entry[1]  # type: ignore[return-value]
    answer = compute()
    with answers.lock:
        answers.entries[key] = (version, answer)
        answers.entries.move_to_end(key)
        while len(answers.entries) > MAX_ANSWERS:
            answers.entries.popitem(last=False)
    return answer
