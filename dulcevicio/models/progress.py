"""Per-lesson progress of a student: resume position and completion."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.access import Enrollment
from dulcevicio.models.base import Base, TimestampMixin
from dulcevicio.models.course import Course, Lesson
from dulcevicio.models.user import User


class LessonProgress(TimestampMixin, Base):
    __tablename__ = "lesson_progress"
    # One row per (user, lesson): writes are upserts on this key. It also indexes user_id.
    __table_args__ = (
        sa.UniqueConstraint("user_id", "lesson_id"),
        sa.Index("ix_lesson_progress_user_id_course_id", "user_id", "course_id"),
        # The overview's "lessons completed in the last 7 days".
        sa.Index("ix_lesson_progress_completed_at", "completed_at"),
        sa.CheckConstraint("last_watched_position >= 0", name="position_not_negative"),
    )

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    lesson_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    enrollment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrollments.id", ondelete="SET NULL"), index=True
    )
    completed: Mapped[bool] = mapped_column(default=False)
    completed_at: Mapped[datetime | None]
    last_watched_position: Mapped[int] = mapped_column(default=0)  # seconds

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()
    lesson: Mapped[Lesson] = relationship()
    enrollment: Mapped[Enrollment | None] = relationship()

    def __repr__(self) -> str:
        return f"<LessonProgress user={self.user_id} lesson={self.lesson_id}>"
