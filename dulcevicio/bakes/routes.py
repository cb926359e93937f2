"""Views of the bakes blueprint: the course gallery, a new bake, edits, comments, moderation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.bakes.forms import BakeCommentForm, BakeForm, EditBakeForm
from dulcevicio.extensions import db, limiter
from dulcevicio.forum.routes import authorize_course
from dulcevicio.loaders import course_or_404, course_with_recipes
from dulcevicio.models import Bake, BakeComment, Course, Recipe
from dulcevicio.request_limits import body_limit
from dulcevicio.routing import parse_id
from dulcevicio.services import access, bakes
from dulcevicio.services.media.uploads import UploadRejected
from dulcevicio.services.storage import MediaKind, file_url

bp = Blueprint("bakes", __name__)

BAKE_URL = "/lo-hice/<id:bake_id>"
COMMENT_URL = "/lo-hice/comentarios/<id:bake_comment_id>"
PHOTO_WIDTH = 600
COMMENTED = {True: "Tu devolución quedó publicada.", False: "Tu comentario quedó publicado."}
HIDDEN = {"1": "quedó oculto.", "0": "vuelve a estar visible."}


@bp.app_template_global()
def bake_photo_url(public_id: str, width: int | None = PHOTO_WIDTH) -> str | None:
    """Where a bake's photo is (call it only where the viewer may see the bake)."""
    return file_url(MediaKind.BAKE_PHOTO, public_id, width)


def _poster_key() -> str:
    return f"bake-post:{current_user.id}"


def bake_or_404(bake_id: int, *, own: bool = False) -> Bake:
    """A bake the viewer can see in a course they can access; `own`: hers only."""
    bake = db.get_or_404(Bake, bake_id)
    authorize_course(bake.course)
    if not access.can_see_bake(current_user, bake):
        abort(404)
    if own and not access.can_edit_bake(current_user, bake):
        abort(403)
    return bake


def comment_or_404(comment_id: int) -> BakeComment:
    comment = db.get_or_404(BakeComment, comment_id)
    bake_or_404(comment.bake_id)
    if not access.can_see_bake(current_user, comment):
        abort(404)
    return comment


def gallery_url(bake: Bake) -> str:
    return url_for("bakes.gallery", slug=bake.course.slug, _anchor=f"horneado-{bake.id}")


def back_to_gallery(bake: Bake):
    """Redirect to a safe `next` (the page the action came from), else the gallery."""
    return redirect(safe_next_url(request.values.get("next")) or gallery_url(bake))


def _recipes(course: Course) -> list[Recipe]:
    return [recipe for recipe in course.recipes if recipe.is_active]


@bp.route("/cursos/<slug>/lo-hice", methods=["GET", "POST"])
@login_required
@body_limit("MAX_BAKE_UPLOAD_BYTES")
@limiter.limit(
    lambda: current_app.config["RATELIMIT_BAKE_POST"], key_func=_poster_key, methods=["POST"]
)
def gallery(slug: str):
    course = authorize_course(course_or_404(slug, course_with_recipes))
    page = request.args.get("page", 1, type=int)
    recipes = _recipes(course)
    recipe = next((r for r in recipes if r.id == parse_id(request.args.get("receta"))), None)
    form = BakeForm(data={"recipe_id": str(recipe.id) if recipe else ""}).with_recipes(recipes)
    if form.validate_on_submit():
        try:
            bake = bakes.post_bake(
                course,
                current_user,
                form.uploads(),
                text=form.text.data,
                question=form.question.data,
                recipe_id=form.recipe_id.data,
                consent=form.consent.data,
            )
        except (bakes.BakeError, UploadRejected) as error:
            db.session.rollback()  # no row, and the photos stored so far are deleted
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("¡Tu horneado quedó publicado!", "success")
            return redirect(gallery_url(bake))
    return render_template(
        "bakes/gallery.html",
        course=course,
        recipe=recipe,
        form=form,
        pages=bakes.gallery_page(course, current_user, page, recipe.id if recipe else None),
        comment_form=BakeCommentForm(formdata=None),
        can_moderate=access.can_moderate(current_user),
    )


