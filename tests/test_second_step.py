"""Admins' second step (/ingresar/verificacion): set-up with a QR code, a TOTP code at each
sign-in, codes accepted once, recovery codes, trusted devices, the brute-force limit, and
`flask reset-two-step`. Students are never asked."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import DeviceEndReason, RecoveryCode, Role, TwoStep, User, utcnow
from dulcevicio.services import accounts
from tests.helpers import submit_login

VERIFY = "/ingresar/verificacion"


@pytest.fixture
def strict_app(app_factory):
    """Production's rule: every admin passes the second step."""
    return app_factory(ADMIN_TWO_STEP_REQUIRED=True)


@pytest.fixture
def boss(make_user):
    return make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")


def sign_in(app, user, **kwargs):
    client = app.test_client()
    response = submit_login(client, user.email, **kwargs)
    assert response.status_code == 302
    return client, response


def secret_on(page: str) -> str:
    return re.search(r'id="clave-secreta">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def set_up(app, user) -> tuple[object, str, list[str]]:
    """Sign in for the first time and set the authenticator up: (client, secret, codes)."""
    client, response = sign_in(app, user)
    assert response.headers["Location"].startswith(VERIFY)
    secret = secret_on(client.get(VERIFY).get_data(as_text=True))
    page = client.post(VERIFY, data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(
        r'<li class="col">([0-9A-Z]{5}-[0-9A-Z]{5})</li>', page.get_data(as_text=True)
    )
    assert len(codes) == 10
    return client, secret, codes


def code_at(secret: str, seconds_from_now: int) -> str:
    return pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=seconds_from_now))


