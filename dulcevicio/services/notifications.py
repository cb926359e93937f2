"""In-app notifications: who is told what, in the transaction of what caused it.

`notify` is the only way one is made: never for the person who caused it, never for a
kind she turned off, and, for something in a course, only for those who can access the
course at that moment (a student who lost access keeps her bakes and comments but hears
nothing more from that course). One INSERT ... SELECT whatever the number of recipients.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Notification, NotificationKind, NotificationMute, User, utcnow
from dulcevicio.services import access
from dulcevicio.services.upsert import insert

_COLUMNS = (
    "user_id",
    "kind",
    "course_id",
    "actor_id",
    "target_type",
    "target_id",
    "dedupe_key",
    "created_at",
)


def notify(
    kind: NotificationKind,
    recipients: Iterable[int],
    *,
    actor_id: int | None,
    target_type: str,
    target_id: int | None = None,
    course_id: int | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> int:
    """Tell `recipients` (user ids) about `target` (flushes nothing else; the caller
    commits). `dedupe_key`: a notification that must exist once per person (a reminder a
    scheduled job may try again) is not made twice. How many were made."""
    user_ids = sorted(set(recipients) - {actor_id})
    if not user_ids:
        return 0
    now = now or utcnow()
    muted = (
        sa.select(NotificationMute.user_id)
        .where(NotificationMute.user_id == User.id, NotificationMute.kind == kind)
        .exists()
    )
    columns = Notification.__table__.c
    wanted = sa.select(
        User.id,
        sa.literal(kind, columns.kind.type),
        sa.literal(course_id, columns.course_id.type),
        sa.literal(actor_id, columns.actor_id.type),
        sa.literal(target_type, columns.target_type.type),
        sa.literal(target_id, columns.target_id.type),
        sa.literal(dedupe_key, columns.dedupe_key.type),
        sa.literal(now, columns.created_at.type),
    ).where(User.id.in_(user_ids), sa.not_(muted))
    if course_id is not None:
        wanted = wanted.where(access.can_access_course_sql(course_id, now))
    statement = insert(Notification).from_select(_COLUMNS, wanted)
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["user_id", "dedupe_key"])
    return db.session.execute(statement).rowcount
