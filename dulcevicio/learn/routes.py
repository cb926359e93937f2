"""Views of the learn blueprint: "Mis cursos", lessons and progress, recipes, the book."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from dulcevicio.errors import wants_json
from dulcevicio.extensions import db
from dulcevicio.formatting import masked_email
from dulcevicio.loaders import (
    course_for_recipe_page,
    course_or_404,
    course_with_lessons,
    course_with_recipes,
    deny,
    lesson_or_404,
    recipe_or_404,
)
from dulcevicio.models import Course, Lesson, Recipe, utcnow
from dulcevicio.public_cache import public_page
from dulcevicio.read_only_views import read_only
from dulcevicio.services import access, book_downloads, catalog, certificates, grants, progress
from dulcevicio.services.kitchen.recipe_view import recipe_view
from dulcevicio.services.progress import InvalidPosition
from dulcevicio.services.recipe_book import ensure_recipe_book_current
from dulcevicio.services.storage import MediaKind, file_url, get_storage
from dulcevicio.services.whatsapp import chat_url

bp = Blueprint("learn", __name__)

SOON = timedelta(days=7)


def neighbours(items: list, current) -> tuple:
    index = items.index(current)
    return (items[index - 1] if index else None), (
        items[index + 1] if index + 1 < len(items) else None
    )


@bp.route("/mis-cursos")
@read_only
@login_required
def dashboard():
    courses = access.accessible_courses(current_user)
    ids = [course.id for course in courses]
    # Courses whose access ended stay, locked, with their progress and a way to renew.
    ended = grants.ended_access(current_user)
    for course_id in ids:
        ended.pop(course_id, None)
    lost = catalog.courses_with_lessons(set(ended))
    states = progress.lesson_states(current_user, ids + [course.id for course in lost])
    ends = access.access_ends(current_user, ids)
    cards = [(c, progress.course_progress(c.lessons, states), ends.get(c.id)) for c in courses]
    ended_cards = [(c, progress.course_progress(c.lessons, states), ended[c.id]) for c in lost]
    completed = [c.id for c, summary, _ in cards if summary.total and not summary.next_lesson]
    return render_template(
        "learn/dashboard.html",
        cards=cards,
        ended_cards=ended_cards,
        soon=utcnow() + SOON,
        # Asked only when a course is completed: most dashboards pay no query for it.
        certificate_codes=certificates.codes_for(current_user, completed) if completed else {},
    )


@bp.route("/cursos/<slug>/lecciones/<id:lesson_id>")
@read_only
@public_page
def lesson(slug: str, lesson_id: int):
    course = course_or_404(slug, course_with_lessons)
    lesson = lesson_or_404(course, lesson_id)
    unlocked = access.can_access_course(current_user, course)
    if not access.can_watch_lesson(current_user, lesson, course_access=unlocked):
        deny(course)
    lessons = access.visible_items(current_user, course.lessons)
    states = progress.lesson_states(current_user, [course.id])
    video_url = file_url(MediaKind.VIDEO, lesson.video_public_id)
    previous, following = neighbours(lessons, lesson)
    watchable = access.watchable_lesson_ids(current_user, course, course_access=unlocked)
    return render_template(
        "learn/lesson.html",
        # A recipe step's "ver este paso en el video" opens the lesson at its second.
        start=_start_second(lesson),
        course=course,
        lesson=lesson,
        lessons=lessons,
        watchable=watchable,
        states=states,
        state=states.get(lesson.id),
        video_url=video_url,
        # Paid lessons carry the viewer's masked e-mail over the video; previews do not.
        watermark=(
            masked_email(current_user.email)
            if video_url and not lesson.is_preview and current_user.is_authenticated
            else None
        ),
        previous=previous,
        following=following,
        following_open=following is not None and following.id in watchable,
    )


def _start_second(lesson: Lesson) -> int | None:
    second = request.args.get("t", type=int)
    if second is None or second <= 0:
        return None
    if lesson.video_duration_seconds:
        second = min(second, lesson.video_duration_seconds)
    return second


def _watchable_lesson_or_404(lesson_id: int) -> access.LessonToWatch:
    """The lesson behind the player's saves and the completion toggle, if she may watch it
    (one query: the player saves every 10 s)."""
    lesson = access.lesson_to_watch(current_user, lesson_id)
    if lesson is None or not lesson.visible:
        abort(404)
    if not lesson.watchable:
        abort(403)
    return lesson


def _number(value: object, from_form: bool) -> object:
    """JSON must carry numbers; a beacon's form fields carry them as text."""
    if from_form and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


