"""User accounts: students and admins."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash

from dulcevicio.models.base import Base, Role, TimestampMixin, enum_column

if TYPE_CHECKING:
    from dulcevicio.models.access import Enrollment, Membership


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"
    # The admin list: newest accounts first.
    __table_args__ = (sa.Index("ix_users_created_at_id", "created_at", "id"),)

    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    username: Mapped[str | None] = mapped_column(sa.String(30), unique=True)
    # NULL until the user sets a password from an invitation link.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    full_name: Mapped[str] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(16))  # E.164, for WhatsApp
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"), default=Role.USER)
    is_active: Mapped[bool] = mapped_column(default=True)
    avatar_url: Mapped[str | None] = mapped_column(sa.String(500))
    avatar_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    last_login_at: Mapped[datetime | None]
    # Rotated whenever every session ends (password change, deactivation), together with
    # the account's device sessions.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    # Matches the nonce inside the one valid set-password link; NULL when there is none.
    password_link_nonce: Mapped[str | None] = mapped_column(sa.String(32))
    failed_login_count: Mapped[int] = mapped_column(default=0)
    failed_login_window_start: Mapped[datetime | None]
    # How many devices may be signed in at once; NULL follows the business setting.
    device_limit: Mapped[int | None]

    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="user", foreign_keys="Enrollment.user_id", passive_deletes=True
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id", passive_deletes=True
    )

    @validates("email", "username")
    def _lowercase(self, key: str, value: str | None) -> str | None:
        return value.strip().lower() if value else None

    # Set by the user loader for an admin who has not passed the second step in this
    # session (services/two_step.py): until then she is no admin.
    second_step_pending = False

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN and not self.second_step_pending

    @hybrid_property
    def display_name(self) -> str:
        return self.full_name or self.username or self.email

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls) -> sa.ColumnElement[str]:
        # The same rule in SQL, for the lists that select plain columns.
        return sa.func.coalesce(
            sa.func.nullif(cls.full_name, ""), sa.func.nullif(cls.username, ""), cls.email
        )

    # The DeviceSession this request is signed in on (set by the session loader and at
    # sign-in); a plain attribute, not a column.
    current_device = None

    def get_id(self) -> str:
        """Sessions and remember-me cookies name the device, not the user: ending the device
        signs that browser out, and only it."""
        if self.current_device is None:
            raise RuntimeError("no device session: sign in through services.devices.start")
        return self.current_device.token

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
