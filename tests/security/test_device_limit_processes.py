"""The device limit across two gunicorn processes sharing the test database: a device ended
on one is signed out on the other, and sign-ins racing on both never leave more devices
signed in than the limit allows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import DeviceSession, User
from dulcevicio.security import REPLACED_NOTICE
from tests.helpers import PASSWORD
from tests.security.gunicorn_servers import gunicorn_servers

SECTION = "Devices"
SESSION, REMEMBER = "dulcevicio_session", "dulcevicio_remember"


@pytest.fixture(scope="module")
def servers(_schema, database_uri, tmp_path_factory):
    """Two gunicorn processes (two workers each) sharing the test database."""
    with gunicorn_servers(database_uri, tmp_path_factory.mktemp("logs"), count=2) as pair:
        yield pair


def sign_in(server, email: str, user_agent: str) -> dict[str, str]:
    answer = server.request(
        "POST",
        "/ingresar",
        {"login": email, "password": PASSWORD, "remember_me": "y"},
        headers={"User-Agent": user_agent},
    )
    assert answer.status == 302, answer.status
    cookies = answer.cookies()
    assert SESSION in cookies and REMEMBER in cookies
    return cookies


def get(server, path: str, **cookies: str):
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return server.request("GET", path, headers={"Cookie": header})


def active_devices(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(DeviceSession)
            .join(User)
            .where(User.email == email, DeviceSession.ended_at.is_(None))
        )


def test_the_first_device_is_out_on_both_processes(app, make_user, servers, figures):
    make_user(email="lucia@example.com")
    first_server, second_server = servers
    first = sign_in(first_server, "lucia@example.com", "Firefox primero")
    sign_in(second_server, "lucia@example.com", "Chrome segundo")
    for server in servers:
        assert get(server, "/mis-cursos", **{SESSION: first[SESSION]}).status == 200
    sign_in(second_server, "lucia@example.com", "Safari tercero")
    assert active_devices(app, "lucia@example.com") == 2
    for server in servers:
        # The session cookie, and a restarted browser's remember-me cookie alone.
        for name in (SESSION, REMEMBER):
            answer = get(server, "/cursos", **{name: first[name]})
            assert answer.status == 200
            assert REPLACED_NOTICE in answer.body, (server.port, name)
            assert get(server, "/mis-cursos", **{name: first[name]}).status == 302
    figures.set(SECTION, "3rd sign-in across 2 processes: 1st device out on both", "yes")


def test_racing_sign_ins_on_two_processes_keep_the_limit(app, make_user, servers, figures):
    make_user(email="rosa@example.com")
    sign_in(servers[0], "rosa@example.com", "Primero")
    most = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for round_number in range(4):
            jobs = [
                pool.submit(sign_in, servers[number % 2], "rosa@example.com", f"R{round_number}")
                for number in range(4)
            ]
            for job in jobs:
                job.result()
            most = max(most, active_devices(app, "rosa@example.com"))
    assert most == 2
    figures.set(SECTION, "16 racing sign-ins on 2 processes: most devices signed in", most)
