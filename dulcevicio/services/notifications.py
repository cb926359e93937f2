"""In-app notifications: who is told what, in the transaction of what caused it.

`notify` is the only way one is made: never for the person who caused it, never for a
kind she turned off, and, for something in a course, only for those who can access the
course at that moment (a student who lost access keeps her bakes and comments but hears
nothing more from that course). One INSERT ... SELECT whatever the number of recipients.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import aliased, joinedload, raiseload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Bake,
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    Membership,
    Notification,
    NotificationKind,
    NotificationMute,
    Recipe,
    Role,
    User,
    utcnow,
)
from dulcevicio.models.base import UTCDateTime
from dulcevicio.services import access
from dulcevicio.services.upsert import insert
from dulcevicio.statements import Paged, paginate, prepared

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
    # RETURNING counts them: psycopg gives no rowcount for an INSERT ... SELECT.
    return len(db.session.execute(statement.returning(Notification.id)).all())


# --- Reading ---------------------------------------------------------------------------

PER_PAGE = 20
LAST_PAGE = 100_000  # keeps OFFSET inside the databases' integer range
BELL_CAP = 99  # the bell counts up to here and then says "99+"


def unread_column(user_id) -> sa.ScalarSelect:
    """SQL: how many unread notifications `user_id` (a column or parameter) has, through
    the (user_id, read_at) index. The session's user is loaded with it
    (security.load_user): the bell costs no query of its own. A plain correlated count:
    a LIMIT would need a subquery in FROM, which does not correlate with the users row."""
    return (
        sa.select(sa.func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


@prepared
def _unread_query() -> sa.Select:
    return sa.select(unread_column(sa.bindparam("user_id")))


def unread_count(user: User) -> int:
    """The bell's number (above BELL_CAP shown as "99+"): as loaded with the
    session's user, else one query."""
    loaded = getattr(user, "unread_notifications", None)
    if loaded is not None:
        return loaded
    return db.session.scalar(_unread_query(), {"user_id": user.id})


def bell_label(count: int) -> str:
    return f"{BELL_CAP}+" if count > BELL_CAP else str(count)


@prepared
def _page_query() -> Paged:
    return Paged.of(
        sa.select(Notification)
        .where(Notification.user_id == sa.bindparam("user_id"))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .options(joinedload(Notification.actor), joinedload(Notification.course), raiseload("*"))
    )


def _targets_select(kind: str, model, title, live, when=None) -> sa.Select:
    return sa.select(
        sa.literal(kind).label("type"),
        model.id.label("id"),
        sa.type_coerce(title, sa.Text).label("title"),
        sa.case((live, 1), else_=0).label("live"),
        # A typed NULL (PostgreSQL matches UNION types), but no CAST of the column: SQLite
        # would turn the stored text into a number.
        (
            sa.type_coerce(when, UTCDateTime())
            if when is not None
            else sa.cast(sa.null(), UTCDateTime())
        ).label("until"),
    ).where(model.id.in_(sa.bindparam(kind, expanding=True)))


@prepared
def _targets_query() -> sa.CompoundSelect:
    """What the notifications point at, every kind of target in one query: a title to
    show, whether it still exists for students, and an end date (parameters: the ids of
    each kind)."""
    return sa.union_all(
        _targets_select(
            "comment", Comment, Comment.content, sa.and_(Comment.is_active, ~Comment.is_deleted)
        ),
        _targets_select(
            "bake",
            Bake,
            sa.select(Recipe.title).where(Recipe.id == Bake.recipe_id).scalar_subquery(),
            Bake.is_active,
        ),
        _targets_select("lesson", Lesson, Lesson.title, Lesson.is_active),
        _targets_select("recipe", Recipe, Recipe.title, Recipe.is_active),
        _targets_select(
            "certificate", Certificate, Certificate.code, Certificate.revoked_at.is_(None)
        ),
        _targets_select(
            "enrollment", Enrollment, sa.literal(""), Enrollment.is_active, Enrollment.expires_at
        ),
        _targets_select(
            "membership", Membership, sa.literal(""), Membership.is_active, Membership.end_date
        ),
    )


TARGET_TYPES = ("comment", "bake", "lesson", "recipe", "certificate", "enrollment", "membership")


@dataclass
class Target:
    title: str
    live: bool
    until: datetime | None = None


def targets(notifications: list[Notification]) -> dict[tuple[str, int], Target]:
    """{(type, id): Target} for the notifications' targets: one query (none without any)."""
    wanted: dict[str, set[int]] = {kind: set() for kind in TARGET_TYPES}
    for notification in notifications:
        if notification.target_type in wanted and notification.target_id is not None:
            wanted[notification.target_type].add(notification.target_id)
    if not any(wanted.values()):
        return {}
    parameters = {kind: sorted(ids) for kind, ids in wanted.items()}
    rows = db.session.execute(_targets_query(), parameters)
    return {(row.type, row.id): Target(row.title or "", bool(row.live), row.until) for row in rows}


