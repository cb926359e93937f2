"""Downloads of a course's recipe book, each stamped with its own code (to trace a leak)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.base import Base, utcnow
from dulcevicio.models.course import Course
from dulcevicio.models.user import User


class BookDownload(Base):
    """One stamped copy: who got it, of which course, when, from which (hashed) address.
    The name and e-mail printed on it are kept as printed, so a copy stays traceable after
    her account changes or is deleted."""

    __tablename__ = "book_downloads"
    __table_args__ = (
        sa.Index("ix_book_downloads_user_id_downloaded_at", "user_id", "downloaded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(9), unique=True)  # "7KQ2-M9XD"
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    printed_name: Mapped[str] = mapped_column(sa.String(200))
    printed_email: Mapped[str] = mapped_column(sa.String(254))  # masked, as printed
    downloaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    ip_hash: Mapped[str | None] = mapped_column(sa.String(64))

    user: Mapped[User | None] = relationship()
    course: Mapped[Course] = relationship()

    def __repr__(self) -> str:
        return f"<BookDownload {self.code} user={self.user_id} course={self.course_id}>"
