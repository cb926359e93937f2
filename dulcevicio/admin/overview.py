"""Admin overview: the numbers an admin checks first."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import render_template

from dulcevicio.admin.blueprint import bp
from dulcevicio.extensions import db
from dulcevicio.models import Course, LessonProgress, Membership, Role, User, utcnow
from dulcevicio.services import access, enrollment, forum, membership

EXPIRING_DAYS = 7
EXPIRING_LIMIT = 50
UNANSWERED_SHOWN = 8


def overview_counts() -> dict[str, int]:
    now = utcnow()
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
        .where(LessonProgress.completed_at >= now - timedelta(days=7)),
    }
    # One round-trip: every count as a scalar subquery of a single SELECT.
    row = db.session.execute(
        sa.select(*(query.scalar_subquery().label(name) for name, query in queries.items()))
    ).one()
    return dict(row._mapping)


def expiring_soon() -> dict[str, list]:
    """Enrollments and memberships in force that end within EXPIRING_DAYS (two queries)."""
    now = utcnow()
    return {
        "enrollments": db.session.execute(
            enrollment.expiring_query(now, EXPIRING_DAYS).limit(EXPIRING_LIMIT)
        ).all(),
        "memberships": db.session.execute(
            membership.expiring_query(now, EXPIRING_DAYS).limit(EXPIRING_LIMIT)
        ).all(),
    }


@bp.route("/")
def index():
    return render_template(
        "admin/index.html",
        counts=overview_counts(),
        expiring=expiring_soon(),
        expiring_days=EXPIRING_DAYS,
        unanswered=db.session.scalars(
            forum.recent_comments_query(unanswered_only=True).limit(UNANSWERED_SHOWN)
        ).all(),
    )
