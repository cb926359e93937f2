"""A course's recipes as admins manage them: edit, delete, reorder.

Photos are stored by services/uploads.py; after any change the caller rebuilds the course's
recipe book. Functions flush; callers commit.
"""

from __future__ import annotations

from typing import Any

from dulcevicio.extensions import db
from dulcevicio.models import Recipe
from dulcevicio.services import ordering
from dulcevicio.services.media import uploads


def _course_recipes(course_id: int) -> list[Recipe]:
    return ordering.siblings(Recipe, Recipe.course_id == course_id)


def update_recipe(recipe: Recipe, **fields: Any) -> None:
    """Set text fields (title, description, recipe_text, is_active)."""
    for name, value in fields.items():
        setattr(recipe, name, value)
    db.session.flush()


def delete_recipe(recipe: Recipe) -> None:
    """Delete the recipe and close the gap in the order; its photo goes after the commit."""
    course_id = recipe.course_id
    uploads.forget_recipe_files(recipe)
    db.session.delete(recipe)
    db.session.flush()
    ordering.renumber(_course_recipes(course_id))
    db.session.flush()


def move_recipe(recipe: Recipe, step: int) -> bool:
    return ordering.move(recipe, _course_recipes(recipe.course_id), step)
