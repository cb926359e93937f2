"""Courses as admins manage them: slugs, create/edit, order, activation and deletion."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, Lesson, User, utcnow
from dulcevicio.services import audit, ordering
from dulcevicio.services.access import enrollment_in_force
from dulcevicio.services.media import uploads
from dulcevicio.services.recipe_book import BookNotice, refresh_recipe_book

SLUG_MAX_LENGTH = 180


class CourseHasStudents(Exception):
    """Deleting the course would end the access of students enrolled right now."""

    def __init__(self, count: int):
        super().__init__(f"{count} enrolled students")
        self.count = count


def slugify(text: str) -> str:
    """'Pâte à choux: ¡fácil!' -> 'pate-a-choux-facil' (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX_LENGTH].rstrip("-") or "curso"


def slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    query = sa.select(Course.id).where(Course.slug == slug)
    if exclude_id is not None:
        query = query.where(Course.id != exclude_id)
    return db.session.scalar(query) is not None


def unique_slug(title: str, exclude_id: int | None = None) -> str:
    """A free slug from `title`: 'pan', else 'pan-2', 'pan-3', ... (one query)."""
    base = slugify(title)[: SLUG_MAX_LENGTH - 6].rstrip("-")
    query = sa.select(Course.slug).where(sa.or_(Course.slug == base, Course.slug.like(base + "-%")))
    if exclude_id is not None:
        query = query.where(Course.id != exclude_id)
    taken = set(db.session.scalars(query))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def create_course(
    *,
    created_by: User | None,
    cover: BinaryIO | None = None,
    signature: BinaryIO | None = None,
    instructor_photo: BinaryIO | None = None,
    **fields: Any,
) -> Course:
    """Add a course at the end of the admin order; an empty slug is made from the title.

    A refused `cover`, `signature` or `instructor_photo` image raises ImageRejected or
    StorageError (the caller rolls back)."""
    fields["slug"] = fields.get("slug") or unique_slug(fields["title"])
    course = Course(**fields, created_by=created_by, position=ordering.next_position(Course))
    db.session.add(course)
    db.session.flush()
    if cover is not None:
        uploads.replace_course_thumbnail(course, cover)
    if signature is not None:
        uploads.replace_course_signature(course, signature)
    if instructor_photo is not None:
        uploads.replace_instructor_photo(course, instructor_photo)
    return course


def update_course(
    course: Course,
    *,
    cover: BinaryIO | None = None,
    signature: BinaryIO | None = None,
    remove_signature: bool = False,
    instructor_photo: BinaryIO | None = None,
    remove_instructor_photo: bool = False,
    **fields: Any,
) -> BookNotice | None:
    """Edit the course. Its recipe book shows the title and the cover, so a new title or
    cover refreshes the book; the notice says how that went. A refused `cover`,
    `signature` or `instructor_photo` raises ImageRejected or StorageError before anything
    changes. The old files go once the change commits."""
    if cover is not None:
        uploads.replace_course_thumbnail(course, cover)
    if signature is not None:
        uploads.replace_course_signature(course, signature)
    elif remove_signature:
        uploads.remove_course_signature(course)
    if instructor_photo is not None:
        uploads.replace_instructor_photo(course, instructor_photo)
    elif remove_instructor_photo:
        uploads.remove_instructor_photo(course)
    if not fields.get("slug"):
        fields["slug"] = unique_slug(fields.get("title", course.title), exclude_id=course.id)
    renamed = fields.get("title", course.title) != course.title
    was_active = course.is_active
    for name, value in fields.items():
        setattr(course, name, value)
    db.session.flush()
    audit.record_activation(course, was_active)
    return refresh_recipe_book(course) if renamed or cover is not None else None


def set_course_active(course: Course, active: bool) -> None:
    was_active = course.is_active
    course.is_active = active
    db.session.flush()
    audit.record_activation(course, was_active)


def move_course(course: Course, step: int) -> bool:
    return ordering.move(course, ordering.siblings(Course), step)


def enrolled_student_count(course: Course) -> int:
    """Students whose enrollment in the course is in force right now."""
    query = sa.select(sa.func.count(Enrollment.id)).where(
        Enrollment.course_id == course.id, enrollment_in_force(utcnow())
    )
    return db.session.scalar(query) or 0


def delete_course(course: Course, *, confirm_students: bool = False) -> None:
    """Delete the course; the database cascades its lessons, recipes, enrollments,
    progress and comments. Refused while students are enrolled, unless confirmed."""
    enrolled = enrolled_student_count(course)
    if enrolled and not confirm_students:
        raise CourseHasStudents(enrolled)
    uploads.forget_course_files(course)  # deleted once the deletion commits
    contents = f"{len(course.lessons)} lecciones, {len(course.recipes)} recetas"
    audit.record_deletion(course, f"{contents}, {enrolled} alumnos con acceso")
    db.session.delete(course)
    db.session.flush()
    ordering.renumber(ordering.siblings(Course))
    db.session.flush()


def list_counts(course_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{course id: (lessons, students enrolled now)} for a page of courses, in one query."""
    lessons = (
        sa.select(sa.func.count(Lesson.id)).where(Lesson.course_id == Course.id).scalar_subquery()
    )
    students = (
        sa.select(sa.func.count(Enrollment.id))
        .where(Enrollment.course_id == Course.id, enrollment_in_force(utcnow()))
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Course.id, lessons, students).where(Course.id.in_(course_ids))
    )
    return {
        course_id: (lesson_count, student_count) for course_id, lesson_count, student_count in rows
    }


def students_query(course: Course) -> sa.Select:
    """The course's enrollments (any status) with their students, by name."""
    return (
        sa.select(Enrollment)
        .join(Enrollment.user)
        .where(Enrollment.course_id == course.id)
        .options(contains_eager(Enrollment.user))
        .order_by(User.full_name, User.id)
    )
