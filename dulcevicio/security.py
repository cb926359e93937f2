"""Sessions (Flask-Login), HTTP security headers (Talisman), caching, secrets kept out of
logs."""

from __future__ import annotations

import logging
import re

import sqlalchemy as sa
from flask import Flask, current_app, flash, g, request, session
from flask_login import AnonymousUserMixin, current_user, logout_user
from flask_talisman import Talisman

from dulcevicio.extensions import db, login_manager
from dulcevicio.models import DeviceEndReason, DeviceSession, User
from dulcevicio.services import devices, notifications, two_step
from dulcevicio.services.storage.cloudinary import CloudinaryAccount
from dulcevicio.statements import prepared


def content_security_policy(app: Flask) -> dict:
    """Our own origin only, plus Cloudinary's hosts when media live there."""
    if app.config.get("CLOUDINARY_URL"):
        account = CloudinaryAccount.from_url(app.config["CLOUDINARY_URL"])
        delivery, api = account.delivery_origin, account.api_origin
    else:
        delivery, api = "https://res.cloudinary.com", "https://api.cloudinary.com"
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        # data: for the small SVGs Bootstrap's CSS inlines (select arrows, navbar toggler).
        "img-src": ["'self'", "data:", delivery],
        "media-src": ["'self'", delivery],
        # The browser uploads lesson videos straight to Cloudinary.
        "connect-src": ["'self'", api],
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        # The installable app: its service worker (/sw.js) and manifest, from our origin.
        "worker-src": "'self'",
        "manifest-src": "'self'",
    }


# Public assets: the static routes decide their caching (revalidated by ETag); so do the
# installable app's own files (app_shell.py), which hold nobody's data and touch no session.
STATIC_ENDPOINTS = frozenset(
    {
        "static",
        "bootstrap.static",
        "app_shell.manifest",
        "app_shell.service_worker",
        "app_shell.offline",
    }
)


def keep_out_of_caches(response):
    """Nothing the app renders is kept by a browser or a proxy: its pages show paid content
    or someone's data, and its forms carry CSRF tokens. Static assets, files a view marks
    public (covers, avatars) and stored files whose key never changes that a view marks
    immutable (paid images and videos, `private` to the viewer's browser) keep their own
    caching. A refusal is an error page, so it is never stored."""
    cache = response.cache_control
    if request.endpoint not in STATIC_ENDPOINTS and not (cache.public or cache.immutable):
        response.headers["Cache-Control"] = "no-store"
    return response


# A set-password link is a password in a URL: the request line and the Referer of an
# access log would write it down.
SECRET_IN_PATH = re.compile(r"(/clave/)[^\s\"'?#/]+")
# Request logs: werkzeug's (development server), gunicorn's (production).
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class RedactSecrets(logging.Filter):
    """Replaces set-password tokens in a log record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = SECRET_IN_PATH.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def redact_secrets_in_logs(app: Flask) -> None:
    for name in (*REQUEST_LOGGERS, app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactSecrets) for existing in logger.filters):
            logger.addFilter(RedactSecrets())


class AnonymousUser(AnonymousUserMixin):
    is_admin = False
    display_name = ""


# Shown on a device whose session ended because the student signed in on another one.
REPLACED_NOTICE = "Cerramos tu sesión porque ingresaste desde otro dispositivo."


@prepared
def _user_and_device() -> sa.Select:
    return (
        sa.select(User, DeviceSession, notifications.unread_column(User.id).label("unread"))
        .join(DeviceSession, DeviceSession.user_id == User.id)
        .where(DeviceSession.token == sa.bindparam("token"))
    )


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Sessions and remember-me cookies carry a device token: the user, the device and the
    bell's count of unread notifications come in one query. An ended device (or a
    deactivated account) loads nobody and leaves the reason in `g.device_ended` for
    `sign_out_ended_device`."""
    cached = g.get("_device_lookup")
    if cached is not None and cached[0] == token:  # the remember-me cookie names it again
        return cached[1]
    row = db.session.execute(_user_and_device(), {"token": token}).first()
    user = None
    if row is None:
        g.device_ended = "unknown"
    elif row.DeviceSession.ended_at is not None or not row.User.is_active:
        g.device_ended = row.DeviceSession.end_reason or "inactive"
    else:
        user = row.User
        user.current_device = row.DeviceSession
        user.unread_notifications = row.unread  # the bell's count, with no query of its own
        devices.note_seen(row.DeviceSession)
        # An admin who has not passed the second step in this session is no admin yet.
        user.second_step_pending = not two_step.satisfied(user)
    g._device_lookup = (token, user)
    return user


def sign_out_ended_device() -> None:
    """A browser whose device ended is signed out on its next request: its session and
    remember-me cookies are dropped, and when another sign-in replaced it, it is told why
    on this very page. Only requests that carry a login pay for loading the user, which
    almost every page does anyway for its navigation bar."""
    if request.endpoint in STATIC_ENDPOINTS:
        return
    remembered = current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies
    if "_user_id" not in session and not remembered:
        return
    user = current_user._get_current_object()
    reason = g.pop("device_ended", None)
    if reason is None or user.is_authenticated:
        return
    logout_user()
    if reason is DeviceEndReason.REPLACED:
        flash(REPLACED_NOTICE, "warning")


def init_security(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Inicia sesión para continuar."
    login_manager.login_message_category = "info"
    # "strong" logs phone users out whenever their IP changes; token rotation covers theft.
    login_manager.session_protection = "basic"
    login_manager.anonymous_user = AnonymousUser

    # One Talisman per app: it keeps its options on the instance, so a shared one would
    # apply the last app's policy to every app in the process.
    production = app.config["FORCE_HTTPS"]
    app.extensions["talisman"] = Talisman(
        app,
        force_https=production,
        strict_transport_security=production,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        frame_options="DENY",
        content_security_policy=content_security_policy(app),
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
    )
    app.before_request(sign_out_ended_device)
    app.after_request(keep_out_of_caches)
    redact_secrets_in_logs(app)
