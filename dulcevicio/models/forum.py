"""Per-course forum comments, threaded through `parent`."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.base import Base, TimestampMixin
from dulcevicio.models.course import Course
from dulcevicio.models.user import User


class Comment(TimestampMixin, Base):
    __tablename__ = "comments"
    __table_args__ = (
        sa.Index("ix_comments_course_id_created_at", "course_id", "created_at"),
        # The moderation list and the overview: newest first across every course.
        sa.Index("ix_comments_created_at_id", "created_at", "id"),
    )

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    content: Mapped[str] = mapped_column(sa.Text)
    is_admin_response: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)  # False: hidden by moderation
    is_deleted: Mapped[bool] = mapped_column(default=False)  # deleted by its author

    course: Mapped[Course] = relationship()
    user: Mapped[User] = relationship()
    parent: Mapped[Comment | None] = relationship(
        back_populates="replies", remote_side="Comment.id"
    )
    replies: Mapped[list[Comment]] = relationship(
        back_populates="parent", order_by="Comment.created_at", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Comment {self.id} course={self.course_id}>"