@bp.route("/lecciones/<id:lesson_id>/progreso", methods=["POST"])
def lesson_progress(lesson_id: int):
    """The player's saves: JSON with an X-CSRFToken header, or a sendBeacon form. The
    hottest write of the site: the user, the access rule and the upsert, three statements."""
    if not current_user.is_authenticated:
        return jsonify(error="Inicia sesión para guardar tu avance."), 401
    lesson = _watchable_lesson_or_404(lesson_id)
    from_form = not request.is_json
    payload = request.form if from_form else request.get_json(silent=True)
    if not isinstance(payload, Mapping):
        return jsonify(error="Envía la posición como JSON."), 400
    try:
        position, duration = progress.checked_position(
            lesson,
            _number(payload.get("position"), from_form),
            _number(payload.get("duration"), from_form),
        )
    except InvalidPosition as error:
        return jsonify(error=str(error)), 400
    state = progress.save_position(current_user, lesson, position, duration)
    db.session.commit()
    return jsonify(position=state.last_watched_position, completed=state.completed)


@bp.route("/lecciones/<id:lesson_id>/completada", methods=["POST"])
@login_required
def lesson_completed(lesson_id: int):
    lesson = _watchable_lesson_or_404(lesson_id)
    choice = request.form.get("completed")
    if choice not in ("0", "1"):
        abort(400)
    progress.set_completed(current_user, lesson, choice == "1")
    db.session.commit()
    if wants_json():  # the lesson page's script updates the page itself
        return jsonify(completed=choice == "1")
    flash(
        "¡Lección completada!" if choice == "1" else "Marcamos la lección como pendiente.",
        "success",
    )
    return redirect(url_for("learn.lesson", slug=lesson.course_slug, lesson_id=lesson.id))


def _viewable_recipe(
    slug: str, recipe_id: int, statement: Callable[[], sa.Select] = course_with_recipes
) -> tuple[Course, Recipe]:
    course = course_or_404(slug, statement)
    recipe = recipe_or_404(course, recipe_id)
    if not access.can_view_recipe(current_user, recipe):
        deny(course)
    return course, recipe


@bp.route("/cursos/<slug>/recetas/<id:recipe_id>")
@read_only
def recipe(slug: str, recipe_id: int):
    course, recipe = _viewable_recipe(slug, recipe_id, course_for_recipe_page)
    recipes = access.visible_items(current_user, course.recipes)
    image_url = file_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id)
    previous, following = neighbours(recipes, recipe)
    view = recipe_view(recipe.structure) if recipe.structure else None
    return render_template(
        "learn/recipe.html",
        course=course,
        recipe=recipe,
        view=view,
        shopping_url=chat_url(None, view.shopping_list(recipe.title)) if view else None,
        image_url=image_url,
        previous=previous,
        following=following,
    )


@bp.route("/cursos/<slug>/recetas/<id:recipe_id>/cocina")
@read_only
def kitchen(slug: str, recipe_id: int):
    """Kitchen mode: the steps one at a time, large, with their lines and timers."""
    course, recipe = _viewable_recipe(slug, recipe_id)
    if recipe.structure is None or not recipe.structure.steps:
        # Nothing to step through: the recipe page shows what there is.
        return redirect(url_for("learn.recipe", slug=course.slug, recipe_id=recipe.id))
    return render_template(
        "learn/kitchen.html", course=course, recipe=recipe, view=recipe_view(recipe.structure)
    )


@bp.route("/cursos/<slug>/recetario.pdf")
def recipe_book(slug: str):
    """A student gets her own stamped copy (recorded); an admin the book as built."""
    course = course_or_404(slug)
    if not access.can_access_course(current_user, course):
        deny(course)
    if ensure_recipe_book_current(course):  # a batch of uploads left it behind
        db.session.commit()
    missing = render_template("learn/recipe_book_missing.html", course=course), 404
    download_name = f"recetario-{course.slug}.pdf"
    if access.is_admin(current_user):
        try:
            if not course.recipe_pdf_public_id:
                raise FileNotFoundError(slug)
            return get_storage().send(
                MediaKind.RECIPE_BOOK, course.recipe_pdf_public_id, download_name=download_name
            )
        except FileNotFoundError:
            return missing
    try:
        copy = book_downloads.stamped_copy(course, current_user)
    except book_downloads.BookUnavailable:
        db.session.rollback()
        return missing
    db.session.commit()
    response = Response(copy.chunks(), mimetype="application/pdf", direct_passthrough=True)
    response.content_length = copy.length
    response.headers.set("Content-Disposition", "attachment", filename=download_name)
    return response
