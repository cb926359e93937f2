"""Login, logout, sessions, set-password links and the account pages, through HTTP."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from dulcevicio.extensions import db
from dulcevicio.models import User, utcnow
from dulcevicio.services import accounts
from tests.helpers import PASSWORD, submit_login, submit_logout

GENERIC_ERROR = "Correo, usuario o contraseña incorrectos."


def fetch_user(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def password_link(app, user) -> str:
    with app.app_context():
        token = accounts.issue_password_link_token(db.session.get(User, user.id))
        db.session.commit()
    return f"/clave/{token}"


def change_password(client, new: str = "nueva-clave-456"):
    """Change the logged-in user's password from PASSWORD on the account page."""
    return client.post(
        "/cuenta/clave", data={"current_password": PASSWORD, "password": new, "confirm": new}
    )


def is_logged_in(client) -> bool:
    response = client.get("/mis-cursos")
    return response.status_code == 200


# --- Login ---------------------------------------------------------------------------


def test_login_page_is_spanish(client):
    page = client.get("/ingresar").get_data(as_text=True)
    assert "Correo electrónico o usuario" in page
    assert "Recordarme" in page
    assert 'lang="es"' in page


def test_login_by_email_goes_to_dashboard(client, make_user):
    user = make_user(email="lucia@example.com")
    response = submit_login(client, "Lucia@Example.com ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/mis-cursos"
    assert is_logged_in(client)
    assert fetch_user(client.application, user.id).last_login_at is not None


def test_login_by_username(client, make_user):
    make_user(username="lucia_pasteles")
    response = submit_login(client, "LUCIA_PASTELES")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_admin_lands_on_admin_overview(client, admin):
    assert submit_login(client, "jefa@example.com").headers["Location"] == "/admin/"


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_user):
    make_user(email="lucia@example.com")
    wrong = submit_login(client, "lucia@example.com", "otra-clave-123")
    unknown = submit_login(client, "nadie@example.com", "otra-clave-123")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert GENERIC_ERROR in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_empty_login_form_shows_field_errors(client):
    page = client.post("/ingresar", data={"login": "", "password": ""}).get_data(as_text=True)
    assert "Escribe tu correo o tu usuario." in page
    assert "Escribe tu contraseña." in page


