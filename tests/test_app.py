"""The factory, configuration, health check and error pages."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import database_url
from dulcevicio import create_app
from dulcevicio.extensions import db
from dulcevicio.models import User

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@host:5432/db", "postgresql+psycopg://u:p@host:5432/db"),
        ("postgresql://u:p@host/db", "postgresql+psycopg://u:p@host/db"),
        ("postgresql+psycopg://u@host/db", "postgresql+psycopg://u@host/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("", None),
        (None, None),
    ],
)
def test_database_url_accepts_the_paas_form(raw, expected):
    assert database_url(raw) == expected


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_python(
        "from dulcevicio import create_app; create_app('production')",
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_secret_key_and_hardens_cookies(tmp_path):
    code = (
        "from dulcevicio import create_app; app = create_app('production'); "
        "c = app.config; print(c['SESSION_COOKIE_SECURE'], c['REMEMBER_COOKIE_SECURE'], "
        "c['SESSION_COOKIE_NAME'], c['SQLALCHEMY_DATABASE_URI'])"
    )
    result = run_python(
        code,
        SECRET_KEY="x" * 64,
        DATABASE_URL="postgres://u:p@db.internal:5432/app",
        APP_BASE_URL="https://cursos.dulcevicio.test",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "__Host-dulcevicio_session",
        "postgresql+psycopg://u:p@db.internal:5432/app",
    ]


def test_the_bench_hello_page_exists_only_in_the_bench(app, tmp_path):
    """bench/serve.py's baseline page is added by bench/hello_app.py, never by create_app."""
    assert not any(rule.rule.startswith("/bench") for rule in app.url_map.iter_rules())
    code = (
        "from dulcevicio import create_app; app = create_app('production'); "
        "print(any(r.rule.startswith('/bench') for r in app.url_map.iter_rules()))"
    )
    result = run_python(
        code,
        SECRET_KEY="x" * 64,
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}",
        APP_BASE_URL="https://cursos.dulcevicio.test",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_refuses_to_start_without_its_base_url(tmp_path):
    result = run_python(
        "from dulcevicio import create_app; create_app('production')",
        SECRET_KEY="x" * 64,
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}",
    )
    assert result.returncode != 0
    assert "APP_BASE_URL is not set" in result.stderr


def gunicorn_hooks(app) -> tuple[dict, object]:
    """gunicorn.conf.py's settings and hooks, and a stand-in for the master (arbiter) whose
    preloaded app is `app`."""
    namespace: dict = {}
    exec(Path("gunicorn.conf.py").read_text(), namespace)  # noqa: S102 (our own config)
    loaded = type("Application", (), {"wsgi": lambda self: app})()
    return namespace, type("Arbiter", (), {"app": loaded})()


def test_gunicorn_master_compiles_every_template_before_forking(app):
    """The app is preloaded in the master, which compiles every page template once before
    forking workers (a template that does not compile would stop the start here) and then
    freezes its objects out of the garbage collector's reach."""
    settings, master = gunicorn_hooks(app)
    assert settings["preload_app"] is True
    loads = []
    app.jinja_env.loader.load = lambda env, name, globals=None, load=app.jinja_env.loader.load: (
        loads.append(name) or load(env, name, globals)
    )
    try:
        settings["when_ready"](master)
        # What the master holds is kept out of the workers' collections (shared pages).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this test process is no gunicorn master
    pages = {name for name in app.jinja_env.list_templates() if name.endswith(".html")}
    assert {"base.html", "catalog/index.html", "learn/lesson.html"} <= pages
    assert set(loads) == pages  # each compiled once, in advance
    before = len(loads)
    assert app.test_client().get("/").status_code == 200
    assert len(loads) == before  # the first page compiled nothing more


def test_a_forked_gunicorn_worker_opens_its_own_database_connections(app):
    settings, master = gunicorn_hooks(app)
    with app.app_context():
        with db.engine.connect() as connection:  # the master's pool now holds a connection
            inherited = connection.connection.dbapi_connection
        settings["post_fork"](master, None)
        with db.engine.connect() as connection:
            assert connection.connection.dbapi_connection is not inherited
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    result = run_python(
        "from dulcevicio import create_app; app = create_app(); "
        "print(app.config['SQLALCHEMY_DATABASE_URI'])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sqlite:///{ROOT / 'instance' / 'dulcevicio.sqlite3'}"


def test_production_sends_hsts_and_redirects_to_https(tmp_path):
    app = create_app(
        "production",
        {
            "SECRET_KEY": "x" * 64,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "APP_BASE_URL": "https://dulcevicio.example",
        },
    )
    client = app.test_client()
    plain = client.get("/healthz", base_url="http://dulcevicio.example")
    assert plain.status_code == 302
    assert plain.headers["Location"] == "https://dulcevicio.example/healthz"
    response = client.get("/healthz", base_url="https://dulcevicio.example")
    assert response.status_code == 200
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_proxy_fix_trusts_one_hop_in_production(tmp_path):
    app = create_app(
        "production",
        {
            "SECRET_KEY": "x" * 64,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "APP_BASE_URL": "https://dulcevicio.example",
        },
    )

    @app.route("/_ip")
    def client_ip():
        from flask import request

        return request.remote_addr

    response = app.test_client().get(
        "/_ip",
        headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    # The router appends the real client; anything before it is the client's own claim.
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    # A SQLite file of its own: the PostgreSQL run checks these too.
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_foreign_keys_are_enforced(app):
    from dulcevicio.models import Lesson

    with app.app_context():
        db.session.add(Lesson(course_id=999_999, title="Huérfana", position=1))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_healthz_does_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(app_factory):
    app = app_factory(SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-dir/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unknown_url_gets_a_spanish_404(client):
    response = client.get("/no-existe")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Página no encontrada" in page
    assert 'lang="es"' in page


def test_json_clients_get_json_errors(client):
    response = client.get("/no-existe", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json == {"error": "La página que buscas no existe o ya no está disponible."}


def test_oversized_request_gets_a_spanish_413(app_factory):
    client = app_factory(MAX_CONTENT_LENGTH=1024).test_client()
    response = client.post("/ingresar", data={"login": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert "Archivo demasiado grande" in response.get_data(as_text=True)


def test_server_error_rolls_back_and_shows_no_traceback(app, make_user):
    user = make_user(full_name="Antes")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production

    @app.route("/_boom")
    def boom():
        db.session.get(User, user.id).full_name = "A medias"
        db.session.flush()
        raise RuntimeError("secret internals")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Algo salió mal" in page
    assert "secret internals" not in page and "Traceback" not in page
    with app.app_context():
        assert db.session.get(User, user.id).full_name == "Antes"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts(client):
    page = client.get("/").get_data(as_text=True)
    for tag in page.split("<script")[1:]:
        assert tag.split(">")[0].strip().startswith("src="), tag[:80]
