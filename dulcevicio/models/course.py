"""Courses and their content: lessons and recipes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from dulcevicio.models.base import Base, DifficultyLevel, TimestampMixin, enum_column
from dulcevicio.models.recipe_structure import RecipeStructure, RecipeStructureType
from dulcevicio.models.user import User


class Course(TimestampMixin, Base):
    __tablename__ = "courses"
    __table_args__ = (
        sa.Index("ix_courses_is_active_position", "is_active", "position"),
        sa.CheckConstraint(
            "estimated_duration_minutes IS NULL OR estimated_duration_minutes >= 0",
            name="duration_not_negative",
        ),
    )

    title: Mapped[str] = mapped_column(sa.String(160))
    slug: Mapped[str] = mapped_column(sa.String(180), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    thumbnail_url: Mapped[str | None] = mapped_column(sa.String(500))
    thumbnail_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    difficulty_level: Mapped[DifficultyLevel] = mapped_column(
        enum_column(DifficultyLevel, "difficulty_level"), default=DifficultyLevel.BEGINNER
    )
    estimated_duration_minutes: Mapped[int | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    whatsapp_group_url: Mapped[str | None] = mapped_column(sa.String(300))
    recipe_pdf_url: Mapped[str | None] = mapped_column(sa.String(500))
    recipe_pdf_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    recipe_pdf_generated_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The certificate of completion: on or off, its hours (None: the estimated duration),
    # who signs it (empty: the business settings' signatory) and her signature image.
    certificate_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    certificate_hours: Mapped[int | None]
    signatory_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    signatory_title: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    signature_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    # What the course page shows to sell it; every field optional. Points: one per line.
    learning_points: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    instructor_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    instructor_bio: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    instructor_photo_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    # Display only: payments are arranged outside the app. Currency None: the settings' one.
    price_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    price_currency: Mapped[str | None] = mapped_column(sa.String(3))
    # Set when a change to the recipes needs a new book and the rebuild was deferred (a
    # batch of uploads); cleared by the rebuild. The next download rebuilds it if still set.
    recipe_book_outdated_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course",
        order_by="Lesson.position, Lesson.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    recipes: Mapped[list[Recipe]] = relationship(
        back_populates="course",
        order_by="Recipe.position, Recipe.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    testimonials: Mapped[list[Testimonial]] = relationship(
        back_populates="course",
        order_by="Testimonial.position, Testimonial.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Course {self.id} {self.slug}>"


class Lesson(TimestampMixin, Base):
    __tablename__ = "lessons"
    __table_args__ = (
        sa.Index("ix_lessons_course_id_position", "course_id", "position"),
        sa.CheckConstraint(
            "video_duration_seconds IS NULL OR video_duration_seconds >= 0",
            name="video_duration_not_negative",
        ),
    )

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    video_url: Mapped[str | None] = mapped_column(sa.String(500))
    video_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    video_duration_seconds: Mapped[int | None]
    is_preview: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    # A frame of a local video, taken at upload (Cloudinary derives its own poster).
    poster_public_id: Mapped[str | None] = mapped_column(sa.String(255))

    course: Mapped[Course] = relationship(back_populates="lessons")

    def __repr__(self) -> str:
        return f"<Lesson {self.id} course={self.course_id}>"


class Recipe(TimestampMixin, Base):
    __tablename__ = "recipes"
    __table_args__ = (sa.Index("ix_recipes_course_id_position", "course_id", "position"),)

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    image_url: Mapped[str | None] = mapped_column(sa.String(500))
    image_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    image_width: Mapped[int | None]
    image_height: Mapped[int | None]
    # Ingredients and steps; also the future source for search and an AI assistant.
    recipe_text: Mapped[str] = mapped_column(sa.Text, default="")
    # Yield, mould, ingredients and steps, when the admin has structured the recipe.
    structure: Mapped[RecipeStructure | None] = mapped_column(RecipeStructureType)
    is_active: Mapped[bool] = mapped_column(default=True)
    # A sample: its photo and title are public on the course page, like a preview lesson.
    is_sample: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # How many visible bakes name it: loaded with the recipe page's course
    # (`loaders.course_for_recipe_page`), None wherever else a recipe is loaded.
    bake_count: Mapped[int | None] = query_expression()

    course: Mapped[Course] = relationship(back_populates="recipes")

    def __repr__(self) -> str:
        return f"<Recipe {self.id} course={self.course_id}>"


class Testimonial(TimestampMixin, Base):
    """What a student said about a course, as the admin entered it for the course page."""

    __tablename__ = "testimonials"
    __table_args__ = (sa.Index("ix_testimonials_course_id_position", "course_id", "position"),)

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(sa.String(120))
    author_detail: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    text: Mapped[str] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship(back_populates="testimonials")

    def __repr__(self) -> str:
        return f"<Testimonial {self.id} course={self.course_id}>"
