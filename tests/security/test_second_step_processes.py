"""The admin's second step across two gunicorn processes sharing the test database: a code
accepted on one is refused on the other, and the same code sent to both at once is
accepted once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pyotp
import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Role, TwoStep, User, utcnow
from tests.helpers import PASSWORD
from tests.security.gunicorn_servers import gunicorn_servers

SECTION = "Second step"
SESSION = "dulcevicio_session"
SECRET = pyotp.random_base32()


@pytest.fixture(scope="module")
def servers(_schema, database_uri, tmp_path_factory):
    """Two gunicorn processes (two workers each) where every admin passes the step."""
    with gunicorn_servers(
        database_uri,
        tmp_path_factory.mktemp("logs"),
        count=2,
        env={"ADMIN_TWO_STEP_REQUIRED": "1"},
    ) as pair:
        yield pair


@pytest.fixture
def owner(app, make_user):
    """An admin with her authenticator set up (and room for many devices)."""
    user = make_user(Role.ADMIN, email="duena@example.com")
    with app.app_context():
        db.session.get(User, user.id).device_limit = 10
        db.session.add(TwoStep(user_id=user.id, secret=SECRET, last_step=0))
        db.session.commit()
    return user


def session_cookie(answer) -> str | None:
    for header in answer.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        if name == SESSION:
            return value
    return None


def signed_in(server) -> str:
    """A session past the password, held at the second step: its cookie."""
    answer = server.request(
        "POST", "/ingresar", {"login": "duena@example.com", "password": PASSWORD}
    )
    assert answer.status == 302 and "/ingresar/verificacion" in answer.headers["Location"]
    return session_cookie(answer)


def send_code(server, cookie: str, code: str) -> tuple[int, str]:
    """The answer's status, and the session cookie the browser holds afterwards."""
    answer = server.request(
        "POST", "/ingresar/verificacion", {"code": code}, headers={"Cookie": f"{SESSION}={cookie}"}
    )
    return answer.status, session_cookie(answer) or cookie


def admin_page(server, cookie: str) -> int:
    return server.request("GET", "/admin/", headers={"Cookie": f"{SESSION}={cookie}"}).status


def test_a_code_accepted_on_one_process_is_refused_on_the_other(owner, servers, figures):
    first_server, second_server = servers
    first, second = signed_in(first_server), signed_in(second_server)
    for server in servers:
        assert admin_page(server, first) == 302  # held at the step on both
    code = pyotp.TOTP(SECRET).at(utcnow())
    status, first = send_code(first_server, first, code)
    assert status == 302
    status, second = send_code(second_server, second, code)
    assert status == 200  # replayed: refused
    for server in servers:
        assert admin_page(server, first) == 200
        assert admin_page(server, second) == 302
    figures.add(SECTION, "replayed codes refused across processes", 1)


def test_one_code_sent_to_both_processes_at_once_is_accepted_once(owner, servers, figures):
    code = pyotp.TOTP(SECRET).at(utcnow() + timedelta(seconds=30))  # the next step's
    sessions = [(server, signed_in(server)) for server in servers for _ in range(3)]
    with ThreadPoolExecutor(len(sessions)) as pool:
        answers = list(pool.map(lambda pair: send_code(pair[0], pair[1], code)[0], sessions))
    assert sorted(answers) == [200] * 5 + [302], answers
    figures.add(SECTION, "parallel sends of one code accepted", answers.count(302))
