"""Admin: a course's recipes — upload photos (many at once, or one request each from the
browser's batch, answered in JSON), edit, replace the photo, delete, reorder. The recipe
services rebuild the course's book; views show their notice."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, jsonify, redirect, render_template, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.courses import RecipeForm, RecipeImageForm, RecipeImagesForm
from dulcevicio.admin.forms.recipe_uploads import RecipeBookFinishForm, RecipePhotoForm
from dulcevicio.admin.helpers import flash_book_notice, prefill, step_from_form
from dulcevicio.errors import wants_json
from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.request_limits import body_limit
from dulcevicio.services import recipes
from dulcevicio.services.media.images import MAX_IMAGE_BYTES, ImageRejected
from dulcevicio.services.recipe_book import finish_recipe_book_batch, refresh_recipe_book
from dulcevicio.services.recipes import PhotoTooLarge
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
        "admin/recipes_list.html",
        course=course,
        recipes=course.recipes,
        form=form,
        photos=photos,
        max_photo_bytes=MAX_IMAGE_BYTES,
    )


@bp.route("/cursos/<id:course_id>/recetas")
def recipes_list(course_id: int):
    return _render_list(db.get_or_404(Course, course_id), RecipeImagesForm(formdata=None))


@bp.route("/cursos/<id:course_id>/recetas/subir", methods=["POST"])
@body_limit("MAX_RECIPE_UPLOAD_BYTES")
def recipe_uploads(course_id: int):
    course = db.get_or_404(Course, course_id)
    if wants_json():
        return _upload_one_photo(course)
    form = RecipeImagesForm()
    if not form.validate_on_submit():
        return _render_list(course, form)
    result = recipes.add_recipes(course, form.photos())
    for title, reason in result.refused:
        flash(f"No se pudo usar «{title}»: {reason}", "danger")
    if not result.added:
        form.images.errors.append("Ninguna de las fotos se pudo usar.")
        return _render_list(course, form)
    flash_book_notice(result.book)
    db.session.commit()
    added = len(result.added)
    flash(f"Se {'agregó 1 receta' if added == 1 else f'agregaron {added} recetas'}.", "success")
    return _back(course.id)


def _upload_one_photo(course: Course):
    """The enhanced form's request: one photo, a JSON answer (400/413 with the reason)."""
    form = RecipePhotoForm()
    if not form.validate_on_submit():
        return jsonify(error="Elige una foto JPG, PNG o WebP."), 400
    photo = form.photo.data
    try:
        recipe, notice = recipes.add_recipe_photo(
            course, photo.stream, photo.filename, batch=form.lote.data
        )
    except PhotoTooLarge as error:
        return jsonify(error=str(error)), 413
    except ImageRejected as error:
        return jsonify(error=str(error)), 400
    except StorageError as error:
        return jsonify(error=str(error)), 503
    db.session.commit()
    return jsonify(
        id=recipe.id,
        title=recipe.title,
        thumbnail=file_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id, IMAGE_WIDTHS[0]),
        edit_url=url_for("admin.recipe_edit", course_id=course.id, recipe_id=recipe.id),
        book=notice and notice.message,
    )


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/editar", methods=["GET", "POST"])
def recipe_edit(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    form = RecipeForm(obj=prefill(recipe), recipe=recipe)
    if form.validate_on_submit():
        flash_book_notice(recipes.update_recipe(recipe, **form.recipe_fields()))
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
            notice = recipes.replace_recipe_photo(recipe, form.image.data.stream)
        except (ImageRejected, StorageError) as error:
            flash(str(error), "danger")
        else:
            flash_book_notice(notice)
            db.session.commit()
            flash("Foto reemplazada.", "success")
    return redirect(url_for("admin.recipe_edit", course_id=recipe.course_id, recipe_id=recipe.id))


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/eliminar", methods=["POST"])
def recipe_delete(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    title = recipe.title
    flash_book_notice(recipes.delete_recipe(recipe))
    db.session.commit()
    flash(f"Eliminaste la receta «{title}».", "info")
    return _back(course_id)


@bp.route("/cursos/<id:course_id>/recetas/<id:recipe_id>/mover", methods=["POST"])
def recipe_move(course_id: int, recipe_id: int):
    recipe = _recipe_or_404(course_id, recipe_id)
    flash_book_notice(recipes.move_recipe(recipe, step_from_form()))
    db.session.commit()
    return _back(course_id)


@bp.route("/cursos/<id:course_id>/recetario", methods=["POST"])
def recipe_book_rebuild(course_id: int):
    """The rebuild button, and the end of a browser batch (`lote`: only if outdated)."""
    course = db.get_or_404(Course, course_id)
    batch = RecipeBookFinishForm().lote.data
    notice = finish_recipe_book_batch(course) if batch else refresh_recipe_book(course)
    db.session.commit()
    if wants_json():
        return jsonify(
            message=notice.message if notice else "El recetario ya estaba al día.",
            category=notice.category if notice else "success",
        )
    flash_book_notice(notice)
    return _back(course.id)
