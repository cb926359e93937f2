"""Students' bakes ("¡Lo hice!"), their comments and the instructor's feedback, reactions
on bakes and forum comments, and in-app notifications."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.base import Base, TimestampMixin, enum_column, utcnow
from dulcevicio.models.course import Course, Recipe
from dulcevicio.models.forum import Comment
from dulcevicio.models.user import User

MAX_BAKE_PHOTOS = 3


class Bake(TimestampMixin, Base):
    """A student's "¡Lo hice!": what came out of her oven, in 1–3 photos (private to the
    course, like recipe photos), a short text and an optional question for the instructor.
    """

    __tablename__ = "bakes"
    __table_args__ = (
        sa.Index("ix_bakes_course_id_created_at", "course_id", "created_at"),
        # The admin's queue: visible bakes still waiting for the instructor, oldest first.
        sa.Index("ix_bakes_feedback_at_created_at", "feedback_at", "created_at"),
    )

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    recipe_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("recipes.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    question: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # She agrees that the admin may show it on the public course page (revocable).
    testimonial_consent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Shown on the course page; only ever true with her consent.
    is_featured: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_active: Mapped[bool] = mapped_column(default=True)  # False: hidden by moderation
    # When the instructor first answered it (None: waiting in the admin's queue).
    feedback_at: Mapped[datetime | None]

    course: Mapped[Course] = relationship()
    recipe: Mapped[Recipe | None] = relationship()
    user: Mapped[User] = relationship()
    photos: Mapped[list[BakePhoto]] = relationship(
        back_populates="bake",
        order_by="BakePhoto.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    comments: Mapped[list[BakeComment]] = relationship(
        back_populates="bake",
        order_by="BakeComment.created_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Bake {self.id} course={self.course_id}>"


class BakePhoto(Base):
    """One of a bake's photos (normalised like recipe photos, metadata stripped)."""

    __tablename__ = "bake_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    bake_id: Mapped[int] = mapped_column(sa.ForeignKey("bakes.id", ondelete="CASCADE"), index=True)
    public_id: Mapped[str] = mapped_column(sa.String(255))
    position: Mapped[int] = mapped_column(default=0)

    bake: Mapped[Bake] = relationship(back_populates="photos")


class BakeComment(TimestampMixin, Base):
    """A comment on a bake: another student's, or the instructor's feedback (team badge)."""

    __tablename__ = "bake_comments"
    __table_args__ = (sa.Index("ix_bake_comments_bake_id_created_at", "bake_id", "created_at"),)

    bake_id: Mapped[int] = mapped_column(sa.ForeignKey("bakes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    content: Mapped[str] = mapped_column(sa.Text)
    is_admin_response: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)  # False: hidden by moderation

    bake: Mapped[Bake] = relationship(back_populates="comments")
    user: Mapped[User] = relationship()


class ReactionKind(enum.Enum):
    APLAUSOS = "aplausos"  # 👏
    ANTOJO = "antojo"  # 😋
    ENCANTA = "encanta"  # ❤️


class Reaction(Base):
    """One person's reaction of one kind to a forum comment or a bake (one of each kind)."""

    __tablename__ = "reactions"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "comment_id", "kind"),
        sa.UniqueConstraint("user_id", "bake_id", "kind"),
        sa.CheckConstraint("(comment_id IS NULL) <> (bake_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    bake_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bakes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReactionKind] = mapped_column(enum_column(ReactionKind, "reaction_kind"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    comment: Mapped[Comment | None] = relationship()
    bake: Mapped[Bake | None] = relationship()


class NotificationKind(enum.Enum):
    REPLY = "reply"  # someone replied to my comment or commented on my bake
    FEEDBACK = "feedback"  # the instructor answered my bake or my question
    CERTIFICATE = "certificate"  # my certificate was issued
    NEW_CONTENT = "new_content"  # a lesson or recipe was added to a course of mine
    ACCESS_ENDING = "access_ending"  # my access ends within 7 days


class Notification(Base):
    """Something that happened for one person, linking to its place. Created in the
    transaction of what caused it; `dedupe_key` (per user) keeps a scheduled one single."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's unread count and the page, newest first.
        sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        sa.Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        sa.UniqueConstraint("user_id", "dedupe_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, "notification_kind")
    )
    course_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # What it is about, to link to: "comment", "bake", "certificate", "lesson", "recipe",
    # "enrollment" or "membership", and its id.
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int | None]
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    course: Mapped[Course | None] = relationship()


class NotificationMute(Base):
    """A kind of notification a person turned off on her account page."""

    __tablename__ = "notification_mutes"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, "notification_kind"), primary_key=True
    )
