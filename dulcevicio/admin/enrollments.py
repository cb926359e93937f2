"""Admin: enrollments — list, grant (one or many), extend, revoke."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.access import (
    BulkEnrollmentForm,
    EnrollmentFilterForm,
    EnrollmentForm,
)
from dulcevicio.admin.forms.fields import choices
from dulcevicio.admin.helpers import (
    acting_admin,
    extend_from_form,
    paginate,
    redirect_back,
    user_from_args,
)
from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Course, Enrollment
from dulcevicio.services import enrollment, grants, users
from dulcevicio.services.grants import ENROLLMENT


def course_choices() -> list[SelectChoice]:
    """Every course, in admin order, as form choices (one query)."""
    query = sa.select(Course.id, Course.title).order_by(Course.position, Course.id)
    return choices(db.session.execute(query))


@bp.route("/inscripciones")
def enrollments_list():
    form = EnrollmentFilterForm(formdata=request.args)
    form.course.choices = [SelectChoice(0, "Todos los cursos"), *course_choices()]
    data = form.valid_data()
    query = grants.list_query(
        ENROLLMENT,
        course_id=data.get("course") or None,
        search=users.search_clause(data.get("q")),
        wanted=ENROLLMENT.parse_status(data.get("status")),
    )
    page = paginate(query)
    return render_template("admin/enrollments_list.html", form=form, page=page)


@bp.route("/inscripciones/nueva", methods=["GET", "POST"])
def enrollment_new():
    prefill = user_from_args()
    form = EnrollmentForm(user=prefill.email if prefill else "", course=request.args.get("curso"))
    form.course.choices = course_choices()
    if form.validate_on_submit():
        user, course = form.user.user, db.session.get(Course, form.course.data)
        granted = enrollment.grant_enrollment(
            user, course, expires_at=form.expires_at(), granted_by=acting_admin()
        )
        db.session.commit()
        until = (
            f"hasta el {long_date(granted.expires_at)}" if granted.expires_at else "sin vencimiento"
        )
        flash(f"{user.display_name} tiene acceso a «{course.title}» {until}.", "success")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/enrollment_new.html", form=form)


@bp.route("/inscripciones/masiva", methods=["GET", "POST"])
def enrollment_bulk():
    form = BulkEnrollmentForm()
    form.course.choices = course_choices()
    if form.validate_on_submit():
        course, expires_at = db.session.get(Course, form.course.data), form.expires_at()
        emails = enrollment.parse_emails(form.emails.data)
        result = enrollment.bulk_grant(
            course, emails, expires_at=expires_at, granted_by=acting_admin()
        )
        db.session.commit()
        # Shown once, not redirected: the report is too long for a flash message.
        return render_template(
            "admin/enrollment_bulk_result.html", course=course, result=result, expires_at=expires_at
        )
    return render_template("admin/enrollment_bulk.html", form=form)


@bp.route("/inscripciones/<id:enrollment_id>/extender", methods=["POST"])
def enrollment_extend(enrollment_id: int):
    row = db.get_or_404(Enrollment, enrollment_id)
    extend_from_form(row, "Acceso extendido hasta el {end}.")
    return redirect_back(url_for("admin.enrollments_list"))


@bp.route("/inscripciones/<id:enrollment_id>/revocar", methods=["POST"])
def enrollment_revoke(enrollment_id: int):
    row = db.get_or_404(Enrollment, enrollment_id)
    enrollment.revoke_enrollment(row)
    db.session.commit()
    flash("Inscripción revocada: el alumno ya no tiene acceso a ese curso.", "info")
    return redirect_back(url_for("admin.enrollments_list"))
