"""Admin: a course's recipes — upload photos (many at once), edit, replace the photo,
delete, reorder; every change rebuilds the course's recipe book."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.courses import RecipeForm, RecipeImageForm, RecipeImagesForm
from dulcevicio.admin.helpers import prefill, rebuild_book_and_report, step_from_form
from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.request_limits import body_limit
from dulcevicio.services import recipes
from dulcevicio.services.media import uploads
from dulcevicio.services.media.images import ImageRejected
from dulcevicio.services.storage import IMAGE_WIDTHS, MediaKind, StorageError, file_url


def _recipe_or_404(course_id: int, recipe_id: int) -> Recipe:
    query = sa.select(Recipe).where(Recipe.id == recipe_id, Recipe.course_id == course_id)
    return db.first_or_404(query)


def _back(course_id: int):
    return redirect(url_for("admin.recipes_list", course_id=course_id))


def _render_list(course: Course, form: RecipeImagesForm):
    photos = {
        recipe.id: file_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id, IMAGE_WIDTHS[0])
        for recipe in course.recipes
    }
    return render_template(
        "admin/recipes_list.html", course=course, recipes=course.recipes, form=form, photos=photos
    )


@bp.route("/cursos/<id:course_id>/recetas")
def recipes_list(course_id: int):
    return _render_list(db.get_or_404(Course, course_id), RecipeImagesForm(formdata=None))


@bp.route("/cursos/<id:course_id>/recetas/subir", methods=["POST"])
@body_limit("MAX_RECIPE_UPLOAD_BYTES")
def recipe_uploads(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = RecipeImagesForm()
    if not form.validate_on_submit():
        return _render_list(course, form)
    added, refused = 0, []
    for upload in form.images.data:
        try:
            uploads.add_recipe_from_image(course, upload.stream, upload.filename)
            added += 1
        except (ImageRejected, StorageError) as error:
            refused.append((uploads.title_from_filename(upload.filename), error))
    for title, reason in refused:
        flash(f"No se pudo usar «{title}»: {reason}", "danger")
    if not added:
        form.images.errors.append("Ninguna de las fotos se pudo usar.")
        return _render_list(course, form)
    rebuild_book_and_report(course)
    db.session.commit()
    flash(f"Se {'agregó 1 receta' if added == 1 else f'agregaron {added} recetas'}.", "success")
    return _back(course.id)


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/editar", methods=["GET", "POST"])
def recipe_edit(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    form = RecipeForm(obj=prefill(recipe))
    if form.validate_on_submit():
        recipes.update_recipe(recipe, **form.recipe_fields())
        rebuild_book_and_report(recipe.course)
        db.session.commit()
        flash("Los cambios de la receta se guardaron.", "success")
        return _back(course_id)
    return render_template(
        "admin/recipe_edit.html",
        form=form,
        image_form=RecipeImageForm(formdata=None),
        recipe=recipe,
        course=recipe.course,
        photo=file_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id, IMAGE_WIDTHS[-1]),
    )


@bp.route("/recetas/<id:recipe_id>/imagen", methods=["POST"])
@body_limit("MAX_RECIPE_UPLOAD_BYTES")
def recipe_image(recipe_id: int):
    recipe = db.get_or_404(Recipe, recipe_id)
    form = RecipeImageForm()
    if not form.validate_on_submit():
        flash("Elige una imagen JPG, PNG o WebP.", "danger")
    else:
        try:
            uploads.replace_recipe_image(recipe, form.image.data.stream)
        except (ImageRejected, StorageError) as error:
            flash(str(error), "danger")
        else:
            rebuild_book_and_report(recipe.course)
            db.session.commit()
            flash("Foto reemplazada.", "success")
    return redirect(url_for("admin.recipe_edit", course_id=recipe.course_id, recipe_id=recipe.id))


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/eliminar", methods=["POST"])
def recipe_delete(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    title, course = recipe.title, recipe.course
    recipes.delete_recipe(recipe)
    rebuild_book_and_report(course)
    db.session.commit()
    flash(f"Eliminaste la receta «{title}».", "info")
    return _back(course_id)


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/mover", methods=["POST"])
def recipe_move(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    if recipes.move_recipe(recipe, step_from_form()):
        rebuild_book_and_report(recipe.course)  # the book follows the new order
        db.session.commit()
    return _back(course_id)


@bp.route("/cursos/<id:course_id>/recetario", methods=["POST"])
def recipe_book_rebuild(course_id: int):
    course = db.get_or_404(Course, course_id)
    rebuild_book_and_report(course)
    db.session.commit()
    return _back(course.id)
