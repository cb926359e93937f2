"""DulceVicio: online baking courses. `create_app` wires the application together."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS, DEV_SECRET_KEY
from dulcevicio.admin import bp as admin_bp
from dulcevicio.app_shell import bp as app_shell_bp
from dulcevicio.auth import bp as auth_bp
from dulcevicio.bakes import bp as bakes_bp
from dulcevicio.catalog import bp as catalog_bp
from dulcevicio.certificates import bp as certificates_bp
from dulcevicio.cli import register_commands
from dulcevicio.errors import register_errorhandlers
from dulcevicio.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from dulcevicio.forum import bp as forum_bp
from dulcevicio.health import bp as health_bp
from dulcevicio.learn import bp as learn_bp
from dulcevicio.media import bp as media_bp
from dulcevicio.models.search import compared_with_the_model
from dulcevicio.notifications import bp as notifications_bp
from dulcevicio.public_cache import keep_public_pages
from dulcevicio.reactions import bp as reactions_bp
from dulcevicio.read_only_views import refuse_writes_in_read_only_requests, start_read_only_request
from dulcevicio.request_limits import apply_body_limit, refuse_nul_in_path
from dulcevicio.routing import IdConverter
from dulcevicio.search import bp as search_bp
from dulcevicio.security import init_security
from dulcevicio.services.public_pages import follow_public_changes
from dulcevicio.services.search import follow_the_content
from dulcevicio.services.search.contains import fold_for_sqlite
from dulcevicio.services.storage import discard_uncommitted_uploads
from dulcevicio.templating import register_template_helpers


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app for `config_name` (development, testing, production).

    Without a name, `DULCEVICIO_CONFIG` decides (default: development).
    `overrides` are applied last (tests use them).
    """
    app = Flask(__name__, instance_relative_config=True)
    configure(app, config_name or os.environ.get("DULCEVICIO_CONFIG", "development"), overrides)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    wrap_wsgi(app)
    return app


def configure(app: Flask, config_name: str, overrides: dict[str, Any] | None) -> None:
    if config_name not in CONFIGS:
        raise RuntimeError(f"Unknown configuration {config_name!r}; use one of {sorted(CONFIGS)}.")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides or {})
    app.config["CONFIG_NAME"] = config_name
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "dulcevicio.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    if not app.config.get("BOOK_CACHE_FOLDER"):
        app.config["BOOK_CACHE_FOLDER"] = os.path.join(app.instance_path, "book-cache")
    if not app.config.get("CERTIFICATE_CACHE_FOLDER"):
        app.config["CERTIFICATE_CACHE_FOLDER"] = os.path.join(
            app.instance_path, "certificate-cache"
        )
    if config_name == "production" and app.config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY):
        raise RuntimeError(
            "SECRET_KEY is not set. Production refuses to start without it: set the SECRET_KEY "
            "environment variable to a long random string, for example the output of "
            "python -c 'import secrets; print(secrets.token_hex(32))'."
        )
    if config_name == "production" and not app.config.get("APP_BASE_URL", "").startswith(
        "https://"
    ):
        raise RuntimeError(
            "APP_BASE_URL is not set. Production refuses to start without it: set it to the "
            "site's public address, e.g. https://cursos.example.com (certificates print it "
            "in their QR code)."
        )


def wrap_wsgi(app: Flask) -> None:
    """Middleware, innermost first: visitors' pages from memory, then the router's
    headers read (so the kept pages are told apart by the scheme and host it reports)."""
    keep_public_pages(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_port=hops)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before the session goes.
    app.teardown_appcontext(discard_uncommitted_uploads)
    follow_the_content()  # the search index changes with the content, in its transaction
    follow_public_changes()  # so does the public pages' version
    refuse_writes_in_read_only_requests()
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(
                db.engine, "connect", _sqlite_pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"])
            )
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    migrate.init_app(
        app,
        db,
        directory=migrations,
        render_as_batch=True,
        compare_type=True,
        include_object=compared_with_the_model,
    )
    login_manager.init_app(app)
    app.before_request(apply_body_limit)  # before CSRFProtect reads the form
    app.before_request(refuse_nul_in_path)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    # After the rate limit (a refused request takes no connection), before the login.
    app.before_request(start_read_only_request)
    init_security(app)


def _sqlite_pragmas(busy_timeout_ms: int):
    def set_pragmas(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL's recommended durability: a commit no longer waits for the disk (a power cut
        # may lose the last commits, never the file), as the player saves every 10 s.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
        # The admin lists' search folds case and accents (services/search/contains.py).
        dbapi_connection.create_function("dulcevicio_fold", 1, fold_for_sqlite, deterministic=True)

    return set_pragmas


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter  # before any route uses it
    for blueprint in (
        auth_bp,
        catalog_bp,
        learn_bp,
        forum_bp,
        bakes_bp,
        media_bp,
        health_bp,
        certificates_bp,
        search_bp,
        app_shell_bp,
        reactions_bp,
        notifications_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(admin_bp, url_prefix="/admin")
