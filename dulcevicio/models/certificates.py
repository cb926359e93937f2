"""Certificates of completion: issued when a student completes a course's every active
lesson, checked by anyone at /verificar/<code>."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.base import Base, utcnow

if TYPE_CHECKING:
    from dulcevicio.models.course import Course
    from dulcevicio.models.user import User


class Certificate(Base):
    """One per student and course, kept once earned (losing access or new lessons do not
    take it away). Her name, the course's title and the hours are kept on the row, so it
    reads the same after the course is renamed or deleted; the signatory is the course's
    (or the business's) at the time the PDF is drawn. `revision` grows with every change
    of what the row prints (part of the cached PDF's key)."""

    __tablename__ = "certificates"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "course_id"),
        sa.Index("ix_certificates_issued_at_id", "issued_at", "id"),
        sa.CheckConstraint("hours >= 0", name="hours_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(14), unique=True)  # "K7QM-4XD2-9PZC"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    course_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="SET NULL"), index=True
    )
    course_title: Mapped[str] = mapped_column(sa.String(160))
    printed_name: Mapped[str] = mapped_column(sa.String(120))
    name_confirmed_at: Mapped[datetime | None]  # None until she confirms it the first time
    hours: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)  # the day she completed it
    revision: Mapped[int] = mapped_column(default=1)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(sa.String(300), default="")

    user: Mapped[User] = relationship()
    course: Mapped[Course | None] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<Certificate {self.code} user={self.user_id} course={self.course_id}>"
