"""What every grant of access goes through, enrollments and memberships alike: its status,
extending it, the admin lists and the grants that end soon.

When a grant is in force is the access rule's to say (services/access.py); this module
builds on it. What only one kind does (granting a course to many, revoking, deleting a
membership) lives in services/enrollment.py and services/membership.py.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, contains_eager

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, LessonProgress, Membership, User, utcnow
from dulcevicio.services import audit, periods, settings
from dulcevicio.services.access import enrollment_in_force, membership_in_force
from dulcevicio.statements import instant, prepared

Grant = Enrollment | Membership


class GrantStatus(enum.Enum):
    ACTIVE = "active"  # in force: it gives access now
    SCHEDULED = "scheduled"  # starts later
    EXPIRED = "expired"  # its end date passed
    ENDED = "ended"  # an admin ended it (revoked enrollment, deactivated membership)


class NotExtendable(ValueError):
    """Extending this grant makes no sense as it stands; the message says why (Spanish)."""


@dataclass(frozen=True)
class Standing:
    """A grant's status as the admin pages show it."""

    status: GrantStatus
    label: str  # in this kind's words: "Activa", "Vigente", "Revocada", "Desactivada", ...


@dataclass(frozen=True, eq=False)
class GrantKind:
    model: type[Grant]
    start: InstrumentedAttribute | None  # when access starts (enrollments start at once)
    end: InstrumentedAttribute  # when it ends (NULL: never)
    in_force: Callable[[datetime], sa.ColumnElement[bool]]
    # The Spanish word for each status this kind can be in; also its value in list filters.
    words: Mapping[GrantStatus, str]
    ended_message: str  # why an ended grant is not extended
    newest_first: tuple  # the admin list's order

    @property
    def statuses(self) -> list[GrantStatus]:
        return list(self.words)

    def status_choices(self) -> list[tuple[str, str]]:
        """(value, label) for a status filter."""
        return [(word, word.capitalize()) for word in self.words.values()]

    def parse_status(self, value: str | None) -> GrantStatus | None:
        return next((status for status, word in self.words.items() if word == value), None)


ENROLLMENT = GrantKind(
    model=Enrollment,
    start=None,
    end=Enrollment.expires_at,
    in_force=enrollment_in_force,
    words={
        GrantStatus.ACTIVE: "activa",
        GrantStatus.EXPIRED: "vencida",
        GrantStatus.ENDED: "revocada",
    },
    ended_message="La inscripción está revocada: vuelve a inscribir al alumno.",
    newest_first=(Enrollment.enrolled_at.desc(), Enrollment.id.desc()),
)
MEMBERSHIP = GrantKind(
    model=Membership,
    start=Membership.start_date,
    end=Membership.end_date,
    in_force=membership_in_force,
    words={
        GrantStatus.ACTIVE: "vigente",
        GrantStatus.SCHEDULED: "programada",
        GrantStatus.EXPIRED: "vencida",
        GrantStatus.ENDED: "desactivada",
    },
    ended_message="La membresía está desactivada: reactívala antes de extenderla.",
    newest_first=(Membership.end_date.desc(), Membership.id.desc()),
)
KINDS = {Enrollment: ENROLLMENT, Membership: MEMBERSHIP}


# Only enrollments can be without an end.
NEVER_ENDS = "Esta inscripción no vence: no hace falta extenderla."


def _period(grant: Grant) -> tuple[datetime | None, datetime | None]:
    kind = KINDS[type(grant)]
    start = getattr(grant, kind.start.key) if kind.start is not None else None
    return start, getattr(grant, kind.end.key)


def ends_at(grant: Grant) -> datetime | None:
    """When the grant ends (None: never)."""
    return _period(grant)[1]


def status(grant: Grant, now: datetime | None = None) -> GrantStatus:
    return status_of(grant.is_active, *_period(grant), now or utcnow())


def status_of(
    is_active: bool, start: datetime | None, end: datetime | None, now: datetime
) -> GrantStatus:
    """A grant's status from its columns (for rows read without the ORM, as exports do)."""
    if not is_active:
        return GrantStatus.ENDED
    if start is not None and start > now:
        return GrantStatus.SCHEDULED
    if end is not None and end <= now:
        return GrantStatus.EXPIRED
    return GrantStatus.ACTIVE


def standing(grant: Grant, now: datetime | None = None) -> Standing:
    current = status(grant, now)
    return Standing(current, KINDS[type(grant)].words[current].capitalize())


def status_clause(kind: GrantKind, wanted: GrantStatus, now) -> sa.ColumnElement[bool]:
    """SQL for `status(...) is wanted`, built on the access rule's own clause."""
    if wanted is GrantStatus.ACTIVE:
        return kind.in_force(now)
    if wanted is GrantStatus.ENDED:
        return sa.not_(kind.model.is_active)
    if wanted is GrantStatus.SCHEDULED:
        return sa.and_(kind.model.is_active, kind.start > now) if kind.start else sa.false()
    return sa.and_(kind.model.is_active, kind.end <= now)


