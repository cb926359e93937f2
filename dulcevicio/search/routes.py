"""Views of the search blueprint: the results page and the suggestions the box asks for."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from dulcevicio.catalog.cards import catalog_cards
from dulcevicio.extensions import limiter
from dulcevicio.models import SearchKind
from dulcevicio.read_only_views import read_only
from dulcevicio.services import access, search
from dulcevicio.statements import paginate_fetched

bp = Blueprint("search", __name__)

# ?tipo= on the results page: one kind of result, paginated.
KIND_BY_NAME = {
    "cursos": SearchKind.COURSE,
    "lecciones": SearchKind.LESSON,
    "recetas": SearchKind.RECIPE,
    "foro": SearchKind.COMMENT,
}
NAME_OF_KIND = {kind: name for name, kind in KIND_BY_NAME.items()}


@bp.route("/buscar")
@read_only
def results():
    kind = KIND_BY_NAME.get(request.args.get("tipo", ""))
    page = request.args.get("page", 1, type=int)
    found = search.search(request.args.get("q"), current_user, kind=kind, page=page)
    pages = None
    if kind is not None:
        group = next((group for group in found.groups if group.kind is kind), None)
        hits, total = (group.hits, group.total) if group else ([], 0)
        pages = paginate_fetched(
            lambda _offset, _limit: (hits, total), page=found.page, per_page=search.PAGE_SIZE
        )
    suggested = []
    if found.total == 0:
        suggested = catalog_cards(access.accessible_course_ids(current_user), heading="h3")
    return render_template(
        "search/results.html",
        found=found,
        pages=pages,
        kind_names=NAME_OF_KIND,
        forum_kind=SearchKind.COMMENT,
        hit_url=hit_url,
        suggested_courses=suggested,
    )


@bp.route("/buscar/sugerencias")
@read_only
@limiter.limit(lambda: current_app.config["RATELIMIT_SEARCH_SUGGESTIONS"])
def suggestions():
    hits = search.suggest(request.args.get("q"), current_user)
    return jsonify(
        sugerencias=[
            {
                "titulo": hit.title,
                "tipo": KIND_LABELS[hit.kind],
                "curso": hit.course_title,
                "url": hit_url(hit),
                "bloqueada": hit.locked,
            }
            for hit in hits
        ]
    )


def hit_url(hit: search.Hit | search.Suggestion) -> str:
    """Where a result leads: the course, the lesson, the recipe, or the comment's thread."""
    if hit.kind is SearchKind.COURSE:
        return url_for("catalog.course", slug=hit.course_slug)
    if hit.kind is SearchKind.LESSON:
        return url_for("learn.lesson", slug=hit.course_slug, lesson_id=hit.item_id)
    if hit.kind is SearchKind.RECIPE:
        return url_for("learn.recipe", slug=hit.course_slug, recipe_id=hit.item_id)
    return url_for("forum.show_comment", comment_id=hit.item_id)


KIND_LABELS = {
    SearchKind.COURSE: "Curso",
    SearchKind.LESSON: "Lección",
    SearchKind.RECIPE: "Receta",
    SearchKind.COMMENT: "Foro",
}
