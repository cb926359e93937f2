"""Brute force: at most 10 password checks per account per 15 minutes, however the attempts
are spread over processes, and a spoofed X-Forwarded-For does not buy an attacker more.

The gunicorn processes started here also show what production's access log writes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from dulcevicio.extensions import db
from dulcevicio.models import User
from dulcevicio.services import accounts
from tests.helpers import PASSWORD
from tests.security.gunicorn_servers import gunicorn_servers

SECTION = "Brute force"
WRONG = "no-es-la-clave"
GENERIC_ERROR = "Correo, usuario o contraseña incorrectos."
LIMIT = 10


@pytest.fixture(scope="module")
def servers(_schema, database_uri, tmp_path_factory):
    """Two gunicorn processes (two workers each) sharing the test database."""
    with gunicorn_servers(database_uri, tmp_path_factory.mktemp("logs"), count=2) as pair:
        yield pair


def attempt(server, email: str, password: str):
    return server.request("POST", "/ingresar", {"login": email, "password": password})


def failure_count(app, email: str) -> int:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return user.failed_login_count


def test_the_account_limit_holds_across_two_processes(app, make_user, servers, figures):
    make_user(email="lucia@example.com")
    first, second = servers
    answers = [attempt(servers[number % 2], "lucia@example.com", WRONG) for number in range(LIMIT)]
    assert [answer.status for answer in answers] == [200] * LIMIT
    assert all(GENERIC_ERROR in answer.body for answer in answers)
    assert failure_count(app, "lucia@example.com") == LIMIT
    # The 11th attempt, with the right password, is refused by both processes.
    for server in (first, second):
        answer = attempt(server, "lucia@example.com", PASSWORD)
        assert answer.status == 429
        assert "Demasiados intentos" in answer.body
        assert "Set-Cookie" not in answer.headers or "remember" not in answer.headers["Set-Cookie"]
    assert first.request("GET", "/mis-cursos").status == 302  # nobody got in
    figures.set(SECTION, "alternating attempts: checked before the lock", LIMIT)
    figures.set(SECTION, "11th attempt (right password) refused by both processes", "yes")


def test_a_parallel_burst_over_two_processes_gets_at_most_10_checks(
    app, make_user, servers, figures
):
    """24 wrong passwords at once, spread over 2 processes x 2 workers. The password hash is
    slow on purpose (production's scrypt takes longer still), which is when checking
    "locked?" and then counting the failure lets parallel attempts slip through."""
    user = make_user(email="rafaga@example.com")
    with app.app_context():
        stored = db.session.get(User, user.id)
        stored.password_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:400000")
        db.session.commit()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(
                lambda number: attempt(servers[number % 2], "rafaga@example.com", WRONG),
                range(24),
            )
        )
    statuses = [answer.status for answer in answers]
    checked = statuses.count(200)
    figures.set(SECTION, "parallel burst: attempts sent over 2 processes", len(statuses))
    figures.set(SECTION, "parallel burst: passwords checked (accepted attempts)", checked)
    assert set(statuses) <= {200, 429}, statuses
    assert 1 <= checked <= LIMIT, statuses
    for server in servers:
        assert attempt(server, "rafaga@example.com", PASSWORD).status == 429


def test_the_access_log_keeps_set_password_tokens_out(app, make_user, servers, figures):
    user = make_user(email="nueva@example.com", password=None)
    with app.app_context():
        token = accounts.issue_password_link_token(db.session.get(User, user.id))
        db.session.commit()
    server = servers[0]
    assert server.request("GET", f"/clave/{token}").status == 200
    # The page's own requests carry it as their Referer.
    referer = {"Referer": f"http://127.0.0.1:{server.port}/clave/{token}"}
    assert server.request("GET", "/static/css/app.css", headers=referer).status == 200
    log = server.log_once_it_holds("GET /static/css/app.css")
    assert '"GET /clave/[redacted] HTTP/1.1" 200' in log
    assert "/clave/[redacted]" in log.split("app.css", 1)[1]
    figures.set("Headers", "set-password tokens in gunicorn's access log", log.count(token))
    assert token not in log


# --- X-Forwarded-For behind one trusted proxy ---------------------------------------------


@pytest.fixture
def production_app(production_app_factory):
    app = production_app_factory(WTF_CSRF_ENABLED=False, RATELIMIT_LOGIN_PER_IP="5 per 15 minutes")
    assert app.config["PROXY_FIX_HOPS"] == 1
    return app


def through_the_router(client, client_ip: str, claimed: str, login: str):
    """What the PaaS router forwards: the client's own X-Forwarded-For, then its address."""
    return client.post(
        "/ingresar",
        data={"login": login, "password": WRONG},
        base_url="https://dulcevicio.example",
        headers={"X-Forwarded-For": f"{claimed}, {client_ip}", "X-Forwarded-Proto": "https"},
    )


def test_a_spoofed_forwarded_for_does_not_reset_the_per_ip_limit(
    app, production_app, make_user, figures
):
    client = production_app.test_client()
    attacker, neighbour = "203.0.113.9", "198.51.100.7"
    # Five different accounts, so only the per-IP limit can apply.
    accounts = [make_user().email for _ in range(6)]
    for number, login in enumerate(accounts[:5]):
        spoof = f"10.0.0.{number}, 127.0.0.1"
        assert through_the_router(client, attacker, spoof, login).status_code == 200
    refused = through_the_router(client, attacker, "192.0.2.77", accounts[5])
    assert refused.status_code == 429
    # The limit is the attacker's, not everybody's behind the router.
    assert through_the_router(client, neighbour, attacker, accounts[5]).status_code == 200
    figures.set(SECTION, "per-IP limit with a new spoofed X-Forwarded-For each try", "held")
