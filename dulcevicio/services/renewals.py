"""Renewals: access that ends within a week (or a day) and access that ended in the last 30
days (a win-back), enrollments and memberships alike; marking a student as contacted, and
renewing with the payment in one step.

A grant no longer needs renewing once the student has access another way: an enrollment
while she holds a membership in force, a membership once a later one is in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Course,
    Enrollment,
    LessonProgress,
    Membership,
    RenewalContact,
    User,
    utcnow,
)
from dulcevicio.services import grants, payments
from dulcevicio.services.access import membership_in_force
from dulcevicio.services.progress import CourseProgress, progress_columns

SOON = timedelta(days=7)
TOMORROW = timedelta(days=1)
WIN_BACK = timedelta(days=30)
# How the URLs name the two kinds of grant.
KIND_NAMES = {"inscripcion": grants.ENROLLMENT, "membresia": grants.MEMBERSHIP}


@dataclass
class Renewal:
    grant: grants.Grant
    user: User
    what: str  # the course's title, or the membership
    ends_at: datetime
    completed: int  # lessons completed (in the course, or in every course)
    total: int | None  # the course's lessons (None for a membership)
    last_activity: datetime | None
    contact: RenewalContact | None = None  # marked for this very end

    @property
    def kind_name(self) -> str:
        return "inscripcion" if isinstance(self.grant, Enrollment) else "membresia"

    @property
    def ended(self) -> bool:
        return self.ends_at <= utcnow()

    @property
    def progress(self) -> CourseProgress | None:
        return CourseProgress(self.completed, self.total) if self.total is not None else None


@dataclass
class RenewalBoard:
    tomorrow: list[Renewal]  # ends within a day
    week: list[Renewal]  # ends within 7 days (after tomorrow)
    ended: list[Renewal]  # ended in the last 30 days, the latest first
    totals: dict[str, int]  # how many each group holds (it shows at most BOARD_LIMIT)

    @property
    def due_this_week(self) -> int:
        return self.totals["tomorrow"] + self.totals["week"]


BOARD_LIMIT = 20
# What a row shows of the student (a board of 60 rows loads nothing more).
_STUDENT_COLUMNS = (User.full_name, User.email, User.username, User.phone)
GROUPS = ("tomorrow", "week", "ended")


def board(now: datetime | None = None, limit: int | None = None) -> RenewalBoard:
    """What to work on, each group capped at `limit` rows (BOARD_LIMIT): the soonest ends
    first, the latest ended first (three queries, whatever the number of grants)."""
    now, limit = now or utcnow(), limit or BOARD_LIMIT
    found = _enrollments(now, limit) + _memberships(now, limit)
    _attach_contacts([row for row, _group, _total in found])
    groups: dict[str, list[Renewal]] = {group: [] for group in GROUPS}
    totals = dict.fromkeys(GROUPS, 0)
    counted = set()
    for row, group, total in found:
        groups[group].append(row)
        if (type(row.grant), group) not in counted:  # each kind's count comes once per group
            counted.add((type(row.grant), group))
            totals[group] += total
    for group, rows in groups.items():
        rows.sort(key=lambda r: (r.ends_at, r.user.id), reverse=group == "ended")
        del rows[limit:]
    return RenewalBoard(groups["tomorrow"], groups["week"], groups["ended"], totals)


def _ranked(kind: grants.GrantKind, filters: list, now: datetime, limit: int) -> sa.Subquery:
    """The ids of the grants in the window with their group, the group's size, and their
    rank in it (soonest end first; for those that ended, the latest first)."""
    end = kind.end
    group = sa.case((end <= now, "ended"), (end <= now + TOMORROW, "tomorrow"), else_="week").label(
        "grp"
    )
    rank = sa.func.row_number().over(
        partition_by=group,
        order_by=(sa.case((end <= now, end)).desc(), end, kind.model.id),
    )
    size = sa.func.count().over(partition_by=group)
    ranked = (
        sa.select(kind.model.id.label("grant_id"), group, rank.label("rank"), size.label("size"))
        .join(User, User.id == kind.model.user_id)
        .where(*filters)
        .subquery()
    )
    return ranked


def count_due(now: datetime | None = None) -> int:
    """How many grants end within 7 days and are not renewed another way (one query)."""
    now = now or utcnow()
    window = (now, now + SOON)
    enrollments = (
        sa.select(sa.func.count(Enrollment.id))
        .join(User, User.id == Enrollment.user_id)
        .where(*_enrollment_filters(window, now))
    )
    memberships = (
        sa.select(sa.func.count(Membership.id))
        .join(User, User.id == Membership.user_id)
        .where(*_membership_filters(window, now))
    )
    return db.session.scalar(
        sa.select(enrollments.scalar_subquery() + memberships.scalar_subquery())
    )


def _enrollment_filters(window, now) -> list:
    start, end = window
    member = (
        sa.select(Membership.id)
        .where(Membership.user_id == Enrollment.user_id, membership_in_force(now))
        .exists()
    )
    active_course = (
        sa.select(Course.id).where(Course.id == Enrollment.course_id, Course.is_active).exists()
    )
    return [
        Enrollment.is_active,
        active_course,
        Enrollment.expires_at > start,
        Enrollment.expires_at <= end,
        User.is_active,
        sa.not_(member),
    ]


def _membership_filters(window, now) -> list:
    start, end = window
    later = aliased(Membership)
    renewed = (
        sa.select(later.id)
        .where(
            later.user_id == Membership.user_id,
            later.id != Membership.id,
            later.is_active,
            later.end_date > Membership.end_date,
        )
        .exists()
    )
    return [
        Membership.is_active,
        Membership.end_date > start,
        Membership.end_date <= end,
        User.is_active,
        sa.not_(renewed),
    ]


def _window(now: datetime) -> tuple[datetime, datetime]:
    return now - WIN_BACK, now + SOON


def _enrollments(now: datetime, limit: int) -> list[tuple[Renewal, str, int]]:
    ranked = _ranked(grants.ENROLLMENT, _enrollment_filters(_window(now), now), now, limit)
    progress = progress_columns(Enrollment.user_id, Enrollment.course_id)
    query = (
        sa.select(Enrollment, *progress, ranked.c.grp, ranked.c.size)
        .join(ranked, ranked.c.grant_id == Enrollment.id)
        .join(Enrollment.user)
        .join(Enrollment.course)
        .options(
            contains_eager(Enrollment.user).load_only(*_STUDENT_COLUMNS),
            contains_eager(Enrollment.course).load_only(Course.title),
        )
        .where(ranked.c.rank <= limit)
    )
    return [
        (Renewal(e, e.user, e.course.title, e.expires_at, done, count, activity), group, size)
        for e, done, count, activity, group, size in db.session.execute(query)
    ]


def _memberships(now: datetime, limit: int) -> list[tuple[Renewal, str, int]]:
    ranked = _ranked(grants.MEMBERSHIP, _membership_filters(_window(now), now), now, limit)
    mine = LessonProgress.user_id == Membership.user_id
    completed = (
        sa.select(sa.func.count(LessonProgress.id))
        .where(mine, LessonProgress.completed)
        .scalar_subquery()
    )
    last = sa.select(sa.func.max(LessonProgress.updated_at)).where(mine).scalar_subquery()
    query = (
        sa.select(Membership, completed, last, ranked.c.grp, ranked.c.size)
        .join(ranked, ranked.c.grant_id == Membership.id)
        .join(Membership.user)
        .options(contains_eager(Membership.user).load_only(*_STUDENT_COLUMNS))
        .where(ranked.c.rank <= limit)
    )
    return [
        (
            Renewal(m, m.user, payments.MEMBERSHIP_LABEL, m.end_date, done, None, activity),
            group,
            size,
        )
        for m, done, activity, group, size in db.session.execute(query)
    ]


def _attach_contacts(rows: list[Renewal]) -> None:
    """The latest "contacted" mark of each row, if it was made for the row's current end."""
    if not rows:
        return
    enrollment_ids = [r.grant.id for r in rows if isinstance(r.grant, Enrollment)]
    membership_ids = [r.grant.id for r in rows if isinstance(r.grant, Membership)]
    contacts = db.session.scalars(
        sa.select(RenewalContact)
        .where(
            sa.or_(
                RenewalContact.enrollment_id.in_(enrollment_ids),
                RenewalContact.membership_id.in_(membership_ids),
            )
        )
        .options(joinedload(RenewalContact.contacted_by))
        .order_by(RenewalContact.contacted_at)
    )
    latest = {}
    for contact in contacts:
        key = (
            ("e", contact.enrollment_id) if contact.enrollment_id else ("m", contact.membership_id)
        )
        latest[key, contact.for_end] = contact
    for row in rows:
        key = ("e" if isinstance(row.grant, Enrollment) else "m", row.grant.id)
        row.contact = latest.get((key, row.ends_at))


