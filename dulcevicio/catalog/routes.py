"""Views of the catalog blueprint."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services import access

bp = Blueprint("catalog", __name__)


def active_courses() -> list[Course]:
    """Active courses in admin order, with their lessons loaded in one more query."""
    query = (
        sa.select(Course)
        .where(Course.is_active)
        .order_by(Course.position, Course.id)
        .options(selectinload(Course.lessons))
    )
    return list(db.session.scalars(query))


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    return render_template("catalog/index.html", courses=active_courses(), unlocked_ids=set())


@bp.route("/cursos")
def courses():
    return render_template(
        "catalog/courses.html",
        courses=active_courses(),
        unlocked_ids=access.accessible_course_ids(current_user),
    )
