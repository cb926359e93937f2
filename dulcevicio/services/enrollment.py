"""Per-course enrollments: grant (one or many), extend, revoke, and their status."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, User, utcnow
from dulcevicio.models.base import UTCDateTime
from dulcevicio.services import periods
from dulcevicio.services.access import enrollment_in_force
from dulcevicio.services.upsert import insert

BULK_MAX_EMAILS = 500


class EnrollmentStatus(enum.Enum):
    ACTIVE = "activa"
    EXPIRED = "vencida"
    REVOKED = "revocada"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class NotExtendable(ValueError):
    """The enrollment never expires or was revoked: extending it makes no sense."""


def enrollment_status(enrollment: Enrollment, now: datetime | None = None) -> EnrollmentStatus:
    now = now or utcnow()
    if not enrollment.is_active:
        return EnrollmentStatus.REVOKED
    if enrollment.expires_at is not None and enrollment.expires_at <= now:
        return EnrollmentStatus.EXPIRED
    return EnrollmentStatus.ACTIVE


def status_clause(status: EnrollmentStatus, now: datetime) -> sa.ColumnElement[bool]:
    """SQL for `enrollment_status(...) == status`, built on the access rule's own clause."""
    if status is EnrollmentStatus.ACTIVE:
        return enrollment_in_force(now)
    if status is EnrollmentStatus.EXPIRED:
        return sa.and_(Enrollment.is_active, Enrollment.expires_at <= now)
    return sa.not_(Enrollment.is_active)


def _grant_statement(user_ids: list[int], course_id: int, changes: dict, now: datetime):
    rows = [
        {"user_id": user_id, "course_id": course_id, "enrolled_at": now, "created_at": now}
        | changes
        for user_id in user_ids
    ]
    return (
        insert(Enrollment)
        .values(rows)
        .on_conflict_do_update(index_elements=["user_id", "course_id"], set_=changes)
    )


def grant_enrollment(
    user: User,
    course: Course,
    *,
    expires_at: datetime | None,
    granted_by: User | None = None,
    now: datetime | None = None,
) -> Enrollment:
    """Give `user` access to `course` until `expires_at` (None: no end).

    Granting again re-activates and updates the existing row. It is one upsert on the
    unique (user, course) pair, so parallel grants never make a second row.
    """
    now = now or utcnow()
    changes = {
        "expires_at": expires_at,
        "is_active": True,
        "granted_by_id": granted_by.id if granted_by else None,
        "updated_at": now,
    }
    db.session.execute(_grant_statement([user.id], course.id, changes, now))
    return db.session.scalars(
        sa.select(Enrollment)
        .where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
        .execution_options(populate_existing=True)
    ).one()


def revoke_enrollment(enrollment: Enrollment) -> None:
    """End access now; the row (and the student's progress) stays for the record."""
    enrollment.is_active = False
    db.session.flush()


def extend_enrollment(enrollment: Enrollment, days: int, now: datetime | None = None) -> None:
    """Add `days` to the end date, counted from today when it already passed."""
    if not enrollment.is_active:
        raise NotExtendable("La inscripción está revocada: vuelve a inscribir al alumno.")
    if enrollment.expires_at is None:
        raise NotExtendable("Esta inscripción no vence: no hace falta extenderla.")
    enrollment.expires_at = periods.extended_end(enrollment.expires_at, days, now)
    db.session.flush()


@dataclass
class BulkGrantResult:
    granted: list[User] = field(default_factory=list)  # new enrollments
    renewed: list[User] = field(default_factory=list)  # expired or revoked, re-activated
    unchanged: list[User] = field(default_factory=list)  # already had access: left as is
    unknown: list[str] = field(default_factory=list)  # no account with that e-mail


def parse_emails(text: str) -> list[str]:
    """E-mails pasted one per line (commas, semicolons and spaces also separate them),
    lower-cased, without duplicates, in the order given."""
    emails = (part.strip().lower() for part in re.split(r"[\s,;]+", text or ""))
    return list(dict.fromkeys(email for email in emails if email))


def bulk_grant(
    course: Course,
    emails: list[str],
    *,
    expires_at: datetime | None,
    granted_by: User | None = None,
    now: datetime | None = None,
) -> BulkGrantResult:
    """Grant `course` to every account in `emails`, in three queries whatever their number.

    Students whose enrollment is in force are left untouched (a bulk grant never shortens
    or lengthens an access someone already has); expired or revoked ones are re-activated
    with the new end, like a single grant.
    """
    now = now or utcnow()
    users = db.session.scalars(sa.select(User).where(User.email.in_(emails))).all()
    by_email = {user.email: user for user in users}
    current = {
        enrollment.user_id: enrollment
        for enrollment in db.session.scalars(
            sa.select(Enrollment).where(
                Enrollment.course_id == course.id,
                Enrollment.user_id.in_([user.id for user in users]),
            )
        )
    }
    result = BulkGrantResult()
    for email in emails:
        user = by_email.get(email)
        existing = current.get(user.id) if user else None
        if user is None:
            result.unknown.append(email)
        elif existing is None:
            result.granted.append(user)
        elif enrollment_status(existing, now) is EnrollmentStatus.ACTIVE:
            result.unchanged.append(user)
        else:
            result.renewed.append(user)
    to_grant = [user.id for user in result.granted + result.renewed]
    if to_grant:
        changes = {
            "expires_at": expires_at,
            "is_active": True,
            "granted_by_id": granted_by.id if granted_by else None,
            "updated_at": now,
        }
        db.session.execute(_grant_statement(to_grant, course.id, changes, now))
        db.session.expire_all()
    return result


def list_query(
    *,
    course_id: int | None = None,
    search: sa.ColumnElement[bool] | None = None,
    status: EnrollmentStatus | None = None,
    now: datetime | None = None,
) -> sa.Select:
    """Enrollments with their student and course, newest first, for the admin list."""
    query = (
        sa.select(Enrollment)
        .join(Enrollment.user)
        .join(Enrollment.course)
        .options(contains_eager(Enrollment.user), contains_eager(Enrollment.course))
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    )
    if course_id is not None:
        query = query.where(Enrollment.course_id == course_id)
    if search is not None:
        query = query.where(search)
    if status is not None:
        query = query.where(status_clause(status, now or utcnow()))
    return query


def expiring_query(now: datetime | None = None, days: int = 7) -> sa.Select:
    """Enrollments in force that end within `days`, soonest first, as rows of what the
    overview shows (id, user_id, full_name, course_title, expires_at): a row costs far
    less to load than three ORM objects."""
    now = now or utcnow()
    return _expiring_query().params(now=now, until=now + timedelta(days=days))


@cache
def _expiring_query() -> sa.Select:
    """`expiring_query` with parameters `now` and `until`, built once (building it costs
    more than running it)."""
    now = sa.bindparam("now", type_=UTCDateTime())
    return (
        sa.select(
            Enrollment.id,
            Enrollment.user_id,
            User.full_name,
            Course.title.label("course_title"),
            Enrollment.expires_at,
        )
        .join(Enrollment.user)
        .join(Enrollment.course)
        .where(
            status_clause(EnrollmentStatus.ACTIVE, now),
            Enrollment.expires_at <= sa.bindparam("until", type_=UTCDateTime()),
        )
        .order_by(Enrollment.expires_at, Enrollment.id)
    )
