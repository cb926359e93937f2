"""Views of the catalog blueprint: landing page, catalog and course pages."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from dulcevicio.catalog.cards import catalog_cards
from dulcevicio.loaders import COURSE_PAGE, course_or_404
from dulcevicio.models import utcnow
from dulcevicio.services import access, progress
from dulcevicio.services.storage import MediaKind, file_url

bp = Blueprint("catalog", __name__)

GALLERY_WIDTH = 600
SOON = timedelta(days=7)  # access ending this soon is highlighted


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    return render_template("catalog/index.html", cards=catalog_cards(set(), heading="h3"))


@bp.route("/cursos")
def courses():
    return render_template(
        "catalog/courses.html",
        cards=catalog_cards(access.accessible_course_ids(current_user), heading="h2"),
    )


@bp.route("/cursos/<slug>")
def course(slug: str):
    course = course_or_404(slug, COURSE_PAGE)
    admin = access.is_admin(current_user)
    unlocked = access.can_access_course(current_user, course)
    lessons = [lesson for lesson in course.lessons if lesson.is_active or admin]
    recipes = [recipe for recipe in course.recipes if recipe.is_active or admin]
    states = progress.lesson_states(current_user, [course.id])
    # Paid content is only sent to viewers who may see it, not hidden with CSS.
    image_urls = (
        {
            recipe.id: file_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id, GALLERY_WIDTH)
            for recipe in recipes
            if recipe.image_public_id
        }
        if unlocked
        else {}
    )
    return render_template(
        "catalog/course.html",
        course=course,
        lessons=lessons,
        recipes=recipes if unlocked else [],
        recipe_count=len(recipes),
        image_urls=image_urls,
        unlocked=unlocked,
        states=states,
        summary=progress.course_progress(course.lessons, states),
        access_end=access.access_ends(current_user, [course.id]).get(course.id),
        soon=utcnow() + SOON,
    )
