"""Answers already computed, kept per worker while the index has not changed.

The index's version (`services.versions`, SEARCH) is raised in the transaction of every
change to the documents (`sync`). A search reads it (one query on a small table) and
reuses an answer only if it was computed under that version, so a change made on any dyno
is seen by the next search on every dyno. Popular searches and the prefixes typed on the
way to them repeat across students; an answer holds no one's data but what the key says
(the query as typed and the courses it was searched in).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app

from dulcevicio.extensions import db
from dulcevicio.services import versions
from dulcevicio.services.kept import Kept

MAX_ANSWERS = 512  # per worker; an answer is a page of hits (a few KB)
_EXTENSION_KEY = "dulcevicio.search_answers"

Answer = TypeVar("Answer")


def index_version() -> int | None:
    """The index's version (None: answers are not kept, or the row is missing)."""
    if not current_app.config["SEARCH_ANSWERS_CACHED"]:
        return None
    return versions.read(versions.SEARCH)


def index_version_with(values: sa.Select, parameters: dict) -> tuple[int | None, list]:
    """The index's version and the values a one-column statement lists, in one query (the
    search pages read the version and the student's courses together)."""
    if not current_app.config["SEARCH_ANSWERS_CACHED"]:
        return None, list(db.session.scalars(values, parameters))
    return versions.read_with(versions.SEARCH, values, parameters)


def bump(connection: sa.Connection) -> None:
    """Raise the version (in the caller's transaction: it changes with the documents)."""
    versions.bump(connection, versions.SEARCH)


def remembered(key: Hashable, version: int | None, compute: Callable[[], Answer]) -> Answer:
    """`compute()`'s answer, reused while the index's `version` (read by the caller before
    computing, so a concurrent change is never hidden) is the one it was computed under.
    Without a version, computed every time."""
    if version is None:
        return compute()
    answers: Kept = current_app.extensions.setdefault(_EXTENSION_KEY, Kept(MAX_ANSWERS))
    answer = answers.get(key, version)
    if answer is None:
        answer = compute()
        answers.put(key, version, answer)
    return answer
