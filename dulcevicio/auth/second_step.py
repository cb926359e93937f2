"""The admin's second step (/ingresar/verificacion): set up an authenticator app, then a
code at every sign-in on a device she has not trusted. See services/two_step.py."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dulcevicio.auth.forms import SecondStepForm, SecondStepSetupForm
from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.auth.routes import bp, home_for
from dulcevicio.extensions import db
from dulcevicio.models import Role
from dulcevicio.services import accounts, two_step

WRONG_CODE = (
    "Ese código no sirve: revisa que sea el que muestra ahora tu app, o usa un código de "
    "recuperación que no hayas usado."
)
FEW_CODES = 3


@bp.route("/ingresar/verificacion", methods=["GET", "POST"])
@login_required
def second_step():
    user = current_user._get_current_object()
    if user.role is not Role.ADMIN:
        abort(404)  # students are never asked
    next_url = safe_next_url(request.args.get("next"))
    if two_step.record_of(user) is None:
        return _set_up(user, next_url)
    if user.second_step_pending is False and request.method == "GET":
        return redirect(next_url or home_for(user))  # already passed in this session
    form = SecondStepForm()
    if form.validate_on_submit():
        if not accounts.count_attempt(user):
            db.session.commit()
            abort(429)
        code = form.code.data
        if two_step.accept_code(user, code) or two_step.use_recovery_code(user, code):
            accounts.clear_attempts(user)
            db.session.commit()
            two_step.mark_passed(user)
            user.second_step_pending = False
            left = two_step.recovery_codes_left(user)
            if left <= 3:
                flash(
                    f"Te quedan {left} códigos de recuperación. Genera nuevos en tu cuenta.",
                    "warning",
                )
            response = redirect(next_url or home_for(user))
            if form.trust_device.data:
                name, value, max_age = two_step.trust_cookie(user)
                response.set_cookie(
                    name,
                    value,
                    max_age=max_age,
                    httponly=True,
                    samesite="Lax",
                    secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
                )
            return response
        db.session.commit()  # the attempt stays counted
        g.login_failed = True
        form.form_errors.append(WRONG_CODE)
    return render_template("auth/second_step.html", form=form)


def _set_up(user, next_url):
    secret = two_step.setup_secret()
    form = SecondStepSetupForm()
    if form.validate_on_submit():
        if not accounts.count_attempt(user):
            db.session.commit()
            abort(429)
        if two_step.confirm_setup(user, form.code.data):
            accounts.clear_attempts(user)
            codes = two_step.new_recovery_codes(user)
            db.session.commit()
            two_step.mark_passed(user)
            user.second_step_pending = False
            return render_template(
                "auth/second_step_codes.html", codes=codes, next_url=next_url or home_for(user)
            )
        db.session.commit()
        g.login_failed = True
        form.form_errors.append(
            "Ese código no coincide. Escribe el que muestra la app ahora (cambia cada 30 segundos)."
        )
    return render_template(
        "auth/second_step_setup.html",
        form=form,
        qr=two_step.setup_qr(user, secret),
        secret=two_step.readable_secret(secret),
    )


@bp.route("/cuenta/verificacion/codigos", methods=["POST"])
@login_required
def new_recovery_codes():
    """Ten new recovery codes (the old ones stop working), for an admin past the step."""
    user = current_user._get_current_object()
    record = two_step.record_of(user) if user.role is Role.ADMIN else None
    if record is None or user.second_step_pending:
        abort(404)
    codes = two_step.new_recovery_codes(user)
    db.session.commit()
    return render_template(
        "auth/second_step_codes.html", codes=codes, next_url=url_for("auth.account")
    )
