"""What grants a student access: per-course enrollments and all-course memberships."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.base import Base, MembershipType, TimestampMixin, enum_column, utcnow
from dulcevicio.models.course import Course
from dulcevicio.models.user import User


class Enrollment(TimestampMixin, Base):
    __tablename__ = "enrollments"
    # The unique (user, course) pair also serves as the index on user_id.
    __table_args__ = (
        sa.UniqueConstraint("user_id", "course_id"),
        # The admin list (newest first) and the overview's "ending within 7 days".
        sa.Index("ix_enrollments_enrolled_at_id", "enrolled_at", "id"),
        sa.Index("ix_enrollments_expires_at", "expires_at"),
    )

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]  # NULL: never expires
    is_active: Mapped[bool] = mapped_column(default=True)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User] = relationship(back_populates="enrollments", foreign_keys=[user_id])
    course: Mapped[Course] = relationship()
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])

    def __repr__(self) -> str:
        return f"<Enrollment user={self.user_id} course={self.course_id}>"


class Membership(TimestampMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (
        sa.Index("ix_memberships_user_id_end_date", "user_id", "end_date"),
        sa.CheckConstraint("end_date > start_date", name="end_after_start"),
    )

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    membership_type: Mapped[MembershipType] = mapped_column(
        enum_column(MembershipType, "membership_type"), default=MembershipType.FULL_ACCESS
    )
    start_date: Mapped[datetime]
    end_date: Mapped[datetime]
    is_active: Mapped[bool] = mapped_column(default=True)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])

    def __repr__(self) -> str:
        return f"<Membership user={self.user_id} {self.start_date}..{self.end_date}>"
