"""Views of the forum blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.extensions import db, limiter
from dulcevicio.forum.forms import CommentForm, EditCommentForm
from dulcevicio.loaders import course_or_404, deny
from dulcevicio.models import Comment, Course
from dulcevicio.services import access, forum

bp = Blueprint("forum", __name__)

COMMENT_URL = "/foro/comentarios/<id:comment_id>"
POSTED = {False: "Tu comentario quedó publicado.", True: "Tu respuesta quedó publicada."}
HIDDEN = {"1": "El comentario quedó oculto.", "0": "El comentario vuelve a estar visible."}


def _poster_key() -> str:
    return f"forum-post:{current_user.id}"


def authorize_course(course: Course) -> Course:
    """404 when the viewer may not know the course exists; the locked page (403) without
    access to it."""
    if not access.can_see_course(current_user, course):
        abort(404)
    if not access.can_access_course(current_user, course):
        deny(course)
    return course


def comment_or_404(comment_id: int, *, own: bool = False) -> Comment:
    """A comment the viewer can see in a course they can access; `own`: theirs only."""
    comment = db.get_or_404(Comment, comment_id)
    authorize_course(comment.course)
    if not access.can_see_comment(current_user, comment):
        abort(404)
    if own and not access.can_edit_comment(current_user, comment):
        abort(403)
    return comment


def thread_url(comment: Comment, page: int = 1) -> str:
    return url_for(
        "forum.course_forum",
        slug=comment.course.slug,
        page=page if page > 1 else None,
        _anchor=f"comentario-{comment.id}",
    )


def back_to_thread(comment: Comment):
    """Redirect to a safe `next` (the page the action came from), else the forum."""
    return redirect(safe_next_url(request.values.get("next")) or thread_url(comment))


@bp.route("/cursos/<slug>/foro", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["RATELIMIT_FORUM_POST"], key_func=_poster_key, methods=["POST"]
)
def course_forum(slug: str):
    course = authorize_course(course_or_404(slug))
    page = request.args.get("page", 1, type=int)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = forum.post_comment(
                course, current_user, form.content.data, parent_id=form.parent_id.data
            )
        except forum.ForumError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(POSTED[bool(comment.parent_id)], "success")
            # A new thread is first on page 1; a reply stays on the page it was written on.
            return redirect(thread_url(comment, page if comment.parent_id else 1))
    threads = forum.forum_page(course, current_user, page)
    return render_template("forum/course_forum.html", course=course, form=form, forum_page=threads)


@bp.route(COMMENT_URL)
@login_required
def show_comment(comment_id: int):
    """A comment's own address (search results link to it): its thread's forum page."""
    comment = comment_or_404(comment_id)
    return redirect(thread_url(comment, forum.thread_page(comment, current_user)))


@bp.route(f"{COMMENT_URL}/editar", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    comment = comment_or_404(comment_id, own=True)
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit():
        forum.edit_comment(comment, form.content.data)
        db.session.commit()
        flash("Tu comentario se actualizó.", "success")
        return back_to_thread(comment)
    next_url = safe_next_url(request.args.get("next"))
    return render_template("forum/edit_comment.html", form=form, comment=comment, next_url=next_url)


@bp.route(f"{COMMENT_URL}/eliminar", methods=["POST"])
@login_required
def delete_comment(comment_id: int):
    comment = comment_or_404(comment_id, own=True)
    forum.delete_comment(comment)
    db.session.commit()
    flash("Tu comentario se eliminó.", "info")
    return back_to_thread(comment)


@bp.route(f"{COMMENT_URL}/moderar", methods=["POST"])
@login_required
def moderate_comment(comment_id: int):
    if not access.can_moderate(current_user):
        abort(403)
    comment = comment_or_404(comment_id)
    hidden = request.form.get("hidden")
    if hidden not in ("0", "1"):
        abort(400)
    forum.set_comment_hidden(comment, hidden == "1")
    db.session.commit()
    flash(HIDDEN[hidden], "info")
    return back_to_thread(comment)
