"""Forum moderation: newest comments across courses, hide or show them, answer as the team."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from dulcevicio.admin.blueprint import bp
from dulcevicio.extensions import db
from dulcevicio.forum.forms import ReplyForm
from dulcevicio.models import Comment
from dulcevicio.services import access, forum

# ?filtro=... → what the list keeps.
FILTERS = {
    "": ("Todos", {}),
    "sin-respuesta": ("Sin respuesta del equipo", {"unanswered_only": True}),
    "ocultos": ("Ocultos", {"hidden_only": True}),
}


def list_state() -> tuple[str, int]:
    filtro = request.args.get("filtro", "")
    return (filtro if filtro in FILTERS else ""), request.args.get("page", 1, type=int)


def list_url(filtro: str, page: int) -> str:
    return url_for("admin.forum", filtro=filtro or None, page=page if page > 1 else None)


def render_list(form: ReplyForm | None = None, failed_id: int | None = None):
    filtro, page = list_state()
    comments = forum.recent_comments(page=page, **FILTERS[filtro][1])
    return render_template(
        "admin/forum.html",
        comments=comments,
        answered_ids=forum.answered_ids(comments.items),
        filters=FILTERS,
        filtro=filtro,
        here=list_url(filtro, comments.page),
        form=form or ReplyForm(formdata=None),
        failed_id=failed_id,
    )


@bp.route("/foro", endpoint="forum")
def forum_comments():
    return render_list()


@bp.route("/foro/<id:comment_id>/responder", methods=["POST"])
def forum_reply(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    if not access.can_see_comment(current_user, comment):
        abort(404)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            forum.post_comment(comment.course, current_user, form.content.data, comment.id)
        except forum.ForumError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Tu respuesta quedó publicada en el foro.", "success")
            return redirect(list_url(*list_state()))
    return render_list(form, failed_id=comment.id)
