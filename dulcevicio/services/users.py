"""Accounts as the admin dashboards list them: search, filters, access, grants, progress."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Enrollment,
    Membership,
    Role,
    User,
)
from dulcevicio.services import access
from dulcevicio.services.search.contains import contains_text


def search_clause(text: str | None) -> sa.ColumnElement[bool] | None:
    """Users whose name, e-mail or username contains `text` (case and accents ignored)."""
    return contains_text((User.full_name, User.email, User.username), text)


def list_query(
    *,
    search: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
    has_access: bool | None = None,
    now: datetime | None = None,
) -> sa.Select:
    """Users for the admin list, newest first, filtered as asked (None: no filter)."""
    query = sa.select(User).order_by(User.created_at.desc(), User.id.desc())
    clause = search_clause(search)
    if clause is not None:
        query = query.where(clause)
    if role is not None:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.is_active.is_(active))
    if has_access is not None:
        with_access = access.user_has_access(now)
        query = query.where(with_access if has_access else sa.not_(with_access))
    return query


def ids_with_access(user_ids: list[int], now: datetime | None = None) -> set[int]:
    """Which of `user_ids` can access some content now (one query for a page of users)."""
    query = sa.select(User.id).where(User.id.in_(user_ids), access.user_has_access(now))
    return set(db.session.scalars(query))


def enrollments_of(user: User) -> list[Enrollment]:
    query = (
        sa.select(Enrollment)
        .where(Enrollment.user_id == user.id)
        .options(joinedload(Enrollment.course))
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    )
    return list(db.session.scalars(query))


def memberships_of(user: User) -> list[Membership]:
    query = (
        sa.select(Membership)
        .where(Membership.user_id == user.id)
        .order_by(Membership.end_date.desc(), Membership.id.desc())
    )
    return list(db.session.scalars(query))