def test_inactive_user_cannot_log_in(client, make_user):
    make_user(email="baja@example.com", is_active=False)
    response = submit_login(client, "baja@example.com")
    assert response.status_code == 200
    assert "Tu cuenta está desactivada" in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_user_without_password_cannot_log_in(client, make_user):
    make_user(email="invitada@example.com", password=None)
    response = submit_login(client, "invitada@example.com", "")
    assert response.status_code == 200
    response = submit_login(client, "invitada@example.com", "cualquier-cosa")
    assert GENERIC_ERROR in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_login_clears_the_previous_session(client, make_user):
    make_user(email="lucia@example.com")
    with client.session_transaction() as session:
        session["planted"] = "antes-de-ingresar"
    submit_login(client, "lucia@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_already_logged_in_user_is_sent_on(client_as):
    client = client_as("student")
    response = client.get("/ingresar")
    assert response.status_code == 302
    assert response.headers["Location"] == "/mis-cursos"


@pytest.mark.parametrize("target", ["/cursos", "/cuenta?tab=datos", "/mis-cursos#curso-2"])
def test_safe_next_is_followed(client, make_user, target):
    make_user(email="lucia@example.com")
    response = submit_login(client, "lucia@example.com", next_url=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        "/\t/evil.example",
        " //evil.example",
        "//user@evil.example/",
        "evil.example",
        "data:text/html,hola",
    ],
)
def test_unsafe_next_is_refused(client, make_user, target):
    make_user(email="lucia@example.com")
    response = submit_login(client, "lucia@example.com", next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/mis-cursos"


def test_protected_page_sends_visitor_to_login_with_next(client):
    response = client.get("/mis-cursos")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/ingresar?next=")


# --- Logout and sessions -------------------------------------------------------------


def test_logout_by_get_is_refused(client_as):
    client = client_as("student")
    response = client.get("/salir")
    assert response.status_code == 405
    assert "Método no permitido" in response.get_data(as_text=True)
    assert is_logged_in(client)


def test_logout_ends_the_session_and_a_replayed_cookie_is_refused(client_as):
    client = client_as("student")
    stolen = client.get_cookie("dulcevicio_session").value
    response = submit_logout(client)
    assert response.status_code == 302
    assert not is_logged_in(client)
    client.set_cookie("dulcevicio_session", stolen)
    assert not is_logged_in(client)


def test_password_change_ends_other_sessions(client_as):
    phone = client_as("student")
    laptop = client_as(phone.user)
    response = change_password(laptop)
    assert response.status_code == 302
    assert is_logged_in(laptop)  # the session that changed it stays
    assert not is_logged_in(phone)  # every other one dies on its next request


def test_deactivation_ends_every_session(app, client, make_user):
    user = make_user(email="lucia@example.com")
    submit_login(client, "lucia@example.com", remember=True)
    with app.app_context():
        accounts.set_account_active(db.session.get(User, user.id), False)
        db.session.commit()
    assert not is_logged_in(client)


def test_remember_me_cookie_survives_the_session_and_dies_with_the_password(
    app, client_as, make_user
):
    user = make_user(email="lucia@example.com")
    browser = app.test_client()
    submit_login(browser, "lucia@example.com", remember=True)
    remember = browser.get_cookie("dulcevicio_remember")
    assert remember is not None
    assert remember.http_only
    # A browser restart: only the remember-me cookie is left.
    restarted = app.test_client()
    restarted.set_cookie("dulcevicio_remember", remember.value)
    assert is_logged_in(restarted)
    change_password(client_as(user))
    stale = app.test_client()
    stale.set_cookie("dulcevicio_remember", remember.value)
    assert not is_logged_in(stale)


def test_remember_me_lasts_at_most_30_days(app):
    assert app.config["REMEMBER_COOKIE_DURATION"] <= timedelta(days=30)


def test_session_cookie_flags(client, make_user):
    make_user(email="lucia@example.com")
    response = submit_login(client, "lucia@example.com", remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("dulcevicio_session="))
    remember_cookie = next(c for c in cookies if c.startswith("dulcevicio_remember="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


# --- Rate limits ---------------------------------------------------------------------


def test_too_many_failures_for_one_account_get_429(client, make_user):
    make_user(email="lucia@example.com")
    for _ in range(10):
        assert submit_login(client, "lucia@example.com", "mala-clave-000").status_code == 200
    response = submit_login(client, "lucia@example.com")  # even the right password now waits
    assert response.status_code == 429
    assert "Demasiados intentos" in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_account_lock_holds_across_processes(app_factory, make_user):
    """The per-account count lives in the database: a second process sees it."""
    make_user(email="lucia@example.com")
    first = app_factory().test_client()
    for _ in range(10):
        submit_login(first, "lucia@example.com", "mala-clave-000")
    # A fresh app has fresh in-memory limiter storage, like another gunicorn worker.
    second = app_factory().test_client()
    response = submit_login(second, "lucia@example.com")
    assert response.status_code == 429


def test_lock_expires_after_the_window(app_factory, make_user):
    make_user(email="lucia@example.com")
    client = app_factory().test_client()
    for _ in range(10):
        submit_login(client, "lucia@example.com", "mala-clave-000")
    with time_machine.travel(utcnow() + timedelta(minutes=16)):
        later = app_factory().test_client()
        assert submit_login(later, "lucia@example.com").status_code == 302


def test_many_failures_from_one_address_get_429(app_factory, make_user):
    client = app_factory(RATELIMIT_LOGIN_PER_IP="5 per 15 minutes").test_client()
    for number in range(5):
        assert submit_login(client, f"persona{number}@example.com", "x-x-x-x-x").status_code == 200
    assert submit_login(client, "otra@example.com", "x-x-x-x-x").status_code == 429


def test_successful_logins_do_not_count_against_the_limit(app_factory, make_user):
    make_user(email="lucia@example.com")
    client = app_factory(RATELIMIT_LOGIN_PER_IP="3 per 15 minutes").test_client()
    for _ in range(5):
        assert submit_login(client, "lucia@example.com").status_code == 302
        submit_logout(client)


# --- Set-password links --------------------------------------------------------------


def test_invitation_link_sets_the_password_and_logs_in(app, client, make_user):
    user = make_user(email="nueva@example.com", password=None)
    link = password_link(app, user)
    page = client.get(link)
    assert page.status_code == 200
    assert "Crea tu contraseña" in page.get_data(as_text=True)
    response = client.post(link, data={"password": "mi-clave-nueva", "confirm": "mi-clave-nueva"})
    assert response.status_code == 302
    assert is_logged_in(client)
    assert submit_login(app.test_client(), "nueva@example.com", "mi-clave-nueva").status_code == 302


def test_used_link_is_refused(app, client, make_user):
    user = make_user(password=None)
    link = password_link(app, user)
    client.post(link, data={"password": "mi-clave-nueva", "confirm": "mi-clave-nueva"})
    again = app.test_client().get(link)
    assert again.status_code == 400
    assert "Este enlace ya no sirve" in again.get_data(as_text=True)


def test_expired_link_is_refused(app, client, make_user):
    user = make_user(password=None)
    with time_machine.travel(utcnow() - timedelta(days=8)):
        link = password_link(app, user)
    assert client.get(link).status_code == 400
    response = client.post(link, data={"password": "mi-clave-nueva", "confirm": "mi-clave-nueva"})
    assert response.status_code == 400
    assert fetch_user(app, user.id).password_hash is None


def test_reset_link_expires_sooner_than_an_invitation(app, client, make_user):
    user = make_user()  # has a password: the link is a reset
    with time_machine.travel(utcnow() - timedelta(days=3)):
        link = password_link(app, user)
    assert client.get(link).status_code == 400


def test_new_link_kills_the_old_one(app, client, make_user):
    user = make_user(password=None)
    old = password_link(app, user)
    new = password_link(app, user)
    assert client.get(old).status_code == 400
    assert client.get(new).status_code == 200


def test_link_dies_when_the_password_changes(app, client_as):
    client = client_as("student")
    link = password_link(app, client.user)
    change_password(client)
    assert app.test_client().get(link).status_code == 400


@pytest.mark.parametrize("token", ["abc", "x" * 300, "eyJ1aWQiOjF9.Zz.Zz", "%00", "..%2F..%2Fetc"])
def test_forged_links_are_refused(client, token):
    assert client.get(f"/clave/{token}").status_code in (400, 404)


def test_link_of_a_deactivated_user_is_refused(app, client, make_user):
    user = make_user(password=None)
    link = password_link(app, user)
    with app.app_context():
        accounts.set_account_active(db.session.get(User, user.id), False)
        db.session.commit()
    assert client.get(link).status_code == 400


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("corta", "corta", "La contraseña debe tener entre 8 y 128 caracteres."),
        ("x" * 129, "x" * 129, "La contraseña debe tener entre 8 y 128 caracteres."),
        ("mi-clave-nueva", "otra-clave-nueva", "Las contraseñas no coinciden."),
        ("", "", "Escribe una contraseña."),
    ],
)
def test_set_password_form_errors(app, client, make_user, password, confirm, message):
    user = make_user(password=None)
    link = password_link(app, user)
    response = client.post(link, data={"password": password, "confirm": confirm})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert fetch_user(app, user.id).password_hash is None
    assert client.get(link).status_code == 200  # a failed attempt does not spend the link


# --- Account pages -------------------------------------------------------------------


def test_account_pages_need_login(client):
    for url in ("/cuenta", "/cuenta/clave"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/ingresar")


def test_profile_update(app, client_as):
    client = client_as("student")
    user = client.user
    response = client.post("/cuenta", data={"full_name": "Lucía Fernández", "username": "LuciaF"})
    assert response.status_code == 302
    stored = fetch_user(app, user.id)
    assert (stored.full_name, stored.username) == ("Lucía Fernández", "luciaf")
    assert "Tus datos se guardaron." in client.get("/cuenta").get_data(as_text=True)


def test_profile_rejects_taken_and_malformed_usernames(app, client_as, make_user):
    make_user(username="ocupado")
    client = client_as("student")
    user = client.user
    taken = client.post("/cuenta", data={"full_name": "Lucía", "username": "Ocupado"})
    assert "Ese usuario ya está en uso" in taken.get_data(as_text=True)
    bad = client.post("/cuenta", data={"full_name": "Lucía", "username": "lucía@x"})
    assert "Usa solo letras sin acentos" in bad.get_data(as_text=True)
    empty_name = client.post("/cuenta", data={"full_name": "", "username": ""})
    assert "Escribe tu nombre." in empty_name.get_data(as_text=True)
    assert fetch_user(app, user.id).username is None


def test_change_password_requires_the_current_one(app, client_as):
    client = client_as("student")
    user = client.user
    before = fetch_user(app, user.id).password_hash
    response = client.post(
        "/cuenta/clave",
        data={
            "current_password": "no-es-esta",
            "password": "nueva-clave-456",
            "confirm": "nueva-clave-456",
        },
    )
    assert "La contraseña actual no es correcta." in response.get_data(as_text=True)
    assert fetch_user(app, user.id).password_hash == before


def test_change_password_then_log_in_with_the_new_one(app, client_as):
    change_password(client_as("student", email="lucia@example.com"))
    fresh = app.test_client()
    assert submit_login(fresh, "lucia@example.com", PASSWORD).status_code == 200
    assert submit_login(fresh, "lucia@example.com", "nueva-clave-456").status_code == 302


def test_passwords_are_hashed(app, make_user):
    user = make_user()
    stored = fetch_user(app, user.id).password_hash
    assert PASSWORD not in stored
    assert stored.startswith(app.config["PASSWORD_HASH_METHOD"].split(":")[0])


def test_created_emails_are_lowercase(app, make_user):
    user = make_user(email="  Mezcla@Example.COM ")
    assert fetch_user(app, user.id).email == "mezcla@example.com"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
