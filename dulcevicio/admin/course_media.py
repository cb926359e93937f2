"""Course files: the cover, recipe images (many at once) and the recipe book."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import SubmitField
from wtforms.validators import InputRequired

from dulcevicio.admin.blueprint import bp
from dulcevicio.extensions import db
from dulcevicio.forms import BaseForm
from dulcevicio.models import Course, Recipe
from dulcevicio.request_limits import body_limit
from dulcevicio.services import uploads
from dulcevicio.services.images import ImageRejected
from dulcevicio.services.recipe_book import RecipeBookError, rebuild_recipe_book
from dulcevicio.services.storage import MediaKind, StorageError, get_storage

IMAGE_ACCEPT = {"accept": "image/jpeg,image/png,image/webp"}


class CoverForm(BaseForm):
    thumbnail = FileField(
        "Portada (JPG, PNG o WebP)",
        description="Se recorta a 1280×720.",
        validators=[FileRequired(message="Elige una imagen.")],
        render_kw=IMAGE_ACCEPT,
    )
    submit = SubmitField("Guardar portada")


class RecipeImagesForm(BaseForm):
    images = MultipleFileField(
        "Fotos de las recetas",
        description="Puedes elegir varias: se crea una receta por foto, con el nombre del archivo.",
        validators=[InputRequired(message="Elige al menos una foto.")],
        render_kw={**IMAGE_ACCEPT, "multiple": True},
    )
    submit = SubmitField("Subir recetas")


class RecipeImageForm(BaseForm):
    image = FileField(
        "Nueva foto", validators=[FileRequired(message="Elige una imagen.")], render_kw=IMAGE_ACCEPT
    )
    submit = SubmitField("Reemplazar foto")


def rebuild_book_and_report(course: Course) -> None:
    """Rebuild after a recipe change; a failure keeps the old book and tells the admin why."""
    try:
        rebuild_recipe_book(course)
    except RecipeBookError as error:
        flash(f"{error} El recetario anterior sigue disponible.", "warning")
    else:
        if course.recipe_pdf_public_id:
            flash("Recetario actualizado.", "success")


@bp.route("/cursos/<int:course_id>/portada", methods=["GET", "POST"])
def course_cover(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = CoverForm()
    if form.validate_on_submit():
        try:
            uploads.replace_course_thumbnail(course, form.thumbnail.data.stream)
        except (ImageRejected, StorageError) as error:
            form.thumbnail.errors.append(str(error))
        else:
            db.session.commit()
            flash("Portada guardada.", "success")
            return redirect(url_for("admin.course_cover", course_id=course.id))
    return render_template("admin/course_cover.html", course=course, form=form)


@bp.route("/cursos/<int:course_id>/recetas/subir", methods=["GET", "POST"])
@body_limit("MAX_RECIPE_UPLOAD_BYTES")
def recipe_uploads(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = RecipeImagesForm()
    if form.validate_on_submit():
        added, refused = 0, []
        for upload in form.images.data:
            try:
                uploads.add_recipe_from_image(course, upload.stream, upload.filename)
                added += 1
            except (ImageRejected, StorageError) as error:
                refused.append((uploads.title_from_filename(upload.filename), error))
        if added:
            rebuild_book_and_report(course)
            db.session.commit()
            flash(
                f"Se {'agregó 1 receta' if added == 1 else f'agregaron {added} recetas'}.",
                "success",
            )
        for title, reason in refused:
            flash(f"No se pudo usar «{title}»: {reason}", "danger")
        if added:
            return redirect(url_for("admin.recipe_uploads", course_id=course.id))
        form.images.errors.append("Ninguna de las fotos se pudo usar.")
    storage = get_storage()
    image_urls = {
        recipe.id: storage.delivery_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id)
        for recipe in course.recipes
        if recipe.image_public_id
    }
    return render_template(
        "admin/recipe_uploads.html", course=course, form=form, image_urls=image_urls
    )


@bp.route("/recetas/<int:recipe_id>/imagen", methods=["POST"])
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
    return redirect(url_for("admin.recipe_uploads", course_id=recipe.course_id))


@bp.route("/cursos/<int:course_id>/recetario", methods=["POST"])
def recipe_book_rebuild(course_id: int):
    course = db.get_or_404(Course, course_id)
    rebuild_book_and_report(course)
    db.session.commit()
    return redirect(url_for("admin.recipe_uploads", course_id=course.id))
