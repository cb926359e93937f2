"""What the landing page, the catalog and the course page show: active courses, their lesson
outline, and what sells a course (learning points, instructor, price, samples)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, Testimonial
from dulcevicio.services import access, payments, settings
from dulcevicio.services.media.posters import poster_url
from dulcevicio.services.storage import MediaKind, file_url


class CatalogEntry(NamedTuple):
    course: Course
    lessons: list[sa.Row]  # the active lessons, in order: rows of (id, title, is_preview)


def catalog_entries() -> list[CatalogEntry]:
    """Active courses in admin order with their active lessons: two queries in all.

    Lessons come as plain rows, not ORM objects: a card shows 15 titles, and building
    300 objects cost more than the rest of the page.
    """
    courses = db.session.scalars(
        sa.select(Course).where(Course.is_active).order_by(Course.position, Course.id)
    ).all()
    outline: dict[int, list[sa.Row]] = {course.id: [] for course in courses}
    rows = db.session.execute(
        sa.select(Lesson.course_id, Lesson.id, Lesson.title, Lesson.is_preview)
        .join(Course, Course.id == Lesson.course_id)
        .where(Course.is_active, Lesson.is_active)
        .order_by(Lesson.course_id, Lesson.position, Lesson.id)
    )
    for row in rows:
        outline.setdefault(row.course_id, []).append(row)
    return [CatalogEntry(course, outline[course.id]) for course in courses]


def courses_with_lessons(ids: set[int]) -> list[Course]:
    """Those courses with their lessons, in admin order (two queries; none for no ids)."""
    if not ids:
        return []
    query = (
        sa.select(Course)
        .where(Course.id.in_(ids))
        .order_by(Course.position, Course.id)
        .options(selectinload(Course.lessons))
    )
    return list(db.session.scalars(query))


# --- The course page that sells -----------------------------------------------------------

MAX_LEARNING_POINTS = 12
LEARNING_POINT_MAX_LENGTH = 160
INSTRUCTOR_NAME_MAX_LENGTH = 120
INSTRUCTOR_BIO_MAX_LENGTH = 600
MAX_SAMPLE_RECIPES = access.MAX_SAMPLES
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})+(?:([.,])\d{1,2})?$")


class PriceRejected(ValueError):
    """The price cannot be read; the message is for the admin (Spanish)."""


@dataclass(frozen=True)
class Instructor:
    """Who teaches a course, as its page shows her."""

    name: str
    bio: str
    photo_public_id: str | None


def parse_learning_points(text: str | None) -> list[str]:
    """One point per line, spaces collapsed, blank lines left out."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def learning_points_problem(points: list[str]) -> str | None:
    """Why these points cannot be saved (Spanish), or None when they can."""
    if len(points) > MAX_LEARNING_POINTS:
        return f"Escribe como máximo {MAX_LEARNING_POINTS} puntos (hay {len(points)})."
    for number, point in enumerate(points, start=1):
        if len(point) > LEARNING_POINT_MAX_LENGTH:
            return (
                f"El punto {number} tiene {len(point)} caracteres: cada punto puede tener "
                f"como máximo {LEARNING_POINT_MAX_LENGTH}."
            )
    return None


def parse_price(text: str | None) -> Decimal:
    """ "25000", "25000.5", "25.000,50" or "25,000.50" as a Decimal; raises PriceRejected.

    Thousands separators are dropped first (a separator followed by exactly three digits,
    the decimals after the other one); the rest is the payments' amount rule."""
    compact = re.sub(r"[\s$\u00a0]", "", text or "")
    grouped = _GROUPED.match(compact)
    if grouped and grouped.group(1) != grouped.group(2):
        thousands = grouped.group(1)
        compact = compact.replace(thousands, "")
    try:
        return payments.parse_amount(compact)
    except payments.PaymentRejected as error:
        words = str(error)
        if "solo con números" in words:
            words = "Escribe el precio con números, por ejemplo 25000, 25000,50 o 25.000,50."
        raise PriceRejected(words.replace("monto", "precio")) from error


def price_label(course: Course) -> str | None:
    """ "Precio: 25.000,00 ARS" (the payments' money format; the settings' currency when
    the course names none), or None when the course shows no price."""
    if course.price_amount is None:
        return None
    currency = course.price_currency or settings.current().currency
    return f"Precio: {settings.money(course.price_amount, currency)}"


def instructor_for(course: Course) -> Instructor | None:
    """The course's instructor, else the business's default one; None when neither has a
    name (a photo or a bio alone shows nothing)."""
    if course.instructor_name:
        return Instructor(
            course.instructor_name, course.instructor_bio, course.instructor_photo_public_id
        )
    default = settings.current()
    if default.instructor_name:
        return Instructor(
            default.instructor_name, default.instructor_bio, default.instructor_photo_public_id
        )
    return None


def preview_lesson(lessons: list[Lesson]) -> Lesson | None:
    """The lesson the course page plays: the first active preview that has a video."""
    return next(
        (
            lesson
            for lesson in lessons
            if lesson.is_preview and lesson.is_active and lesson.video_public_id
        ),
        None,
    )


@dataclass(frozen=True)
class CoursePitch:
    """What the course page shows to sell the course; every part may be empty."""

    preview: Lesson | None  # played at the top, for everyone
    preview_video_url: str | None
    preview_poster_url: str | None
    learning_points: list[str]
    price: str | None
    instructor: Instructor | None
    instructor_photo_url: str | None
    testimonials: list[Testimonial]


def course_pitch(course: Course) -> CoursePitch:
    """The course page's selling parts, from the course as `course_page` loaded it (no
    query but the business settings', read once per request)."""
    preview = preview_lesson(course.lessons)
    instructor = instructor_for(course)
    return CoursePitch(
        preview=preview,
        preview_video_url=preview and file_url(MediaKind.VIDEO, preview.video_public_id),
        preview_poster_url=preview and poster_url(preview, course),
        learning_points=parse_learning_points(course.learning_points),
        price=price_label(course),
        instructor=instructor,
        instructor_photo_url=instructor
        and file_url(MediaKind.INSTRUCTOR_PHOTO, instructor.photo_public_id),
        testimonials=list(course.testimonials),
    )


def sample_count(course_id: int, exclude_id: int | None = None) -> int:
    """How many of the course's recipes are samples (leaving out `exclude_id`)."""
    query = sa.select(sa.func.count(Recipe.id)).where(
        Recipe.course_id == course_id, Recipe.is_sample
    )
    if exclude_id is not None:
        query = query.where(Recipe.id != exclude_id)
    return db.session.scalar(query) or 0
