"""Views of the catalog blueprint: landing page, catalog and course pages."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from dulcevicio.catalog.cards import catalog_cards
from dulcevicio.loaders import course_or_404, course_page
from dulcevicio.models import utcnow
from dulcevicio.public_cache import public_page
from dulcevicio.read_only_views import read_only
from dulcevicio.services import access, bakes, catalog, progress
from dulcevicio.services.storage import MediaKind, file_url

bp = Blueprint("catalog", __name__)

GALLERY_WIDTH = 600
SOON = timedelta(days=7)  # access ending this soon is highlighted


@bp.route("/")
@read_only
@public_page
def index():
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    return render_template("catalog/index.html", cards=catalog_cards(set(), heading="h3"))


@bp.route("/cursos")
@read_only
@public_page
def courses():
    return render_template(
        "catalog/courses.html",
        cards=catalog_cards(access.accessible_course_ids(current_user), heading="h2"),
    )


@bp.route("/cursos/<slug>")
@read_only
@public_page
def course(slug: str):
    course = course_or_404(slug, course_page)
    unlocked = access.can_access_course(current_user, course)
    lessons = access.visible_items(current_user, course.lessons)
    recipes = access.visible_items(current_user, course.recipes)
    # Paid content is only sent to viewers who may see it, not hidden with CSS.
    viewable = access.viewable_recipes(current_user, recipes, course_access=unlocked)
    # Without access, the samples' photos and titles (with it, the whole gallery).
    samples = [] if unlocked else access.sample_recipes(current_user, course, recipes)
    image_urls = {
        recipe.id: file_url(MediaKind.RECIPE_IMAGE, recipe.image_public_id, GALLERY_WIDTH)
        for recipe in (*viewable, *samples)
        if recipe.image_public_id
    }
    states = progress.lesson_states(current_user, [course.id])
    # Bakes the admin featured with their authors' consent: public, photo and short name.
    featured = [
        {
            "text": bake.text,
            "author": bake.author,
            "photo_url": file_url(MediaKind.BAKE_PHOTO, bake.photo_public_id, GALLERY_WIDTH),
        }
        for bake in bakes.featured_bakes(course)
    ]
    return render_template(
        "catalog/course.html",
        course=course,
        lessons=lessons,
        watchable=access.watchable_lesson_ids(current_user, course, course_access=unlocked),
        recipes=viewable,
        recipe_count=len(recipes),
        samples=samples,
        pitch=catalog.course_pitch(course),
        image_urls=image_urls,
        unlocked=unlocked,
        states=states,
        summary=progress.course_progress(course.lessons, states),
        access_end=access.access_ends(current_user, [course.id]).get(course.id),
        soon=utcnow() + SOON,
        featured_bakes=featured,
    )
