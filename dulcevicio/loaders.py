"""Load-or-404-then-authorise helpers shared by the student-facing views."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, make_response, render_template
from flask_login import current_user

from dulcevicio.extensions import db, login_manager
from dulcevicio.models import Course, Lesson, Recipe
from dulcevicio.services import access


def course_or_404(slug: str) -> Course:
    """The course, if it exists for this viewer (inactive courses: admins only)."""
    course = db.first_or_404(sa.select(Course).where(Course.slug == slug))
    if not access.can_see_course(current_user, course):
        abort(404)
    return course


def _course_item_or_404(model, course: Course, item_id: int):
    """A lesson or recipe of `course`; inactive ones exist for admins only."""
    item = db.session.get(model, item_id)
    if item is None or item.course_id != course.id:
        abort(404)
    if not item.is_active and not access.is_admin(current_user):
        abort(404)
    return item


def lesson_or_404(course: Course, lesson_id: int) -> Lesson:
    return _course_item_or_404(Lesson, course, lesson_id)


def recipe_or_404(course: Course, recipe_id: int) -> Recipe:
    return _course_item_or_404(Recipe, course, recipe_id)


def deny(course: Course):
    """Stop here: visitors are asked to log in; students see the locked page (403)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(make_response(render_template("learn/locked.html", course=course), 403))
