"""Accounts as admins manage them: the list's filters, edits and their rules, progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Membership,
    Role,
    User,
)
from dulcevicio.services import access, accounts


class AccountRuleError(ValueError):
    """An account change the rules refuse; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def search_clause(text: str | None) -> sa.ColumnElement[bool] | None:
    """Users whose name, e-mail or username contains `text` (case-insensitive)."""
    text = (text or "").strip()
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return sa.or_(
        *(
            column.ilike(pattern, escape="\\")
            for column in (User.full_name, User.email, User.username)
        )
    )


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


def email_taken(email: str, exclude_id: int | None = None) -> bool:
    query = sa.select(User.id).where(User.email == email.strip().lower())
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    return db.session.scalar(query) is not None


def username_taken(username: str, exclude_id: int | None = None) -> bool:
    query = sa.select(User.id).where(User.username == username.strip().lower())
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    return db.session.scalar(query) is not None


def _check_role_change(role: Role, acting: User, user: User | None = None) -> None:
    if role is Role.ADMIN and not access.is_admin(acting):
        raise AccountRuleError("Solo un administrador puede crear administradores.", "role")
    if user is not None and user.id == acting.id and role is not Role.ADMIN:
        raise AccountRuleError("No puedes quitarte el rol de administrador.", "role")


def create_account(
    *,
    acting: User,
    email: str,
    full_name: str,
    username: str | None = None,
    role: Role = Role.USER,
    password: str | None = None,
) -> User:
    """Create an account for someone; without a password it waits for an invitation link."""
    _check_role_change(role, acting)
    return accounts.create_user(
        email=email, full_name=full_name, role=role, username=username, password=password
    )


def update_account(
    user: User, *, acting: User, email: str, full_name: str, username: str | None, role: Role
) -> None:
    """Edit an account; nobody can take the admin role away from themselves."""
    if role is not user.role:
        _check_role_change(role, acting, user)
    user.email, user.full_name, user.username, user.role = email, full_name.strip(), username, role
    db.session.flush()


def set_account_active(user: User, active: bool, *, acting: User) -> None:
    """(De)activate an account; deactivating ends every session it has."""
    if user.id == acting.id and not active:
        raise AccountRuleError("No puedes desactivar tu propia cuenta.")
    accounts.set_active(user, active)
    db.session.flush()


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    completed: int  # active lessons completed
    total: int  # active lessons
    last_activity: datetime | None


def course_progress(user: User) -> list[CourseProgress]:
    """Progress in every course the user is enrolled in or has progress in (one query)."""
    course_ids = sa.union(
        sa.select(Enrollment.course_id).where(Enrollment.user_id == user.id),
        sa.select(LessonProgress.course_id).where(LessonProgress.user_id == user.id),
    )
    mine = sa.and_(LessonProgress.user_id == user.id, LessonProgress.course_id == Course.id)
    total = sa.select(sa.func.count(Lesson.id)).where(
        Lesson.course_id == Course.id, Lesson.is_active
    )
    completed = (
        sa.select(sa.func.count(LessonProgress.id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(mine, LessonProgress.completed, Lesson.is_active)
    )
    last_activity = sa.select(sa.func.max(LessonProgress.updated_at)).where(mine)
    query = (
        sa.select(
            Course,
            completed.scalar_subquery(),
            total.scalar_subquery(),
            last_activity.scalar_subquery(),
        )
        .where(Course.id.in_(course_ids))
        .order_by(Course.position, Course.id)
    )
    return [CourseProgress(*row) for row in db.session.execute(query)]


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
