"""What the landing page and the catalog show: active courses and their lesson outline."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson
from dulcevicio.statements import prepared


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


@prepared
def _version_query() -> sa.CompoundSelect:
    return sa.union_all(
        *(
            sa.select(sa.func.count(model.id), sa.func.max(model.id), sa.func.max(model.updated_at))
            for model in (Course, Lesson)
        )
    )


def catalog_version() -> tuple:
    """A value that changes whenever what the catalog shows may have changed: the number,
    highest id and latest update of courses and of lessons (one query on small tables).

    Changes go through the ORM, which stamps `updated_at`: an edit, a move, an
    (de)activation, an addition or a deletion each changes the value.
    """
    return tuple(tuple(row) for row in db.session.execute(_version_query()))
