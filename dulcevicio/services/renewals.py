"""Renewals: access that ends within a week (or a day) and access that ended in the last 30
days (a win-back), enrollments and memberships alike; marking a student as contacted, and
renewing with the payment in one step.

A grant no longer needs renewing once the student has access another way: an enrollment
while she holds a membership in force, a membership once a later one is in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import aliased

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
from dulcevicio.statements import instant, paginate_fetched, prepared

SOON = timedelta(days=7)
TOMORROW = timedelta(days=1)
WIN_BACK = timedelta(days=30)
# How the URLs name the two kinds of grant.
KIND_NAMES = {"inscripcion": grants.ENROLLMENT, "membresia": grants.MEMBERSHIP}


class Student(NamedTuple):
    """What a row shows of the student."""

    id: int
    display_name: str
    phone: str | None


class Contact(NamedTuple):
    """A "contacted" mark: when, and by which admin (None once her account is deleted)."""

    contacted_at: datetime
    contacted_by: str | None


@dataclass
class Renewal:
    kind_name: str  # "inscripcion" or "membresia", as the URLs name the kind of grant
    grant_id: int
    user: Student
    what: str  # the course's title, or the membership
    ends_at: datetime
    completed: int  # lessons completed (in the course, or in every course)
    total: int | None  # the course's lessons (None for a membership)
    last_activity: datetime | None
    contact: Contact | None = None  # marked for this very end

    @property
    def anchor(self) -> str:
        return anchor(self.kind_name, self.grant_id)

    @property
    def ended(self) -> bool:
        return self.ends_at <= utcnow()

    @property
    def progress(self) -> CourseProgress | None:
        return CourseProgress(self.completed, self.total) if self.total is not None else None


def anchor(kind_name: str, grant_id: int) -> str:
    """The id of a grant's row on the board ("renovacion-i12"), to come back to it."""
    return f"renovacion-{kind_name[0]}{grant_id}"


@dataclass
class RenewalBoard:
    rows: dict[str, list[Renewal]]  # per group, its first BOARD_LIMIT rows
    totals: dict[str, int]  # how many each group holds


BOARD_LIMIT = 10
GROUPS = ("tomorrow", "week", "ended")
# How the URLs name the groups (`?grupo=semana`).
GROUP_NAMES = {"manana": "tomorrow", "semana": "week", "terminaron": "ended"}
# A row's student, selected as plain columns: the board builds no ORM objects.
_STUDENT_COLUMNS = (User.id, User.display_name, User.phone)


def board(now: datetime | None = None) -> RenewalBoard:
    """What to work on, each group's first BOARD_LIMIT rows: the soonest ends first, the
    latest ended first (three queries, whatever the number of grants)."""
    return RenewalBoard(*_groups(now or utcnow(), GROUPS, BOARD_LIMIT))


def group_page(group: str, page: int, per_page: int) -> Pagination:
    """Page `page` of one group (the board's order), for working through all of it."""
    now = utcnow()

    def fetch(offset: int, limit: int) -> tuple[list[Renewal], int]:
        found, totals = _groups(now, (group,), offset + limit)
        return found[group][offset:], totals[group]

    return paginate_fetched(fetch, page=page, per_page=per_page)


def _groups(
    now: datetime, groups: tuple[str, ...], limit: int
) -> tuple[dict[str, list[Renewal]], dict[str, int]]:
    """The first `limit` rows of each of `groups`, and how many rows each group holds.
    Each kind of grant comes ranked from its own query; the two are merged here."""
    parameters = {
        "now": now,
        "tomorrow": now + TOMORROW,
        "start": now - WIN_BACK,
        "end": now + SOON,
        "groups": groups,
        "limit": limit,
    }
    found = [
        (Renewal(kind_name, grant_id, Student(user_id, name, phone), *rest), group, size)
        for kind_name, query in (
            ("inscripcion", _enrollments_query),
            ("membresia", _memberships_query),
        )
        for grant_id, *rest, user_id, name, phone, group, size in db.session.execute(
            query(), parameters
        )
    ]
    _attach_contacts([row for row, _group, _size in found])
    rows: dict[str, list[Renewal]] = {group: [] for group in groups}
    totals = dict.fromkeys(groups, 0)
    counted = set()
    for row, group, size in found:
        rows[group].append(row)
        if (row.kind_name, group) not in counted:  # each kind's size comes once per group
            counted.add((row.kind_name, group))
            totals[group] += size
    for group, group_rows in rows.items():
        group_rows.sort(key=lambda r: (r.ends_at, r.user.id), reverse=group == "ended")
        del group_rows[limit:]
    return rows, totals


def count_due(now: datetime | None = None) -> int:
    """How many grants end within 7 days and are not renewed another way (one query)."""
    now = now or utcnow()
    return db.session.scalar(_count_due_query(), {"now": now, "start": now, "end": now + SOON})


# The statements below are built once (see statements.py) from these parameters: `now`,
# the window's `start` and `end`, `tomorrow` (a day from now), and, for the board, the
# `groups` it shows and the rows it wants of each (`limit`).
_GROUPS_PARAMETER = sa.bindparam("groups", expanding=True)