def page(user: User, number: int) -> tuple[Pagination, dict[tuple[str, int], Target]]:
    """Page `number` of her notifications, newest first, with their targets: three queries
    whatever the page holds (count, rows, targets)."""
    pagination = paginate(
        _page_query(), {"user_id": user.id}, page=min(max(number, 1), LAST_PAGE), per_page=PER_PAGE
    )
    return pagination, targets(pagination.items)


# --- Reading state -----------------------------------------------------------------------


def own_notification(user: User, notification_id: int) -> Notification | None:
    """Her notification `notification_id`, or None (anyone else's does not exist)."""
    notification = db.session.get(Notification, notification_id)
    return notification if notification is not None and notification.user_id == user.id else None


def mark_read(notification: Notification, now: datetime | None = None) -> None:
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user: User, now: datetime | None = None) -> int:
    """Every unread notification of hers read now (one statement); how many."""
    statement = (
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    # RETURNING counts them: psycopg gives no rowcount for an INSERT ... SELECT.
    return len(db.session.execute(statement.returning(Notification.id)).all())


# --- Preferences -------------------------------------------------------------------------


def muted_kinds(user: User) -> set[NotificationKind]:
    query = sa.select(NotificationMute.kind).where(NotificationMute.user_id == user.id)
    return set(db.session.scalars(query))


def set_muted_kinds(user: User, muted: set[NotificationKind]) -> None:
    """Keep exactly `muted` turned off for her (the others on)."""
    db.session.execute(sa.delete(NotificationMute).where(NotificationMute.user_id == user.id))
    if muted:
        rows = [{"user_id": user.id, "kind": kind} for kind in sorted(muted, key=lambda k: k.value)]
        db.session.execute(sa.insert(NotificationMute), rows)
    db.session.flush()


# --- What makes them ---------------------------------------------------------------------


def notify_new_content(
    course: Course, target_type: str, target_id: int | None, now: datetime | None = None
) -> int:
    """NEW_CONTENT for every student who can access the course now (one query finds
    them, one INSERT tells them); nothing for an inactive course. `target_id` None: a
    batch of recipes, told once. A lesson or recipe is announced once (dedupe_key)."""
    if not course.is_active:
        return 0
    now = now or utcnow()
    students = sa.select(User.id).where(
        User.role == Role.USER, access.can_access_course_sql(course.id, now)
    )
    key = f"new-{target_type}:{target_id}" if target_id is not None else None
    return notify(
        NotificationKind.NEW_CONTENT,
        db.session.scalars(students).all(),
        actor_id=None,
        target_type=target_type,
        target_id=target_id,
        course_id=course.id,
        dedupe_key=key,
        now=now,
    )


def _not_renewed(user_id, ends) -> sa.ColumnElement[bool]:
    """SQL: no membership of the user in force carries her access past `ends`."""
    later = aliased(Membership)
    carried = (
        sa.select(later.id)
        .where(
            later.user_id == user_id,
            later.is_active,
            later.start_date <= ends,
            later.end_date > ends,
        )
        .exists()
    )
    return sa.not_(carried)


def notify_access_ending(now: datetime | None = None, days: int = 7) -> int:
    """ACCESS_ENDING for each enrollment in force and membership ending within `days`
    days (and not carried on by a later membership). Safe to run again: the notification's
    key holds the grant and its end date, so a renewed grant that ends later is told again.
    How many were made."""
    now = now or utcnow()
    until = now + timedelta(days=days)
    made = 0
    enrollments = db.session.execute(
        sa.select(Enrollment.id, Enrollment.user_id, Enrollment.course_id, Enrollment.expires_at)
        .join(Course, Course.id == Enrollment.course_id)
        .where(
            Enrollment.is_active,
            Course.is_active,
            Enrollment.expires_at > now,
            Enrollment.expires_at <= until,
            _not_renewed(Enrollment.user_id, Enrollment.expires_at),
        )
    ).all()
    for grant in enrollments:
        made += notify(
            NotificationKind.ACCESS_ENDING,
            [grant.user_id],
            actor_id=None,
            target_type="enrollment",
            target_id=grant.id,
            course_id=grant.course_id,
            dedupe_key=f"access-ending:enrollment:{grant.id}:{grant.expires_at:%Y-%m-%d}",
            now=now,
        )
    memberships = db.session.execute(
        sa.select(Membership.id, Membership.user_id, Membership.end_date).where(
            Membership.is_active,
            Membership.start_date <= now,
            Membership.end_date > now,
            Membership.end_date <= until,
            _not_renewed(Membership.user_id, Membership.end_date),
        )
    ).all()
    for grant in memberships:
        made += notify(
            NotificationKind.ACCESS_ENDING,
            [grant.user_id],
            actor_id=None,
            target_type="membership",
            target_id=grant.id,
            dedupe_key=f"access-ending:membership:{grant.id}:{grant.end_date:%Y-%m-%d}",
            now=now,
        )
    return made
