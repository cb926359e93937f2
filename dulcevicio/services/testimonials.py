"""Testimonials on a course page, as admins enter them: add, edit, delete, reorder."""

from __future__ import annotations

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Testimonial
from dulcevicio.services import ordering

MAX_PER_COURSE = 20
AUTHOR_MAX_LENGTH = 120
DETAIL_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 600


class TooManyTestimonials(Exception):
    """The course already has MAX_PER_COURSE testimonials."""

    message = (
        f"Un curso puede tener como máximo {MAX_PER_COURSE} testimonios. "
        "Elimina alguno para agregar otro."
    )


def _course_testimonials(course_id: int) -> list[Testimonial]:
    return ordering.siblings(Testimonial, Testimonial.course_id == course_id)


def count(course: Course) -> int:
    query = sa.select(sa.func.count(Testimonial.id)).where(Testimonial.course_id == course.id)
    return db.session.scalar(query) or 0


def add_testimonial(course: Course, *, author_name: str, author_detail: str, text: str):
    """Add a testimonial at the end of the course's; raises TooManyTestimonials."""
    if count(course) >= MAX_PER_COURSE:
        raise TooManyTestimonials()
    testimonial = Testimonial(
        course_id=course.id,
        author_name=author_name,
        author_detail=author_detail,
        text=text,
        position=ordering.next_position(Testimonial, Testimonial.course_id == course.id),
    )
    db.session.add(testimonial)
    db.session.flush()
    return testimonial


def update_testimonial(testimonial: Testimonial, **fields: str) -> None:
    for name, value in fields.items():
        setattr(testimonial, name, value)
    db.session.flush()


def delete_testimonial(testimonial: Testimonial) -> None:
    """Delete it and close the gap in the order."""
    course_id = testimonial.course_id
    db.session.delete(testimonial)
    db.session.flush()
    ordering.renumber(_course_testimonials(course_id))
    db.session.flush()


def move_testimonial(testimonial: Testimonial, step: int) -> bool:
    return ordering.move(testimonial, _course_testimonials(testimonial.course_id), step)
