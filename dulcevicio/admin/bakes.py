"""Admin: students' bakes waiting for feedback, and featuring a bake on its course page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.bakes.forms import BakeCommentForm
from dulcevicio.extensions import db
from dulcevicio.models import Bake
from dulcevicio.services import bakes

FEATURED = {
    True: "El horneado se muestra en la página pública del curso.",
    False: "El horneado ya no se muestra en la página pública del curso.",
}


@bp.route("/lo-hice")
def bakes_queue():
    """Visible bakes nobody from the team has answered yet, oldest first, each with an
    inline feedback form (it posts to the bake's comments, then comes back here)."""
    page = request.args.get("page", 1, type=int)
    return render_template(
        "admin/bakes_queue.html",
        pages=bakes.waiting_for_feedback(page),
        comment_form=BakeCommentForm(formdata=None),
    )


@bp.route("/lo-hice/<id:bake_id>/destacar", methods=["POST"])
def bake_feature(bake_id: int):
    """Feature a bake on the public course page (only with its author's consent), or not."""
    bake = db.get_or_404(Bake, bake_id)
    featured = request.form.get("featured")
    if featured not in ("0", "1"):
        abort(400)
    try:
        bakes.set_featured(bake, featured == "1")
    except bakes.BakeError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(FEATURED[featured == "1"], "success")
    back = url_for("bakes.gallery", slug=bake.course.slug, _anchor=f"horneado-{bake.id}")
    return redirect(safe_next_url(request.form.get("next")) or back)
