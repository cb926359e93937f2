"""The public pages' version: what says whether a page rendered for visitors is current.

Visitors' pages (landing, catalog, course pages, preview lessons) show courses, lessons,
recipes (their count and samples), testimonials and the business settings, and nobody's
data. Every transaction that adds, changes or deletes one of those rows raises the
`public_pages` version in the database (an after-flush hook, in the same transaction; the
settings, written by an upsert, raise it themselves), and after it commits the new value
goes to Redis. A request reads the version from Redis (no query) and, when Redis has none,
from the database (one query), then keeps it in Redis for a few seconds for the other
dynos' requests. So a change is seen by the next request on every dyno.

Redis keeps the highest version it was told and a reader's value only if it has none: a
value read from the database just before a commit can never overwrite the newer one that
commit publishes. If Redis cannot be written after a commit, its value expires within
SHARED_SECONDS. Without Redis (development, tests) every lookup is one query.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from dulcevicio.extensions import db, shared_redis
from dulcevicio.models import Course, Lesson, Recipe, Settings, Testimonial, User
from dulcevicio.services import versions

log = logging.getLogger(__name__)

# What visitors' pages show. A model added to those pages is added here.
SHOWN_TO_VISITORS = (Course, Lesson, Recipe, Testimonial, Settings)
SHARED_KEY = "dulcevicio:public_pages_version"
SHARED_SECONDS = 5
_RAISED = "dulcevicio.public_pages_version"  # session.info: the version this transaction set

# Set KEYS[1] to ARGV[1] (for ARGV[2] seconds) unless it holds a higher version already.
_PUBLISH = """
local held = tonumber(redis.call('GET', KEYS[1]))
if held == nil or held < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
"""


def shared_version(shared) -> int | None:
    """The version Redis (`shared`, a client) holds, if it holds one and answers."""
    try:
        held = shared.get(SHARED_KEY)
        return None if held is None else int(held)
    except (RedisError, ValueError):  # down, slow or garbled: the database answers
        log.warning("Redis unavailable: the public pages' version read from the database")
        return None


def current_version() -> int:
    """The version visitors' pages are rendered under now (read before rendering)."""
    shared = shared_redis()
    if shared is not None:
        held = shared_version(shared)
        if held is not None:
            return held
    version = versions.read(versions.PUBLIC_PAGES) or 0
    if shared is not None:
        try:
            shared.set(SHARED_KEY, version, ex=SHARED_SECONDS, nx=True)
        except RedisError:
            log.warning("Redis unavailable: the public pages' version not shared")
    return version


def raise_version(session: Session) -> None:
    """Raise the version in the session's transaction (something visitors see changed)."""
    session.info[_RAISED] = versions.bump(session.connection(), versions.PUBLIC_PAGES)


# A name visitors may see: a featured bake's author (shortened). Renames are rare.
_NAMES = ("full_name", "username", "email")


def _renamed(item: object) -> bool:
    state = sa.inspect(item)
    return any(state.attrs[name].history.has_changes() for name in _NAMES)


def _shown_to_visitors_changed(session: Session) -> bool:
    if any(isinstance(item, SHOWN_TO_VISITORS) for item in (*session.new, *session.deleted)):
        return True
    return any(
        (isinstance(item, SHOWN_TO_VISITORS) and session.is_modified(item))
        or (isinstance(item, User) and _renamed(item))
        for item in session.dirty
    )


def _after_flush(session: Session, _context) -> None:
    if _shown_to_visitors_changed(session):
        raise_version(session)


def _after_commit(session: Session) -> None:
    version = session.info.pop(_RAISED, None)
    if version is None:
        return
    shared = shared_redis()
    if shared is None:
        return
    try:
        shared.eval(_PUBLISH, 1, SHARED_KEY, version, SHARED_SECONDS)
    except RedisError:  # the value it holds expires within SHARED_SECONDS
        log.warning("Redis unavailable: public pages version %s not published", version)


def _after_rollback(session: Session, _previous=None) -> None:
    session.info.pop(_RAISED, None)


def follow_public_changes() -> None:
    """Register the hooks on the app's session (once per process)."""
    for name, hook in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_soft_rollback", _after_rollback),
    ):
        if not sa.event.contains(db.session, name, hook):
            sa.event.listen(db.session, name, hook)
