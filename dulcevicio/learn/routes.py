"""Views of the learn blueprint."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services import access

bp = Blueprint("learn", __name__)


@bp.route("/mis-cursos")
@login_required
def dashboard():
    query = access.accessible_courses(current_user).options(selectinload(Course.lessons))
    return render_template("learn/dashboard.html", courses=list(db.session.scalars(query)))
