"""A course's recipes as admins manage them: add from photos, edit, structure, replace the
photo, delete, reorder.

Every change refreshes the course's recipe book and returns its notice (None when there
is nothing to say). Photos are stored by services/media/uploads.py. Functions flush;
callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.models.recipe_structure import RecipeStructure
from dulcevicio.services import audit, notifications, ordering
from dulcevicio.services.media import uploads
from dulcevicio.services.media.images import MAX_IMAGE_BYTES, ImageRejected
from dulcevicio.services.recipe_book import (
    BookNotice,
    mark_recipe_book_outdated,
    refresh_recipe_book,
)
from dulcevicio.services.storage import StorageError


@dataclass
class AddedRecipes:
    added: list[Recipe] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (title, why, in Spanish)
    book: BookNotice | None = None


def _course_recipes(course_id: int) -> list[Recipe]:
    return ordering.siblings(Recipe, Recipe.course_id == course_id)


def add_recipes(course: Course, photos: list[tuple[BinaryIO, str | None]]) -> AddedRecipes:
    """One recipe per usable photo (stream, file name), titled after the file name; the
    book is rebuilt once, after all of them. Unusable photos are reported, not fatal."""
    result = AddedRecipes()
    for stream, filename in photos:
        try:
            result.added.append(uploads.add_recipe_from_image(course, stream, filename))
        except (ImageRejected, StorageError) as error:
            result.refused.append((uploads.title_from_filename(filename), str(error)))
    if result.added:
        result.book = refresh_recipe_book(course)
        _announce(course, result.added)
    return result


def _announce(course: Course, added: list[Recipe]) -> None:
    """Tell the course's students once per upload: one recipe by name, several at once."""
    shown = [recipe for recipe in added if recipe.is_active]
    if shown:
        notifications.notify_new_content(course, "recipe", shown[0].id if len(shown) == 1 else None)


class PhotoTooLarge(ImageRejected):
    """The photo is over the size limit (told apart: the answer is a 413)."""


def add_recipe_photo(course: Course, photo: BinaryIO, filename: str | None, *, batch: bool):
    """One recipe from one photo sent on its own (the browser sends a batch one request per
    photo). Inside a batch the book is only marked outdated and rebuilt once when the batch
    ends; returns (recipe, book notice). Raises ImageRejected (PhotoTooLarge) or StorageError
    before any row exists."""
    photo.seek(0, 2)
    too_large = photo.tell() > MAX_IMAGE_BYTES
    photo.seek(0)
    if too_large:
        raise PhotoTooLarge(f"La foto supera los {MAX_IMAGE_BYTES // (1024 * 1024)} MB.")
    recipe = uploads.add_recipe_from_image(course, photo, filename)
    if batch:
        # The batch's first photo tells the students, once, for the whole batch.
        if course.recipe_book_outdated_at is None and recipe.is_active:
            notifications.notify_new_content(course, "recipe", None)
        mark_recipe_book_outdated(course)
        return recipe, None
    _announce(course, [recipe])
    return recipe, refresh_recipe_book(course)


def update_recipe(recipe: Recipe, **fields: Any) -> BookNotice | None:
    """Set text fields (title, description, recipe_text, is_active)."""
    was_active = recipe.is_active
    for name, value in fields.items():
        setattr(recipe, name, value)
    db.session.flush()
    audit.record_activation(recipe, was_active)
    if recipe.is_active and not was_active:  # published now: new for students (once)
        notifications.notify_new_content(recipe.course, "recipe", recipe.id)
    return refresh_recipe_book(recipe.course)


def set_structure(recipe: Recipe, structure: RecipeStructure | None) -> BookNotice | None:
    """Replace the recipe's yield, mould, ingredients and steps as a whole (None removes
    them; its text stays as it is)."""
    recipe.structure = structure
    db.session.flush()
    return refresh_recipe_book(recipe.course)


def replace_recipe_photo(recipe: Recipe, upload: BinaryIO) -> BookNotice | None:
    """A new photo for the recipe; raises ImageRejected or StorageError before any change."""
    uploads.replace_recipe_image(recipe, upload)
    return refresh_recipe_book(recipe.course)


def delete_recipe(recipe: Recipe) -> BookNotice | None:
    """Delete the recipe and close the gap in the order; its photo goes after the commit."""
    course = recipe.course
    uploads.forget_recipe_files(recipe)
    audit.record_deletion(recipe)
    db.session.delete(recipe)
    db.session.flush()
    ordering.renumber(_course_recipes(course.id))
    db.session.flush()
    return refresh_recipe_book(course)


def move_recipe(recipe: Recipe, step: int) -> BookNotice | None:
    """One place up or down; the book follows the new order (nothing at either end)."""
    if not ordering.move(recipe, _course_recipes(recipe.course_id), step):
        return None
    return refresh_recipe_book(recipe.course)