@prepared
def _count_due_query() -> sa.Select:
    enrollments = (
        sa.select(sa.func.count(Enrollment.id))
        .join(User, User.id == Enrollment.user_id)
        .where(*_enrollment_filters())
    )
    memberships = (
        sa.select(sa.func.count(Membership.id))
        .join(User, User.id == Membership.user_id)
        .where(*_membership_filters())
    )
    return sa.select(enrollments.scalar_subquery() + memberships.scalar_subquery())


def _enrollment_filters() -> list:
    member = (
        sa.select(Membership.id)
        .where(Membership.user_id == Enrollment.user_id, membership_in_force(instant("now")))
        .exists()
    )
    active_course = (
        sa.select(Course.id).where(Course.id == Enrollment.course_id, Course.is_active).exists()
    )
    return [
        Enrollment.is_active,
        active_course,
        Enrollment.expires_at > instant("start"),
        Enrollment.expires_at <= instant("end"),
        User.is_active,
        sa.not_(member),
    ]


def _membership_filters() -> list:
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
        Membership.end_date > instant("start"),
        Membership.end_date <= instant("end"),
        User.is_active,
        sa.not_(renewed),
    ]


def _ranked(kind: grants.GrantKind, filters: list) -> sa.Subquery:
    """The ids of the grants in the window with their group, the group's size, and their
    rank in it (soonest end first; for those that ended, the latest first)."""
    end, now = kind.end, instant("now")
    group = sa.case(
        (end <= now, "ended"), (end <= instant("tomorrow"), "tomorrow"), else_="week"
    ).label("grp")
    rank = sa.func.row_number().over(
        partition_by=group,
        order_by=(sa.case((end <= now, end)).desc(), end, kind.model.id),
    )
    size = sa.func.count().over(partition_by=group)
    return (
        sa.select(kind.model.id.label("grant_id"), group, rank.label("rank"), size.label("size"))
        .join(User, User.id == kind.model.user_id)
        .where(*filters)
        .subquery()
    )


@prepared
def _enrollments_query() -> sa.Select:
    """(id, what, end, completed, total, last activity, *student, group, size): the
    columns of a Renewal, then its group, and the group's size."""
    ranked = _ranked(grants.ENROLLMENT, _enrollment_filters())
    progress = progress_columns(Enrollment.user_id, Enrollment.course_id)
    return (
        sa.select(Enrollment.id, Course.title, Enrollment.expires_at, *progress)
        .add_columns(*_STUDENT_COLUMNS, ranked.c.grp, ranked.c.size)
        .join(ranked, ranked.c.grant_id == Enrollment.id)
        .join(User, User.id == Enrollment.user_id)
        .join(Course, Course.id == Enrollment.course_id)
        .where(ranked.c.rank <= sa.bindparam("limit"), ranked.c.grp.in_(_GROUPS_PARAMETER))
    )


@prepared
def _memberships_query() -> sa.Select:
    """The same columns as _enrollments_query's: lessons completed in every course, no
    total."""
    ranked = _ranked(grants.MEMBERSHIP, _membership_filters())
    mine = LessonProgress.user_id == Membership.user_id
    completed = (
        sa.select(sa.func.count(LessonProgress.id))
        .where(mine, LessonProgress.completed)
        .scalar_subquery()
    )
    last = sa.select(sa.func.max(LessonProgress.updated_at)).where(mine).scalar_subquery()
    return (
        sa.select(
            Membership.id, sa.literal(payments.MEMBERSHIP_LABEL), Membership.end_date, completed
        )
        .add_columns(sa.null(), last)
        .add_columns(*_STUDENT_COLUMNS, ranked.c.grp, ranked.c.size)
        .join(ranked, ranked.c.grant_id == Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(ranked.c.rank <= sa.bindparam("limit"), ranked.c.grp.in_(_GROUPS_PARAMETER))
    )


def _attach_contacts(rows: list[Renewal]) -> None:
    """The latest "contacted" mark of each row, if it was made for the row's current end."""
    if not rows:
        return
    ids = {kind: [r.grant_id for r in rows if r.kind_name == kind] for kind in KIND_NAMES}
    contacts = db.session.execute(
        sa.select(
            RenewalContact.enrollment_id,
            RenewalContact.membership_id,
            RenewalContact.for_end,
            RenewalContact.contacted_at,
            User.display_name,
        )
        .outerjoin(User, User.id == RenewalContact.contacted_by_id)
        .where(
            sa.or_(
                RenewalContact.enrollment_id.in_(ids["inscripcion"]),
                RenewalContact.membership_id.in_(ids["membresia"]),
            )
        )
        .order_by(RenewalContact.contacted_at)
    )
    latest = {}
    for enrollment_id, membership_id, for_end, contacted_at, by in contacts:
        key = ("inscripcion", enrollment_id) if enrollment_id else ("membresia", membership_id)
        latest[key, for_end] = Contact(contacted_at, by)
    for row in rows:
        row.contact = latest.get(((row.kind_name, row.grant_id), row.ends_at))


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
    else:
        until = grants.extended_end(grant, days or 0)
    grants.set_end(grant, until, "access.renew")
    if payment is not None:
        payments.record_payment(grant.user, payment, grant=grant, recorded_by=by)
