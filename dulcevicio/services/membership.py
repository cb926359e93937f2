"""All-course memberships: grant, extend, (de)activate, delete, and their status."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from dulcevicio.extensions import db
from dulcevicio.models import Membership, MembershipType, User, utcnow
from dulcevicio.models.base import UTCDateTime
from dulcevicio.services import periods
from dulcevicio.services.access import membership_in_force


class InvalidPeriod(ValueError):
    """The membership's end is not after its start."""


class NotExtendable(ValueError):
    """A deactivated membership is reactivated first, then extended."""


class MembershipStatus(enum.Enum):
    ACTIVE = "vigente"
    SCHEDULED = "programada"
    EXPIRED = "vencida"
    INACTIVE = "desactivada"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def membership_status(membership: Membership, now: datetime | None = None) -> MembershipStatus:
    now = now or utcnow()
    if not membership.is_active:
        return MembershipStatus.INACTIVE
    if membership.start_date > now:
        return MembershipStatus.SCHEDULED
    if membership.end_date <= now:
        return MembershipStatus.EXPIRED
    return MembershipStatus.ACTIVE


def status_clause(status: MembershipStatus, now: datetime) -> sa.ColumnElement[bool]:
    """SQL for `membership_status(...) == status`, built on the access rule's own clause."""
    return {
        MembershipStatus.ACTIVE: membership_in_force(now),
        MembershipStatus.SCHEDULED: sa.and_(Membership.is_active, Membership.start_date > now),
        MembershipStatus.EXPIRED: sa.and_(Membership.is_active, Membership.end_date <= now),
        MembershipStatus.INACTIVE: sa.not_(Membership.is_active),
    }[status]


def grant_membership(
    user: User,
    *,
    start_date: datetime,
    end_date: datetime,
    granted_by: User | None = None,
    notes: str = "",
) -> Membership:
    """Give `user` every course from `start_date` (inclusive) to `end_date` (exclusive)."""
    if end_date <= start_date:
        raise InvalidPeriod("La fecha de fin debe ser posterior a la de inicio.")
    membership = Membership(
        user=user,
        membership_type=MembershipType.FULL_ACCESS,
        start_date=start_date,
        end_date=end_date,
        granted_by=granted_by,
        notes=notes,
    )
    db.session.add(membership)
    db.session.flush()
    return membership


def extend_membership(membership: Membership, days: int, now: datetime | None = None) -> None:
    """Add `days` to the end date, counted from today when it already passed."""
    if not membership.is_active:
        raise NotExtendable("La membresía está desactivada: reactívala antes de extenderla.")
    membership.end_date = periods.extended_end(membership.end_date, days, now)
    db.session.flush()


def set_membership_active(membership: Membership, active: bool) -> None:
    membership.is_active = active
    db.session.flush()


def delete_membership(membership: Membership) -> None:
    db.session.delete(membership)
    db.session.flush()


def list_query(
    *,
    search: sa.ColumnElement[bool] | None = None,
    status: MembershipStatus | None = None,
    now: datetime | None = None,
) -> sa.Select:
    """Memberships with their member, latest end first, for the admin list."""
    query = (
        sa.select(Membership)
        .join(Membership.user)
        .options(contains_eager(Membership.user))
        .order_by(Membership.end_date.desc(), Membership.id.desc())
    )
    if search is not None:
        query = query.where(search)
    if status is not None:
        query = query.where(status_clause(status, now or utcnow()))
    return query


def expiring_query(now: datetime | None = None, days: int = 7) -> sa.Select:
    """Memberships in force that end within `days`, soonest first, as rows of what the
    overview shows (id, user_id, full_name, end_date)."""
    now = now or utcnow()
    return _expiring_query().params(now=now, until=now + timedelta(days=days))


@cache
def _expiring_query() -> sa.Select:
    """`expiring_query` with parameters `now` and `until`, built once (building it costs
    more than running it)."""
    now = sa.bindparam("now", type_=UTCDateTime())
    return (
        sa.select(Membership.id, Membership.user_id, User.full_name, Membership.end_date)
        .join(Membership.user)
        .where(
            status_clause(MembershipStatus.ACTIVE, now),
            Membership.end_date <= sa.bindparam("until", type_=UTCDateTime()),
        )
        .order_by(Membership.end_date, Membership.id)
    )
