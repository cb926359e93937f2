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


def lesson_or_404(course: Course, lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.course_id != course.id:
        abort(404)
    if not lesson.is_active and not access.is_admin(current_user):
        abort(404)
    return lesson


def recipe_or_404(course: Course, recipe_id: int) -> Recipe:
    recipe = db.session.get(Recipe, recipe_id)
    if recipe is None or recipe.course_id != course.id:
        abort(404)
    if not recipe.is_active and not access.is_admin(current_user):
        abort(404)
    return recipe


def deny(course: Course):
    """Stop here: visitors are asked to log in; students see the locked page (403)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(make_response(render_template("learn/locked.html", course=course), 403))


def no_store(response):
    """Paid content is never kept by browsers or proxies."""
    response.headers["Cache-Control"] = "no-store"
    return response
