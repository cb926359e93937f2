"""CSRF protection, with CSRF enabled as in production."""

import pytest

from tests.helpers import PASSWORD, csrf_token_from


@pytest.fixture
def csrf_client(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True).test_client()


def test_login_without_token_is_refused(csrf_client, make_user):
    make_user(email="lucia@example.com")
    response = csrf_client.post(
        "/ingresar", data={"login": "lucia@example.com", "password": PASSWORD}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "código de seguridad" in page
    assert csrf_client.get("/mis-cursos").status_code == 302  # not logged in


def test_login_with_token_works(csrf_client, make_user):
    make_user(email="lucia@example.com")
    token = csrf_token_from(csrf_client.get("/ingresar").get_data(as_text=True))
    response = csrf_client.post(
        "/ingresar", data={"login": "lucia@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert csrf_client.get("/mis-cursos").status_code == 200


def test_logout_without_token_is_refused(csrf_client, make_user):
    make_user(email="lucia@example.com")
    token = csrf_token_from(csrf_client.get("/ingresar").get_data(as_text=True))
    csrf_client.post(
        "/ingresar", data={"login": "lucia@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert csrf_client.post("/salir").status_code == 400
    assert csrf_client.get("/mis-cursos").status_code == 200  # still logged in
    page = csrf_client.get("/mis-cursos").get_data(as_text=True)
    assert csrf_client.post("/salir", data={"csrf_token": csrf_token_from(page)}).status_code == 302
    assert csrf_client.get("/mis-cursos").status_code == 302


def test_token_from_before_login_is_not_reused_after(csrf_client, make_user):
    """The session is replaced at login, and the pre-login CSRF token with it."""
    make_user(email="lucia@example.com")
    token = csrf_token_from(csrf_client.get("/ingresar").get_data(as_text=True))
    csrf_client.post(
        "/ingresar", data={"login": "lucia@example.com", "password": PASSWORD, "csrf_token": token}
    )
    response = csrf_client.post("/cuenta", data={"full_name": "Otra", "csrf_token": token})
    assert response.status_code == 400
