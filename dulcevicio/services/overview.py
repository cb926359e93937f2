"""The numbers the admin overview opens with."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Bake, Course, LessonProgress, Membership, Role, User, utcnow
from dulcevicio.services import access
from dulcevicio.statements import instant, prepared


@prepared
def _counts_query() -> sa.Select:
    """Every count as a scalar subquery of a single SELECT: one round-trip."""
    now = instant("now")
    count = sa.func.count()
    queries = {
        "students": sa.select(count).select_from(User).where(User.role == Role.USER),
        "students_with_access": sa.select(count).select_from(
            access.students_with_access(now).subquery()
        ),
        "active_memberships": sa.select(count)
        .select_from(Membership)
        .where(access.membership_in_force(now)),
        "courses": sa.select(count).select_from(Course),
        "completed_last_week": sa.select(count)
        .select_from(LessonProgress)
        .where(LessonProgress.completed_at >= instant("week_ago")),
        # Students' bakes waiting for the instructor's feedback (the admin's queue).
        "bakes_waiting": sa.select(count)
        .select_from(Bake)
        .where(Bake.feedback_at.is_(None), Bake.is_active),
    }
    return sa.select(*(query.scalar_subquery().label(name) for name, query in queries.items()))


def counts(now: datetime | None = None) -> dict[str, int]:
    """Students, students with access now, memberships in force, courses, lessons
    completed in the last 7 days, and bakes waiting for feedback."""
    now = now or utcnow()
    parameters = {"now": now, "week_ago": now - timedelta(days=7)}
    return dict(db.session.execute(_counts_query(), parameters).one()._mapping)
