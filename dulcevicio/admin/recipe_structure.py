"""Admin: a recipe's structure (yield, mould, ingredient groups, steps), proposed from its
pasted text, edited row by row, then saved or removed as a whole."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import joinedload

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.recipe_structure import RecipeStructureForm, RecipeTextForm
from dulcevicio.admin.forms.recipe_structure_data import kept_as_notes, structure_data
from dulcevicio.admin.helpers import flash_book_notice, prefill
from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.models.recipe_structure import RecipeStructure
from dulcevicio.services import recipes
from dulcevicio.services.kitchen.parser import parse_recipe

# The buttons of the page (name="action"); any other value is a forged request.
ACTIONS = {"proponer", "filas", "guardar", "quitar"}
BLANK_ROWS = (3, 2)  # ingredient and step rows below the filled ones
MORE_ROWS = (5, 5)  # what "Agregar filas" adds


def _recipe_or_404(course_id: int, recipe_id: int) -> Recipe:
    query = (
        sa.select(Recipe)
        .where(Recipe.id == recipe_id, Recipe.course_id == course_id)
        .options(joinedload(Recipe.course).selectinload(Course.lessons))
    )
    return db.first_or_404(query)


def _action() -> str | None:
    """The button that sent the POST (None on GET); an unknown one is a 400."""
    if request.method != "POST":
        return None
    action = request.form.get("action", "")
    if action not in ACTIONS:
        abort(400)
    return action


def _save(recipe: Recipe, structure: RecipeStructure | None):
    flash_book_notice(recipes.set_structure(recipe, structure))
    db.session.commit()
    if structure is None:
        flash("Quitaste la estructura de la receta.", "info")
    else:
        flash("La estructura de la receta se guardó.", "success")
    return redirect(
        url_for("admin.recipe_structure", course_id=recipe.course_id, recipe_id=recipe.id)
    )


def _proposal(text_form: RecipeTextForm) -> RecipeStructure | None:
    """The structure read from the pasted text (None when the text is refused)."""
    if not text_form.validate_on_submit():
        return None
    return parse_recipe(text_form.recipe_text.data or "")


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/estructura", methods=["GET", "POST"])
def recipe_structure(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    action = _action()
    if action == "quitar":
        return _save(recipe, None)
    lessons = recipe.course.lessons
    text_form = RecipeTextForm(obj=recipe)
    proposal = None
    if action == "proponer":  # the editor shows the proposal (the text refused: what is saved)
        proposal = _proposal(text_form)
        shown = structure_data(proposal or recipe.structure)
        form = RecipeStructureForm(formdata=None, data=shown, lessons=lessons)
    else:
        form = RecipeStructureForm(data=structure_data(prefill(recipe.structure)), lessons=lessons)
    if action == "guardar" and form.validate_on_submit():
        return _save(recipe, form.structure())
    if action != "guardar":
        form.add_rows(*(MORE_ROWS if action == "filas" else BLANK_ROWS))
    return render_template(
        "admin/recipe_structure.html",
        form=form,
        text_form=text_form,
        recipe=recipe,
        course=recipe.course,
        notes=None if proposal is None else kept_as_notes(proposal),
    )
