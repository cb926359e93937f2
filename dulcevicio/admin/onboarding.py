"""Admin: one-step onboarding (/admin/alumnas/nueva) — account, access, payment and the
link to send her by WhatsApp, from one form."""

from __future__ import annotations

from flask import render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.enrollments import course_choices
from dulcevicio.admin.forms.onboarding import COURSE, OnboardingForm
from dulcevicio.admin.helpers import acting_admin
from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Course
from dulcevicio.services import accounts, grants, onboarding, payments, whatsapp

REFUSALS = (onboarding.OnboardingRejected, payments.PaymentRejected, accounts.AccountRuleError)


@bp.route("/alumnas/nueva", methods=["GET", "POST"])
def onboarding_page():
    form = OnboardingForm(course=request.args.get("curso", type=int))
    form.course.choices = course_choices()
    form.set_currency_choices()
    if form.validate_on_submit():
        course = db.session.get(Course, form.course.data) if form.purchase.data == COURSE else None
        try:
            done = onboarding.onboard(
                email=form.email_address(),
                full_name=form.full_name.data,
                phone=form.phone.data,
                purchase=onboarding.Purchase(course, form.expires_at()),
                payment=form.payment_details("Alta") if form.has_payment() else None,
                by=acting_admin(),
            )
        except REFUSALS as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return _done_page(done)
    return render_template("admin/onboarding.html", form=form)


def _done_page(done: onboarding.Onboarded):
    """Shown once (it holds a live link), never redirected to."""
    user, grant = done.user, done.grant
    what = payments.grant_label(grant)
    end = grants.ends_at(grant)
    if done.password_token:
        link = url_for("auth.set_password", token=done.password_token, _external=True)
        message = whatsapp.to_student(user, "invitation", curso=what, enlace=link)
    else:
        link = url_for("auth.login", _external=True)
        until = f"hasta el {long_date(end)}" if end else "sin vencimiento"
        message = whatsapp.to_student(user, "access_granted", curso=what, fecha=until, enlace=link)
    return render_template(
        "admin/onboarding_done.html",
        done=done,
        what=what,
        end=end,
        link=link,
        whatsapp_url=message,
    )
