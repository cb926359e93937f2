"""Admin: enrollments — list, grant (one or many), extend, revoke."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.access import (
    BulkEnrollmentForm,
    EnrollmentFilterForm,
    EnrollmentForm,
    NewStudentsForm,
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
from dulcevicio.services import accounts, enrollment, grants, onboarding, users, whatsapp
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
        pasted = enrollment.read_emails(form.emails.data)
        result = enrollment.bulk_grant(
            course, pasted.emails, expires_at=expires_at, granted_by=acting_admin()
        )
        db.session.commit()
        # Shown once, not redirected: the report is too long for a flash message.
        return render_template(
            "admin/enrollment_bulk_result.html",
            course=course,
            result=result,
            malformed=pasted.malformed,
            expires_at=expires_at,
            period=form,
        )
    return render_template("admin/enrollment_bulk.html", form=form)


@bp.route("/inscripciones/masiva/cuentas", methods=["POST"])
def enrollment_bulk_accounts():
    """The bulk result's unknown e-mails, made into enrolled accounts with their links."""
    form = NewStudentsForm()
    form.course.choices = course_choices()
    if not form.validate_on_submit():
        return _bulk_again(" ".join(error for field in form for error in field.errors))
    course = db.session.get(Course, form.course.data)
    try:
        people = form.people(request.form)
        invited = onboarding.create_and_enroll(
            course, people, expires_at=form.expires_at(), by=acting_admin()
        )
    except (ValidationError, onboarding.OnboardingRejected, accounts.AccountRuleError) as error:
        db.session.rollback()
        return _bulk_again(str(error))
    db.session.commit()
    links = [
        (
            person.user,
            link := url_for("auth.set_password", token=person.password_token, _external=True),
            whatsapp.to_student(person.user, "invitation", curso=course.title, enlace=link),
        )
        for person in invited
    ]
    return render_template("admin/enrollment_bulk_accounts.html", course=course, links=links)


def _bulk_again(problem: str):
    """The bulk form again, saying why no account was created."""
    flash(f"No se creó ninguna cuenta: {problem}", "danger")
    form = BulkEnrollmentForm(formdata=None)
    form.course.choices = course_choices()
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
