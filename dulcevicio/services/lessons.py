"""A course's lessons as admins manage them: create, edit, delete, reorder."""

from __future__ import annotations

from typing import Any

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson
from dulcevicio.services import audit, notifications, ordering
from dulcevicio.services.media import uploads


def _course_lessons(course_id: int) -> list[Lesson]:
    return ordering.siblings(Lesson, Lesson.course_id == course_id)


def create_lesson(course: Course, **fields: Any) -> Lesson:
    """Add a lesson at the end of the course."""
    position = ordering.next_position(Lesson, Lesson.course_id == course.id)
    lesson = Lesson(course_id=course.id, position=position, **fields)
    db.session.add(lesson)
    db.session.flush()
    if lesson.is_active:
        notifications.notify_new_content(course, "lesson", lesson.id)
    return lesson


def update_lesson(lesson: Lesson, **fields: Any) -> None:
    was_active = lesson.is_active
    for name, value in fields.items():
        setattr(lesson, name, value)
    db.session.flush()
    audit.record_activation(lesson, was_active)
    if lesson.is_active and not was_active:  # published now: new for students (once)
        notifications.notify_new_content(lesson.course, "lesson", lesson.id)


def delete_lesson(lesson: Lesson) -> None:
    """Delete the lesson (the database drops its progress rows) and close the gap."""
    course_id = lesson.course_id
    uploads.forget_lesson_files(lesson)  # the video goes once the deletion commits
    # Recipe steps that pointed at a moment of this lesson lose the link, not the step.
    for recipe in lesson.course.recipes:
        if recipe.structure and any(s.lesson_id == lesson.id for s in recipe.structure.steps):
            recipe.structure = recipe.structure.without_lesson(lesson.id)
    audit.record_deletion(lesson, "con video" if lesson.video_public_id else "")
    db.session.delete(lesson)
    db.session.flush()
    ordering.renumber(_course_lessons(course_id))
    db.session.flush()


def move_lesson(lesson: Lesson, step: int) -> bool:
    return ordering.move(lesson, _course_lessons(lesson.course_id), step)
