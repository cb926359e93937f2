"""Granting and revoking per-course enrollments."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, User, utcnow
from dulcevicio.services.upsert import insert


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
    statement = (
        insert(Enrollment)
        .values(user_id=user.id, course_id=course.id, enrolled_at=now, created_at=now, **changes)
        .on_conflict_do_update(index_elements=["user_id", "course_id"], set_=changes)
    )
    db.session.execute(statement)
    return db.session.scalars(
        sa.select(Enrollment)
        .where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
        .execution_options(populate_existing=True)
    ).one()


def revoke_enrollment(enrollment: Enrollment) -> None:
    """End access now; the row (and the student's progress) stays for the record."""
    enrollment.is_active = False
