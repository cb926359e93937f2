"""Admin: a course's recipes — list, edit texts, delete, reorder (images come elsewhere)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.courses import RecipeForm
from dulcevicio.admin.helpers import prefill, step_from_form
from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.services import recipes


def _recipe_or_404(course_id: int, recipe_id: int) -> Recipe:
    query = sa.select(Recipe).where(Recipe.id == recipe_id, Recipe.course_id == course_id)
    return db.first_or_404(query)


def _back(course_id: int):
    return redirect(url_for("admin.recipes_list", course_id=course_id))


@bp.route("/cursos/<int:course_id>/recetas")
def recipes_list(course_id: int):
    course = db.get_or_404(Course, course_id)
    return render_template("admin/recipes_list.html", course=course, recipes=course.recipes)


@bp.route("/cursos/<int:course_id>/recetas/<int:recipe_id>/editar", methods=["GET", "POST"])
def recipe_edit(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    form = RecipeForm(obj=prefill(recipe))
    if form.validate_on_submit():
        recipes.update_recipe(recipe, **form.recipe_fields())
        db.session.commit()
        flash("Los cambios de la receta se guardaron.", "success")
        return _back(course_id)
    return render_template("admin/recipe_edit.html", form=form, recipe=recipe, course=recipe.course)


@bp.route("/cursos/<int:course_id>/recetas/<int:recipe_id>/eliminar", methods=["POST"])
def recipe_delete(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    title = recipe.title
    recipes.delete_recipe(recipe)
    db.session.commit()
    flash(f"Eliminaste la receta «{title}».", "info")
    return _back(course_id)


@bp.route("/cursos/<int:course_id>/recetas/<int:recipe_id>/mover", methods=["POST"])
def recipe_move(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    if recipes.move_recipe(recipe, step_from_form()):
        db.session.commit()
    return _back(course_id)
