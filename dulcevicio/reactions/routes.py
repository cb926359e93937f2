"""Views of the reactions blueprint: set a reaction on a forum comment or a bake.

A form per kind posts `kind` and the wanted state `on` ("1" or "0"; without it, a toggle)
and is sent back to the item; reactions.js posts the same with `Accept: application/json`
and gets the item's new count.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, request
from flask_login import current_user, login_required

from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.bakes.routes import gallery_url
from dulcevicio.extensions import db
from dulcevicio.forum.routes import authorize_course, thread_url
from dulcevicio.models import Bake, Comment
from dulcevicio.services import access, reactions

bp = Blueprint("reactions", __name__)

_WANTED = {"1": True, "0": False}


def _kind_and_state(target: str, target_id: int) -> tuple[reactions.ReactionKind, bool]:
    """The kind and wanted state the request asks for; 400 for anything else."""
    kind = reactions.parse_kind(request.form.get("kind"))
    wanted = request.form.get("on")
    if kind is None or (wanted is not None and wanted not in _WANTED):
        abort(400)
    if wanted is None:
        return kind, reactions.toggled(current_user, target, target_id, kind)
    return kind, _WANTED[wanted]


def _answer(target: str, target_id: int, kind, fallback: str):
    """JSON for reactions.js (the kind's count, mine, who), else back to the item."""
    db.session.commit()
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        entry = next(
            e for e in reactions.bar(target, target_id, current_user).counts if e.kind is kind
        )
        return jsonify(kind=kind.value, on=entry.mine, count=entry.count, who=entry.who)
    return redirect(safe_next_url(request.form.get("next")) or fallback)


@bp.route("/foro/comentarios/<id:comment_id>/reaccion", methods=["POST"])
@login_required
def react_to_comment(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    authorize_course(comment.course)
    if not access.can_react_to_comment(current_user, comment):
        abort(404)
    kind, on = _kind_and_state("comment", comment.id)
    reactions.set_reaction(current_user, "comment", comment.id, kind, on)
    return _answer("comment", comment.id, kind, thread_url(comment))


@bp.route("/lo-hice/<id:bake_id>/reaccion", methods=["POST"])
@login_required
def react_to_bake(bake_id: int):
    bake = db.get_or_404(Bake, bake_id)
    authorize_course(bake.course)
    if not access.can_react_to_bake(current_user, bake):
        abort(404)
    kind, on = _kind_and_state("bake", bake.id)
    reactions.set_reaction(current_user, "bake", bake.id, kind, on)
    return _answer("bake", bake.id, kind, gallery_url(bake))


@bp.app_template_global()
def reaction_bars(target: str, items) -> dict:
    """{item id: its bar} for a page's visible items (hidden ones get none), in one query:
    for templates whose views do not load them (the bakes gallery)."""
    shown = [item.id for item in items if getattr(item, "is_active", True)]
    return reactions.bars(target, shown, current_user)
