"""What the landing page and the catalog show: active courses and their lesson outline."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson


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
