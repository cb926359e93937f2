"""All-course memberships: grant, (de)activate, delete.

Status, extension and the admin lists are every grant's (services/grants.py)."""

from __future__ import annotations

from datetime import datetime

from dulcevicio.extensions import db
from dulcevicio.models import Membership, MembershipType, User


class InvalidPeriod(ValueError):
    """The membership's end is not after its start."""


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


def set_membership_active(membership: Membership, active: bool) -> None:
    membership.is_active = active
    db.session.flush()


def delete_membership(membership: Membership) -> None:
    db.session.delete(membership)
    db.session.flush()
