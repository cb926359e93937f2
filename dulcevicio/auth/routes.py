"""Views of the auth blueprint."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from dulcevicio.auth.forms import ChangePasswordForm, LoginForm, ProfileForm, SetPasswordForm
from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.extensions import db, limiter
from dulcevicio.models import DeviceEndReason, User, utcnow
from dulcevicio.notifications.forms import preferences_form
from dulcevicio.routing import parse_id
from dulcevicio.services import (
    access,
    accounts,
    devices,
    network,
    notifications,
    settings,
    two_step,
)
from dulcevicio.services.accounts import LoginStatus
from dulcevicio.services.media import uploads
from dulcevicio.services.media.images import ImageRejected
from dulcevicio.services.storage import StorageError

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "Correo, usuario o contraseña incorrectos."


def _login_failed(_response) -> bool:
    return g.get("login_failed", False)


def _login_account_key() -> str:
    return "login-account:" + request.form.get("login", "").strip().lower()[:254]


def _current_user_key() -> str:
    return f"user:{current_user.id}"


def home_for(user: User) -> str:
    return url_for("admin.index") if access.is_admin(user) else url_for("learn.dashboard")


def start_session(user: User, remember: bool) -> None:
    """A brand-new session for `user` on a new device session (ending the oldest beyond
    the device limit): nothing from before login survives."""
    session.clear()
    devices.start(user, user_agent=request.user_agent.string, ip=network.client_ip())
    login_user(user, remember=remember)


@bp.route("/ingresar", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_IP"],
    methods=["POST"],
    deduct_when=_login_failed,
)
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
)
def login():
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        result = accounts.authenticate(form.login.data, form.password.data)
        if result.status is LoginStatus.OK:
            user = result.user
            start_session(user, remember=form.remember_me.data)
            user.second_step_pending = not two_step.satisfied(user)
            db.session.commit()
            if user.second_step_pending:
                return redirect(url_for("auth.second_step", next=next_url))
            flash(f"¡Hola, {user.display_name}!", "success")
            return redirect(next_url or home_for(user))
        db.session.commit()  # the attempt is already counted; this keeps any reset
        if result.status is LoginStatus.LOCKED:
            abort(429)
        g.login_failed = True
        if result.status is LoginStatus.INACTIVE:
            form.form_errors.append(
                "Tu cuenta está desactivada. Escríbenos si crees que es un error."
            )
        else:
            form.form_errors.append(LOGIN_FAILED)
    return render_template("auth/login.html", form=form)


@bp.route("/salir", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Ending the device also refuses a copy of this cookie replayed later; the
        # student's other devices stay signed in.
        devices.end(current_user.current_device, DeviceEndReason.SIGNED_OUT)
        db.session.commit()
        logout_user()
    session.clear()
    flash("Cerraste sesión. ¡Hasta pronto!", "info")
    return redirect(url_for("catalog.index"))


@bp.route("/clave/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SET_PASSWORD"])
def set_password(token: str):
    user = accounts.user_for_password_token(token)
    if user is None:
        return render_template("auth/link_invalid.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)
        user.last_login_at = utcnow()
        start_session(user, remember=False)
        db.session.commit()
        flash("Tu contraseña quedó guardada. ¡Te damos la bienvenida a DulceVicio!", "success")
        return redirect(home_for(user))
    return render_template("auth/set_password.html", form=form, user=user)


@bp.route("/cuenta", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(current_user)
    if form.validate_on_submit():
        try:
            if form.avatar.data:
                uploads.replace_avatar(current_user, form.avatar.data.stream)
            elif form.remove_avatar.data:
                uploads.remove_avatar(current_user)
        except (ImageRejected, StorageError) as error:
            form.avatar.errors.append(str(error))
        else:
            current_user.full_name = form.full_name.data.strip()
            current_user.username = form.username.data or None
            current_user.phone = form.phone.data
            db.session.commit()
            flash("Tus datos se guardaron.", "success")
            return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        second_step=_second_step_status(current_user),
        notification_form=preferences_form(notifications.muted_kinds(current_user)),
    )


def _second_step_status(user: User) -> dict | None:
    """What an admin's account page says of her second step (None for students)."""
    if not access.is_admin(user):
        return None
    active = two_step.record_of(user) is not None
    return {"active": active, "codes_left": two_step.recovery_codes_left(user) if active else 0}


@bp.route("/cuenta/clave", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"],
    key_func=_current_user_key,
    methods=["POST"],
)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("La contraseña actual no es correcta.")
        else:
            user = current_user._get_current_object()
            remembered = current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies
            accounts.set_password(user, form.password.data)  # ends every other session
            start_session(user, remember=remembered)
            db.session.commit()
            flash("Tu contraseña cambió. Cerramos tu sesión en los demás dispositivos.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/cuenta/dispositivos", methods=["GET", "POST"])
@login_required
def devices_page():
    user = current_user._get_current_object()
    if request.method == "POST":
        if request.form.get("cerrar") == "otros":
            closed = devices.end_others(user, keep=user.current_device)
            db.session.commit()
            flash(_closed_others_message(closed), "success")
            return redirect(url_for("auth.devices_page"))
        device_id = parse_id(request.form.get("dispositivo"))
        device = devices.active_device_of(user, device_id) if device_id else None
        if device is None:  # someone else's, already ended, or no device at all
            abort(404)
        devices.end(device, DeviceEndReason.CLOSED)
        db.session.commit()
        if device.id == user.current_device.id:
            logout_user()
            session.clear()
            flash("Cerraste la sesión de este dispositivo.", "info")
            return redirect(url_for("auth.login"))
        flash(f"Cerramos la sesión en {device.label}.", "success")
        return redirect(url_for("auth.devices_page"))
    return render_template(
        "auth/devices_page.html",
        devices=devices.active_of(user),
        limit=devices.limit_for(user, settings.current().device_limit),
    )


def _closed_others_message(closed: int) -> str:
    if closed == 0:
        return "No tenías sesiones abiertas en otros dispositivos."
    if closed == 1:
        return "Cerramos la sesión en el otro dispositivo."
    return f"Cerramos la sesión en los otros {closed} dispositivos."
