"""Admin overview: the numbers an admin checks first."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import render_template

from dulcevicio.admin.blueprint import bp
from dulcevicio.extensions import db
from dulcevicio.models import Course, LessonProgress, Membership, Role, User, utcnow
from dulcevicio.models.base import UTCDateTime
from dulcevicio.services import access, enrollment, forum, membership

EXPIRING_DAYS = 7
EXPIRING_LIMIT = 50
UNANSWERED_SHOWN = 8


def overview_counts() -> dict[str, int]:
    now = utcnow()
    parameters = {"now": now, "week_ago": now - timedelta(days=7)}
    return dict(db.session.execute(_counts_query(), parameters).one()._mapping)


@cache
def _counts_query() -> sa.Select:
    """Every count as a scalar subquery of a single SELECT (one round-trip), with the
    parameters `now` and `week_ago`; built once, as building it costs more than running it."""
    now = sa.bindparam("now", type_=UTCDateTime())
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
        .where(LessonProgress.completed_at >= sa.bindparam("week_ago", type_=UTCDateTime())),
    }
    return sa.select(*(query.scalar_subquery().label(name) for name, query in queries.items()))


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