# --- Acting on a renewal -------------------------------------------------------------------


def mark_contacted(grant: grants.Grant, by: User) -> RenewalContact:
    """Remember that `by` wrote to the student about this end of the grant."""
    end = grants.ends_at(grant)
    contact = RenewalContact(
        enrollment_id=grant.id if isinstance(grant, Enrollment) else None,
        membership_id=grant.id if isinstance(grant, Membership) else None,
        for_end=end,
        contacted_by=by,
    )
    db.session.add(contact)
    db.session.flush()
    return contact


def renew(
    grant: grants.Grant,
    *,
    days: int | None = None,
    until: datetime | None = None,
    payment: payments.PaymentDetails | None,
    by: User,
) -> None:
    """Extend the grant by `days` (from today if it already ended) or to `until`, and record
    what she paid, in one transaction (the caller commits; nothing is stored on error)."""
    if until is not None:
        if until <= utcnow():
            raise grants.NotExtendable("La nueva fecha de fin debe ser posterior a hoy.")
        if not grant.is_active:
            raise grants.NotExtendable(grants.KINDS[type(grant)].ended_message)
        setattr(grant, grants.KINDS[type(grant)].end.key, until)
        db.session.flush()
    else:
        grants.extend(grant, days or 0)
    if payment is not None:
        payments.record_payment(grant.user, payment, grant=grant, recorded_by=by)
