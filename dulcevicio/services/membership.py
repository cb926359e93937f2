"""All-course memberships: grant, (de)activate, delete.

Status, extension and the admin lists are every grant's (services/grants.py)."""

from __future__ import annotations

from datetime import datetime

from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Membership, MembershipType, User
from dulcevicio.services import audit


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
    period = f"del {long_date(start_date)} al {long_date(end_date)}"
    audit.record(
        "membership.create",
        target=membership,
        student=user,
        summary=f"Membresía: {audit.change(audit.NO_ACCESS, period)}",
    )
    return membership


def set_membership_active(membership: Membership, active: bool) -> None:
    before = audit.grant_words(membership)
    changed = membership.is_active != active
    membership.is_active = active
    db.session.flush()
    if changed:
        audit.record(
            "membership.reactivate" if active else "membership.deactivate",
            target=membership,
            student=membership.user_id,
            summary=f"Membresía: {audit.change(before, audit.grant_words(membership))}",
        )


def delete_membership(membership: Membership) -> None:
    period = f"del {long_date(membership.start_date)} al {long_date(membership.end_date)}"
    audit.record(
        "membership.delete",
        target=membership,
        student=membership.user_id,
        summary=f"Membresía {period}: {audit.change(audit.grant_words(membership), 'eliminada')}",
    )
    db.session.delete(membership)
    db.session.flush()
