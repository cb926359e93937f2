"""Spanish error pages (HTML, or JSON for JSON requests); the 500 and 503 handlers roll back."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, jsonify, render_template, request
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from dulcevicio.extensions import db

MESSAGES = {
    400: (
        "Solicitud no válida",
        "No pudimos procesar lo que enviaste. Revisa los datos e inténtalo de nuevo.",
    ),
    403: ("Acceso denegado", "No tienes permiso para ver esta página."),
    404: ("Página no encontrada", "La página que buscas no existe o ya no está disponible."),
    405: ("Método no permitido", "Esta dirección no acepta esa acción."),
    413: ("Archivo demasiado grande", "El archivo que enviaste supera el tamaño máximo permitido."),
    429: (
        "Demasiados intentos",
        "Hiciste demasiadas solicitudes seguidas. Espera unos minutos e inténtalo de nuevo.",
    ),
    500: (
        "Algo salió mal",
        "Tuvimos un problema inesperado. Ya quedó registrado; inténtalo de nuevo en un momento.",
    ),
    503: (
        "Servicio no disponible",
        "No pudimos completar la operación porque la base de datos no respondió. "
        "Inténtalo de nuevo en un momento.",
    ),
}
RETRY_AFTER_SECONDS = 10

log = logging.getLogger(__name__)
CSRF_MESSAGE = (
    "El formulario caducó o le falta el código de seguridad. "
    "Vuelve a cargar la página e inténtalo de nuevo."
)


def wants_json() -> bool:
    return request.is_json or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def render_error(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    message = message or default_message
    if wants_json():
        return jsonify(error=message), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code >= 500:
            return internal_error(error)
        if error.code not in MESSAGES:
            return error
        return render_error(error.code)

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded):
        """Come back after at most the window of the limit reached (its exact reset would
        cost a round trip to the limits' storage)."""
        body, code = render_error(429)
        return body, code, {"Retry-After": str(error.limit.limit.get_expiry())}

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(sa.exc.OperationalError)
    def database_unavailable(error: sa.exc.OperationalError):
        """The database went away, timed out, stayed locked or gave up on a deadlock: the
        transaction is lost (its uploaded files go with the rollback) and trying again
        usually works. That is a 503, not a bug (500)."""
        # The endpoint, not the path (a set-password URL holds a token), and the driver's
        # message, not SQLAlchemy's (which lists the statement's parameters).
        log.error("database unavailable in %s: %s", request.endpoint, error.orig)
        try:
            db.session.rollback()
        except sa.exc.SQLAlchemyError as rollback_error:  # the connection may be gone too
            log.error("rollback failed as well: %s", rollback_error)
        body, code = render_error(503)
        return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}