def test_the_first_sign_in_sets_up_the_second_step(strict_app, boss, make_course):
    course = make_course()
    client, response = sign_in(strict_app, boss)
    assert response.headers["Location"].startswith(VERIFY)
    # Held at the step: no admin page, no paid content, no admin link.
    assert client.get("/admin/").headers["Location"].startswith(VERIFY)
    assert client.get(f"/cursos/{course.slug}/recetario.pdf").status_code in (403, 404)
    page = client.get(VERIFY).get_data(as_text=True)
    assert "<svg" in page and "Código QR para tu app de autenticación" in page
    secret = secret_on(page)
    wrong = client.post(VERIFY, data={"code": "000000"}).get_data(as_text=True)
    assert "Ese código no coincide" in wrong
    codes_page = client.post(VERIFY, data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(
        r'<li class="col">([0-9A-Z]{5}-[0-9A-Z]{5})</li>', codes_page.get_data(as_text=True)
    )
    assert "Tus códigos de recuperación" in codes_page.get_data(as_text=True) and len(codes) == 10
    assert client.get("/admin/").status_code == 200
    with strict_app.app_context():
        record = db.session.get(TwoStep, boss.id)
        assert record is not None and record.secret == secret
        hashes = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
        assert len(hashes) == 10  # kept hashed only
        assert not any(code.replace("-", "") in "".join(hashes) for code in codes)


def test_each_sign_in_then_asks_for_a_code(strict_app, boss):
    _client, secret, _codes = set_up(strict_app, boss)
    client, response = sign_in(strict_app, boss, next_url="/admin/pagos")
    assert response.headers["Location"].startswith(VERIFY)
    assert client.get("/admin/").status_code == 302
    answer = client.post(
        response.headers["Location"], data={"code": code_at(secret, 30)}
    )  # the next step's code still counts (clocks drift)
    assert answer.headers["Location"] == "/admin/pagos"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once_and_an_old_one_never(strict_app, boss):
    _client, secret, _codes = set_up(strict_app, boss)
    first, _ = sign_in(strict_app, boss)
    second, _ = sign_in(strict_app, boss)
    code = code_at(secret, 30)
    assert first.post(VERIFY, data={"code": code}).status_code == 302
    replay = second.post(VERIFY, data={"code": code})
    assert replay.status_code == 200 and "Ese código no sirve" in replay.get_data(as_text=True)
    for seconds in (-90, -30, 0):  # older than the accepted one, or two steps away
        assert second.post(VERIFY, data={"code": code_at(secret, seconds)}).status_code == 200
    assert second.get("/admin/").status_code == 302


def test_recovery_codes_work_once_each(strict_app, boss):
    _client, _secret, codes = set_up(strict_app, boss)
    client, _ = sign_in(strict_app, boss)
    assert client.post(VERIFY, data={"code": codes[0].lower()}).status_code == 302
    again, _ = sign_in(strict_app, boss)
    assert again.post(VERIFY, data={"code": codes[0]}).status_code == 200
    assert again.post(VERIFY, data={"code": "ZZZZZ-ZZZZZ"}).status_code == 200
    assert again.post(VERIFY, data={"code": codes[1]}).status_code == 302


def test_wrong_codes_count_towards_the_accounts_lock(strict_app, boss):
    _client, secret, _codes = set_up(strict_app, boss)
    client, _ = sign_in(strict_app, boss)
    answers = [client.post(VERIFY, data={"code": "123456"}).status_code for _ in range(11)]
    assert answers[:9] == [200] * 9 and answers[-1] == 429
    assert client.post(VERIFY, data={"code": code_at(secret, 30)}).status_code == 429
    assert submit_login(strict_app.test_client(), boss.email).status_code == 429


def test_a_trusted_device_skips_the_step_until_the_password_changes(strict_app, boss):
    _client, secret, _codes = set_up(strict_app, boss)
    client, _ = sign_in(strict_app, boss)
    answer = client.post(VERIFY, data={"code": code_at(secret, 30), "trust_device": "y"})
    cookie = answer.headers.get_all("Set-Cookie")
    assert any(c.startswith("dv_dispositivo_confiable=") and "HttpOnly" in c for c in cookie)
    client.post("/salir")
    response = submit_login(client, boss.email)
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    with strict_app.app_context():
        accounts.end_all_sessions(db.session.get(User, boss.id), DeviceEndReason.PASSWORD_CHANGED)
        db.session.commit()
    response = submit_login(client, boss.email)
    assert response.headers["Location"].startswith(VERIFY)  # the cookie died with the token


def test_students_are_never_asked(strict_app, make_user):
    student = make_user(email="alumna@example.com")
    client, response = sign_in(strict_app, student)
    assert response.headers["Location"] == "/mis-cursos"
    assert client.get(VERIFY).status_code == 404


def test_an_admin_turns_it_on_for_herself_where_it_is_not_required(app, boss):
    client, response = sign_in(app, boss)
    assert response.headers["Location"] == "/admin/"  # not required here
    secret = secret_on(client.get(VERIFY).get_data(as_text=True))
    client.post(VERIFY, data={"code": pyotp.TOTP(secret).now()})
    again, response = sign_in(app, boss)
    assert response.headers["Location"].startswith(VERIFY)  # now she is asked
    assert again.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(strict_app, boss):
    client, _secret, codes = set_up(strict_app, boss)
    page = client.post("/cuenta/verificacion/codigos").get_data(as_text=True)
    fresh = re.findall(r'<li class="col">([0-9A-Z]{5}-[0-9A-Z]{5})</li>', page)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    other, _ = sign_in(strict_app, boss)
    assert other.post(VERIFY, data={"code": codes[2]}).status_code == 200
    assert other.post(VERIFY, data={"code": fresh[2]}).status_code == 302


def test_reset_two_step_lets_a_locked_out_owner_set_it_up_again(strict_app, boss):
    client, _secret, _codes = set_up(strict_app, boss)
    result = strict_app.test_cli_runner().invoke(args=["reset-two-step", boss.email])
    assert result.exit_code == 0 and "reiniciada" in result.output
    assert client.get("/admin/").status_code == 302  # her sessions ended
    again, response = sign_in(strict_app, boss)
    assert "clave-secreta" in again.get(VERIFY).get_data(as_text=True)  # set-up again
    unknown = strict_app.test_cli_runner().invoke(args=["reset-two-step", "nadie@example.com"])
    assert unknown.exit_code != 0 and "No existe una cuenta" in unknown.output


def test_the_account_page_offers_and_then_shows_the_second_step(app, boss, make_user):
    client, _ = sign_in(app, boss)
    page = client.get("/cuenta").get_data(as_text=True)
    assert "Activar verificación en dos pasos" in page
    secret = secret_on(client.get(VERIFY).get_data(as_text=True))
    client.post(VERIFY, data={"code": pyotp.TOTP(secret).now()})
    page = client.get("/cuenta").get_data(as_text=True)
    assert "Te quedan 10 códigos de recuperación" in page
    student, _ = sign_in(app, make_user(email="alumna@example.com"))
    assert "Verificación en dos pasos" not in student.get("/cuenta").get_data(as_text=True)


def test_production_asks_every_admin_and_development_lets_the_demo_admin_in(monkeypatch):
    import config

    monkeypatch.delenv("ADMIN_TWO_STEP_REQUIRED", raising=False)
    assert config.env_flag("ADMIN_TWO_STEP_REQUIRED", default=True) is True
    assert config.ProductionConfig.ADMIN_TWO_STEP_REQUIRED is True
    assert config.DevelopmentConfig.ADMIN_TWO_STEP_REQUIRED is False
    monkeypatch.setenv("ADMIN_TWO_STEP_REQUIRED", "no")
    assert config.env_flag("ADMIN_TWO_STEP_REQUIRED", default=True) is False
    monkeypatch.setenv("ADMIN_TWO_STEP_REQUIRED", "1")
    assert config.env_flag("ADMIN_TWO_STEP_REQUIRED", default=False) is True


def test_a_code_without_a_set_up_is_refused(strict_app, boss):
    client, _ = sign_in(strict_app, boss)
    some_secret = pyotp.random_base32()  # a code of an authenticator we never showed her
    page = client.post(VERIFY, data={"code": pyotp.TOTP(some_secret).now()})
    assert page.status_code == 200 and "Ese código no coincide" in page.get_data(as_text=True)
    with strict_app.app_context():
        assert db.session.get(TwoStep, boss.id) is None
    assert client.get("/admin/").status_code == 302