def extended_end(grant: Grant, days: int, now: datetime | None = None) -> datetime:
    """The end `days` after the current one (after today when it already passed); raises
    NotExtendable when extending makes no sense."""
    if not grant.is_active:
        raise NotExtendable(KINDS[type(grant)].ended_message)
    end = ends_at(grant)
    if end is None:
        raise NotExtendable(NEVER_ENDS)
    return periods.extended_end(end, days, now)


def extend(grant: Grant, days: int, now: datetime | None = None) -> None:
    """Add `days` to the end date, counted from today when it already passed."""
    set_end(grant, extended_end(grant, days, now), f"{audit.type_code(grant)}.extend")


def set_end(grant: Grant, end: datetime, action: str) -> None:
    """Move the grant's end to `end`, recorded in the audit log as `action`."""
    before = ends_at(grant)
    setattr(grant, KINDS[type(grant)].end.key, end)
    db.session.flush()
    audit.record(
        action,
        target=grant,
        student=grant.user_id,
        summary=f"{audit.grant_title(grant)}: "
        f"{audit.change(audit.end_words(before), audit.end_words(end))}",
    )


def list_query(
    kind: GrantKind,
    *,
    search: sa.ColumnElement[bool] | None = None,
    wanted: GrantStatus | None = None,
    course_id: int | None = None,
    now: datetime | None = None,
) -> sa.Select:
    """Grants of `kind` with their holder (and course), for the admin lists."""
    model = kind.model
    query = (
        sa.select(model)
        .join(model.user)
        .options(contains_eager(model.user))
        .order_by(*kind.newest_first)
    )
    if model is Enrollment:
        query = query.join(Enrollment.course).options(contains_eager(Enrollment.course))
        if course_id is not None:
            query = query.where(Enrollment.course_id == course_id)
    if search is not None:
        query = query.where(search)
    if wanted is not None:
        query = query.where(status_clause(kind, wanted, now or utcnow()))
    return query


@prepared
def _ending_soon(kind: GrantKind, limit: int) -> sa.Select:
    course = [Course.title.label("course_title")] if kind.model is Enrollment else []
    query = sa.select(
        kind.model.id, kind.model.user_id, User.full_name, *course, kind.end.label("ends_at")
    ).join(kind.model.user)
    if kind.model is Enrollment:
        query = query.join(Enrollment.course)
    return (
        query.where(kind.in_force(instant("now")), kind.end <= instant("until"))
        .order_by(kind.end, kind.model.id)
        .limit(limit)
    )


def ending_soon(kind: GrantKind, days: int, limit: int, now: datetime | None = None) -> list:
    """Grants in force that end within `days`, soonest first, as rows of what the overview
    shows (id, user_id, full_name, [course_title,] ends_at): a row costs far less to load
    than the ORM objects."""
    now = now or utcnow()
    parameters = {"now": now, "until": now + timedelta(days=days)}
    return db.session.execute(_ending_soon(kind, limit), parameters).all()


def ended_access(user: User, now: datetime | None = None) -> dict[int, datetime]:
    """{course id: when access ended} for the active courses a student had and lost: an
    enrollment that expired or was revoked, or, for a membership that ended, the courses
    she has progress in. Courses she can still access are the caller's to leave out (one
    query; a revocation counts from when it happened, the row's last update)."""
    now = now or utcnow()
    ended_enrollments = sa.select(
        Enrollment.course_id,
        sa.case((Enrollment.is_active, Enrollment.expires_at), else_=Enrollment.updated_at),
    ).where(Enrollment.user_id == user.id, sa.not_(enrollment_in_force(now)))
    ended_memberships = (
        sa.select(
            LessonProgress.course_id,
            sa.case((Membership.is_active, Membership.end_date), else_=Membership.updated_at),
        )
        .join(Membership, Membership.user_id == LessonProgress.user_id)
        .where(
            LessonProgress.user_id == user.id,
            Membership.start_date <= now,
            sa.not_(membership_in_force(now)),
        )
        .distinct()
    )
    ended = sa.union_all(ended_enrollments, ended_memberships).subquery()
    course_id, ended_at = ended.c
    query = (
        sa.select(course_id, sa.func.max(ended_at))
        .join(Course, Course.id == course_id)
        .where(Course.is_active)
        .group_by(course_id)
    )
    return {course: ended_at for course, ended_at in db.session.execute(query)}


def courses_in_words(user: User, now: datetime | None = None) -> str:
    """What a student's access covers, for a message's {curso}: "todos los cursos" with a
    membership in force, else the titles of the courses she is enrolled in (or, with none
    yet, the business's name)."""
    now = now or utcnow()
    member = db.session.scalar(
        sa.select(
            sa.select(Membership.id)
            .where(Membership.user_id == user.id, membership_in_force(now))
            .exists()
        )
    )
    if member:
        return "todos los cursos"
    titles = db.session.scalars(
        sa.select(Course.title)
        .join(Enrollment, Enrollment.course_id == Course.id)
        .where(Enrollment.user_id == user.id, enrollment_in_force(now), Course.is_active)
        .order_by(Course.position, Course.id)
    ).all()
    return " y ".join(titles) if titles else settings.current().business_name
