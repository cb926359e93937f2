"""Route guards: every /admin URL is for admins only, found by walking app.url_map."""

import re

import pytest

from dulcevicio import create_app

SAMPLE_VALUES = {"int": "1", "default": "x", "string": "x", "path": "x"}


def admin_urls() -> list[tuple[str, str]]:
    app = create_app("testing")
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = re.sub(
            r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>",
            lambda m: SAMPLE_VALUES.get(m.group(1) or "default", "1"),
            rule.rule,
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, url))
    return urls


ADMIN_URLS = admin_urls()


def test_the_walk_finds_the_admin_pages():
    assert ("GET", "/admin/") in ADMIN_URLS


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_visitor_is_sent_to_login(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/ingresar?next=")


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_student_is_refused(client_as, method, url):
    response = client_as("student").open(url, method=method)
    assert response.status_code == 403
    assert "Acceso denegado" in response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_admin_is_let_in(client_as, method, url):
    response = client_as("admin").open(url, method=method)
    assert response.status_code not in (302, 401, 403)
    assert response.status_code < 500


def test_guard_is_on_the_blueprint_not_on_views():
    """The check runs before every admin view, so a new view needs no decorator."""
    from dulcevicio.admin.blueprint import bp

    assert any(func.__name__ == "require_admin" for func in bp.before_request_funcs[None])