@bp.route(BAKE_URL)
@login_required
def show_bake(bake_id: int):
    """A bake's own address (notifications link to it): its place in the gallery."""
    bake = bake_or_404(bake_id)
    newer = sa.select(sa.func.count(Bake.id)).where(
        Bake.course_id == bake.course_id,
        sa.tuple_(Bake.created_at, Bake.id) > sa.tuple_(bake.created_at, bake.id),
        sa.true() if access.can_moderate(current_user) else Bake.is_active,
    )
    page = min(db.session.scalar(newer) // bakes.BAKES_PER_PAGE + 1, bakes.LAST_PAGE)
    return redirect(
        url_for(
            "bakes.gallery",
            slug=bake.course.slug,
            page=page if page > 1 else None,
            _anchor=f"horneado-{bake.id}",
        )
    )


@bp.route(f"{BAKE_URL}/editar", methods=["GET", "POST"])
@login_required
def edit_bake(bake_id: int):
    bake = bake_or_404(bake_id, own=True)
    form = EditBakeForm(
        obj=bake,
        data={"recipe_id": str(bake.recipe_id or ""), "consent": bake.testimonial_consent},
    ).with_recipes(_recipes(bake.course))
    if form.validate_on_submit():
        try:
            bakes.edit_bake(
                bake,
                text=form.text.data,
                question=form.question.data,
                recipe_id=form.recipe_id.data,
                consent=form.consent.data,
            )
        except bakes.BakeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Tu horneado se actualizó.", "success")
            return redirect(gallery_url(bake))
    return render_template("bakes/edit_bake.html", form=form, bake=bake)


@bp.route(f"{BAKE_URL}/eliminar", methods=["POST"])
@login_required
def delete_bake(bake_id: int):
    bake = bake_or_404(bake_id, own=True)
    course = bake.course
    bakes.delete_bake(bake)
    db.session.commit()
    flash("Tu horneado se eliminó.", "info")
    return redirect(url_for("bakes.gallery", slug=course.slug))


@bp.route(f"{BAKE_URL}/comentarios", methods=["POST"])
@login_required
def comment_bake(bake_id: int):
    """A comment on a bake; an admin's is the instructor's feedback."""
    bake = bake_or_404(bake_id)
    form = BakeCommentForm()
    if not form.validate_on_submit():
        for error in form.content.errors or form.form_errors or ["Revisa tu comentario."]:
            flash(error, "danger")
        return back_to_gallery(bake)
    bakes.comment_on_bake(bake, current_user, form.content.data)
    db.session.commit()
    flash(COMMENTED[access.is_admin(current_user)], "success")
    return back_to_gallery(bake)


@bp.route(f"{COMMENT_URL}/eliminar", methods=["POST"])
@login_required
def delete_comment(bake_comment_id: int):
    comment = comment_or_404(bake_comment_id)
    if not access.can_edit_bake(current_user, comment):
        abort(403)
    bake = comment.bake
    bakes.delete_bake_comment(comment)
    db.session.commit()
    flash("Tu comentario se eliminó.", "info")
    return back_to_gallery(bake)


def _hidden_flag() -> bool:
    hidden = request.form.get("hidden")
    if hidden not in ("0", "1"):
        abort(400)
    return hidden == "1"


@bp.route(f"{BAKE_URL}/moderar", methods=["POST"])
@login_required
def moderate_bake(bake_id: int):
    if not access.can_moderate(current_user):
        abort(403)
    bake = bake_or_404(bake_id)
    hidden = _hidden_flag()
    bakes.set_bake_hidden(bake, hidden)
    db.session.commit()
    flash(f"El horneado {HIDDEN['1' if hidden else '0']}", "info")
    return back_to_gallery(bake)


@bp.route(f"{COMMENT_URL}/moderar", methods=["POST"])
@login_required
def moderate_comment(bake_comment_id: int):
    if not access.can_moderate(current_user):
        abort(403)
    comment = comment_or_404(bake_comment_id)
    hidden = _hidden_flag()
    bakes.set_bake_comment_hidden(comment, hidden)
    db.session.commit()
    flash(f"El comentario {HIDDEN['1' if hidden else '0']}", "info")
    return back_to_gallery(comment.bake)
