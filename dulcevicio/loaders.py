"""Load-or-404-then-authorise helpers shared by the student-facing views."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import abort, make_response, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from dulcevicio.extensions import db, login_manager
from dulcevicio.models import Course, Lesson, Recipe
from dulcevicio.services import access
from dulcevicio.services.bakes import recipe_bake_count
from dulcevicio.statements import prepared

# A course by slug (parameter `slug`), with what each kind of page shows of it. Joined
# collections come in the same round-trip; the loader reads every row, so they are whole.


@prepared
def course_by_slug() -> sa.Select:
    return sa.select(Course).where(Course.slug == sa.bindparam("slug"))


@prepared
def course_with_lessons() -> sa.Select:
    return course_by_slug().options(joinedload(Course.lessons))


@prepared
def course_with_recipes() -> sa.Select:
    return course_by_slug().options(joinedload(Course.recipes))


@prepared
def course_for_recipe_page() -> sa.Select:
    """With its recipes, each with how many bakes name it (in the same query)."""
    recipes = joinedload(Course.recipes)
    return course_by_slug().options(recipes.with_expression(Recipe.bake_count, recipe_bake_count()))


@prepared
def course_page() -> sa.Select:
    """The course page in three queries: the course with its lessons, its recipes without
    their texts (the gallery and the samples), its testimonials."""
    return course_by_slug().options(
        joinedload(Course.lessons),
        selectinload(Course.recipes).load_only(
            Recipe.title,
            Recipe.position,
            Recipe.image_public_id,
            Recipe.is_active,
            Recipe.is_sample,
        ),
        selectinload(Course.testimonials),
    )


def course_or_404(slug: str, statement: Callable[[], sa.Select] = course_by_slug) -> Course:
    """The course, if it exists for this viewer, loaded by `statement` (one of the above)."""
    course = db.session.scalars(statement(), {"slug": slug}).unique().one_or_none()
    if course is None or not access.can_see_course(current_user, course):
        abort(404)
    return course


def _course_item_or_404(items: list, item_id: int):
    """A lesson or recipe among the course's `items`, if it exists for this viewer.

    The page lists its siblings anyway, so looking it up there costs no query.
    """
    item = next((item for item in items if item.id == item_id), None)
    if item is None or not access.can_see_item(current_user, item):
        abort(404)
    return item


def lesson_or_404(course: Course, lesson_id: int) -> Lesson:
    return _course_item_or_404(course.lessons, lesson_id)


def recipe_or_404(course: Course, recipe_id: int) -> Recipe:
    return _course_item_or_404(course.recipes, recipe_id)


def deny(course: Course):
    """Stop here: visitors are asked to log in; students see the locked page (403)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(make_response(render_template("learn/locked.html", course=course), 403))
