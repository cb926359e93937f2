"""Sessions and CSRF with CSRF enabled, as in production: every state-changing route refuses
a request without a token and changes nothing; no GET route writes; sessions end when they
should; cookie flags; password hashing and length limits."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from dulcevicio.errors import CSRF_MESSAGE
from dulcevicio.extensions import db
from dulcevicio.models import User
from dulcevicio.services import accounts
from tests import media
from tests.helpers import PASSWORD, csrf_token_from, logged_in_client, submit_login, submit_logout
from tests.security.sitewalk import (
    NEW_PASSWORD,
    changed_tables,
    endpoint_of,
    password_hash_of,
    post_forms,
    rule_urls,
    snapshot,
)
from tests.security.world import World

SECTION = "Sessions and CSRF"
ROLES = ("visitor", "student", "admin")
# Routes a visitor uses (a signed-in user is sent on from the login page).
VISITOR_ENDPOINTS = {"auth.login", "auth.set_password"}
# Requests the pages make from JavaScript (JSON with the token in X-CSRFToken).
JSON_BODIES = {
    "learn.lesson_progress": {"position": 40, "duration": 120},
    "admin.lesson_video_ticket": {},
    "admin.lesson_video_confirm": {"public_id": "x", "signature": "y"},
}
# Run late, so the requests with a token before them still find their rows.
DESTRUCTIVE = [re.compile(r"set_password|revoke|set_active"), re.compile(r"delete")]


@pytest.fixture
def app(app_factory):
    """CSRF on, as in production; `world` and `site` are built on it."""
    return app_factory(WTF_CSRF_ENABLED=True)


@pytest.fixture
def csrf_app(app):
    return app


def role_clients(world: World) -> dict:
    return {
        "visitor": world.app.test_client(),
        "student": logged_in_client(world.app, world.student),
        "admin": logged_in_client(world.app, world.admin),
    }


def fresh_token(client) -> str:
    """The session's token: a signed-in page's (<meta name="csrf-token"> for its scripts),
    or, for a visitor, whose pages are shared and carry none, the login form's."""
    page = client.get("/cursos").get_data(as_text=True)
    if 'name="csrf-token"' not in page:
        page = client.get("/ingresar").get_data(as_text=True)
    return csrf_token_from(page)


def is_csrf_refusal(response) -> bool:
    """A 400 with the CSRF message (HTML page, or JSON for the pages' scripts)."""
    if response.is_json:
        text = (response.get_json(silent=True) or {}).get("error", "")
    else:
        text = response.get_data(as_text=True)
    return response.status_code == 400 and CSRF_MESSAGE in text


# --- Every state-changing route refuses a request without a token ------------------------


@dataclass
class Plan:
    endpoint: str
    url: str
    role: str
    fields: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    json: dict | None = None
    harvested: bool = False

    def order(self) -> tuple:
        """Visitors, then students, then admins; whatever destroys data last in each."""
        return (
            self.endpoint == "auth.logout",
            ROLES.index(self.role),
            next((rank for rank, p in enumerate(DESTRUCTIVE, 1) if p.search(self.endpoint)), 0),
            self.endpoint == "admin.course_delete",
        )


MODERATION = {"forum.moderate_comment", "bakes.moderate_bake", "bakes.moderate_comment"}


def preferred_role(endpoint: str) -> str:
    if endpoint in VISITOR_ENDPOINTS:
        return "visitor"
    if endpoint.startswith("admin.") or endpoint in MODERATION:
        return "admin"
    return "student"


def plausible_fields(endpoint: str, fields: dict, site) -> dict:
    """What a person would type into the empty fields of a harvested form."""
    typed = {
        "auth.login": {"login": site.student_email, "password": PASSWORD},
        "auth.set_password": {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        "auth.change_password": {
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
        "admin.user_new": {"full_name": "Rosa Díaz", "email": "rosa@example.com"},
        "admin.course_new": {"title": "Panes dulces"},
        "admin.lesson_new": {"title": "El relleno"},
        "admin.enrollment_new": {"user": site.member_email},
        "admin.enrollment_bulk": {"emails": site.member_email},
        "admin.membership_new": {"user": site.spare_email},
        "admin.course_delete": {"confirm_students": "y"},
        "admin.user_edit": {"full_name": "Lucía F. Fernández"},
        "admin.course_move": {"direccion": "abajo"},
        "admin.lesson_move": {"direccion": "abajo"},
        "admin.recipe_move": {"direccion": "abajo"},
        "admin.testimonials_list": {"author_name": "Rosa Díaz", "text": "Muy claro todo."},
        "admin.testimonial_edit": {"text": "Clarísimo, lo recomiendo."},
        "admin.testimonial_move": {"direccion": "abajo"},
        "forum.course_forum": {"content": "¿Y con harina de arroz?"},
        "forum.edit_comment": {"content": "¿Sirve la harina de espelta?"},
        "admin.forum_reply": {"content": "También, con menos agua."},
        "bakes.comment_bake": {"content": "¡Qué linda te quedó!"},
    }.get(endpoint, {})
    return {**fields, **typed}


def upload_for(name: str):
    if name == "video":
        return (io.BytesIO(media.mp4()), "nuevo.mp4")
    return (io.BytesIO(media.jpeg((200, 150))), "foto.jpg")


def harvest_plans(app, site, clients) -> list[Plan]:
    """One plan per POST rule: the form a page renders for it (walking every GET page as
    each role), else the JavaScript request, else an empty form."""
    found: dict[str, dict[str, Plan]] = {}
    for role, client in clients.items():
        for _endpoint, url in rule_urls(app, site, "GET"):
            response = client.get(url)
            if "text/html" not in response.content_type:
                continue
            for form in post_forms(url, response.get_data(as_text=True)):
                endpoint = endpoint_of(app, form.action, "POST")
                if endpoint is None or role in found.get(endpoint, {}):
                    continue
                fields = {k: v for k, v in form.fields.items() if k != "csrf_token"}
                found.setdefault(endpoint, {})[role] = Plan(
                    endpoint, form.action, role, fields, form.files, harvested=True
                )
    plans = []
    for endpoint, url in rule_urls(app, site, "POST"):
        role = preferred_role(endpoint)
        offers = found.get(endpoint, {})
        plan = offers.get(role) or next(iter(offers.values()), None)
        if plan is None:
            plan = Plan(endpoint, url, role, json=JSON_BODIES.get(endpoint))
        plan.fields = plausible_fields(endpoint, plan.fields, site)
        plans.append(plan)
    return sorted(plans, key=Plan.order)


def send(client, plan: Plan, token: str | None):
    if plan.json is not None:
        headers = {"X-CSRFToken": token} if token else {}
        return client.post(plan.url, json=plan.json, headers=headers)
    data = dict(plan.fields)
    for name in plan.files:
        data[name] = upload_for(name)
    if token:
        data["csrf_token"] = token
    return client.post(plan.url, data=data, content_type="multipart/form-data")


def test_every_state_changing_route_refuses_a_request_without_a_token(
    csrf_app, world, site, figures
):
    clients = role_clients(world)
    plans = harvest_plans(csrf_app, site, clients)
    methods = {
        method
        for rule in csrf_app.url_map.iter_rules()
        for method in rule.methods
        if method in ("PUT", "PATCH", "DELETE")
    }
    assert not methods, "PUT/PATCH/DELETE rules must be added to this walk"
    assert {plan.endpoint for plan in plans} >= {"auth.logout", "admin.course_delete"}
    refused = accepted = changed = 0
    for plan in plans:
        client = clients[plan.role]
        before = snapshot(csrf_app)
        response = send(client, plan, token=None)
        assert is_csrf_refusal(response), (plan.endpoint, response.status_code)
        assert changed_tables(before, snapshot(csrf_app)) == [], plan.endpoint
        refused += 1
        # The same request with a token is not refused: the data and the user were right.
        response = send(client, plan, token=fresh_token(client))
        assert not is_csrf_refusal(response) and response.status_code < 500, plan.endpoint
        accepted += 1
        changed += bool(changed_tables(before, snapshot(csrf_app)))
    figures.set(SECTION, "state-changing routes checked", len(plans))
    figures.set(SECTION, "refused without a token (400, nothing written)", refused)
    figures.set(SECTION, "  of which with a form the pages render", sum(p.harvested for p in plans))
    figures.set(SECTION, "same request with a token: accepted / wrote", f"{accepted} / {changed}")
    assert refused == len(plans)
    assert changed >= len(plans) * 3 // 4  # the payloads were real enough to change data


# --- No GET route changes the database ----------------------------------------------------

# Reviewed exceptions: GET routes whose answer is itself the thing recorded.
RECORDING_GETS = {
    # A download records the stamped copy it sends (its code traces a leak). A cross-site
    # page making a student's browser fetch it only records a copy the attacker cannot
    # read, and the row changes no one's access.
    ("learn.recipe_book", "book_downloads"),
    # Following a notification marks it read (hers only: anyone else's is a 404).
    ("notifications.follow", "notifications"),
}


# GET routes whose answer is a redirect (a comment's address: its thread's forum page).
REDIRECTING_GETS = {"forum.show_comment", "bakes.show_bake", "notifications.follow"}


def test_no_get_route_changes_the_database(csrf_app, world, site, figures):
    clients = role_clients(world)
    token_link = f"/clave/{site.set_password_token}"
    urls = rule_urls(csrf_app, site, "GET")
    checked, writers, rendered = 0, [], dict.fromkeys(clients, 0)
    before = snapshot(csrf_app)
    for role, client in clients.items():
        for endpoint, url in urls:
            response = client.get(url)
            assert response.status_code < 500, (role, url)
            answer = 302 if endpoint in REDIRECTING_GETS else 200
            rendered[role] += response.status_code == answer
            after = snapshot(csrf_app)
            changed = [
                table
                for table in changed_tables(before, after)
                if (endpoint, table) not in RECORDING_GETS
            ]
            if changed:
                writers.append((role, endpoint, changed))
            before, checked = after, checked + 1
    # Real ids: the admin sees nearly every page (not 404s), the student every own page.
    # The admin's misses: the landing and login (redirects), the student's comment and
    # bake edit forms (authors only: 403) and her notification (hers only: 404).
    assert rendered["admin"] >= len(urls) - 5, rendered
    assert rendered["student"] >= len([u for e, u in urls if not e.startswith("admin.")]) - 3
    figures.set(SECTION, "GET routes x roles checked", checked)
    figures.set(SECTION, "GET requests that changed the database", len(writers))
    assert writers == []
    # The set-password page was opened three times and the link still works once.
    visitor = csrf_app.test_client()
    token = csrf_token_from(visitor.get(token_link).get_data(as_text=True))
    response = visitor.post(
        token_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert password_hash_of(csrf_app, site.invited_id) is not None
    assert csrf_app.test_client().get(token_link).status_code == 400


# --- Sessions --------------------------------------------------------------------------------


def session_cookie(client, app) -> str | None:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else None


def is_signed_in(client) -> bool:
    return client.get("/mis-cursos").status_code == 200


def test_login_issues_a_new_session_and_drops_what_came_before(csrf_app, make_user, figures):
    make_user(email="lucia@example.com")
    client = csrf_app.test_client()
    token = fresh_token(client)
    with client.session_transaction() as session:
        session["carrito"] = "planted-before-login"
    before = session_cookie(client, csrf_app)
    response = client.post(
        "/ingresar", data={"login": "lucia@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    after = session_cookie(client, csrf_app)
    assert after and after != before
    with client.session_transaction() as session:
        assert "carrito" not in session
    # A copy of the pre-login cookie is still an anonymous visitor.
    copy = csrf_app.test_client()
    copy.set_cookie(csrf_app.config["SESSION_COOKIE_NAME"], before)
    assert not is_signed_in(copy)
    figures.set(SECTION, "session cookie replaced at login", "yes")


def test_cookies_replayed_after_logout_are_refused(csrf_app, make_user):
    make_user(email="lucia@example.com")
    client = csrf_app.test_client()
    submit_login(client, "lucia@example.com", remember=True)
    session_value = session_cookie(client, csrf_app)
    remember_value = client.get_cookie(csrf_app.config["REMEMBER_COOKIE_NAME"]).value
    assert submit_logout(client).status_code == 302
    assert not is_signed_in(client)
    for name, value in (
        (csrf_app.config["SESSION_COOKIE_NAME"], session_value),
        (csrf_app.config["REMEMBER_COOKIE_NAME"], remember_value),
    ):
        replay = csrf_app.test_client()
        replay.set_cookie(name, value)
        assert not is_signed_in(replay), name


def change_password_on(client):
    page = client.get("/cuenta/clave").get_data(as_text=True)
    response = client.post(
        "/cuenta/clave",
        data={
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.status_code == 302


def deactivate_through_the_admin(app, admin: User, user_id: int, active: str = "0"):
    client = logged_in_client(app, admin)
    page = client.get(f"/admin/usuarios/{user_id}").get_data(as_text=True)
    response = client.post(
        f"/admin/usuarios/{user_id}/estado",
        data={"activo": active, "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("event", ["password change", "deactivation"])
def test_other_sessions_and_remember_cookies_die_on_their_next_request(
    csrf_app, client_as, admin, make_user, event, figures
):
    user = make_user(email="lucia@example.com")
    with csrf_app.app_context():  # three devices signed in at once: above the default 2
        db.session.get(User, user.id).device_limit = 3
        db.session.commit()
    phone = client_as(user, app=csrf_app)
    laptop = csrf_app.test_client()
    submit_login(laptop, "lucia@example.com", remember=True)
    remember = laptop.get_cookie(csrf_app.config["REMEMBER_COOKIE_NAME"]).value
    tablet = csrf_app.test_client()  # a restarted browser: only the remember-me cookie left
    tablet.set_cookie(csrf_app.config["REMEMBER_COOKIE_NAME"], remember)
    acting = client_as(user, app=csrf_app)
    assert all(is_signed_in(client) for client in (phone, laptop, tablet, acting))
    if event == "password change":
        change_password_on(acting)
        assert is_signed_in(acting)  # the session that changed it goes on
    else:
        deactivate_through_the_admin(csrf_app, admin, user.id)
        # Reactivation revives none.
        deactivate_through_the_admin(csrf_app, admin, user.id, active="1")
    for client in (phone, laptop, tablet):
        assert not is_signed_in(client)
    figures.add(SECTION, "events that ended other sessions + remember cookies", 1)


def parsed_cookies(response) -> dict[str, dict]:
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name_value, *attributes = [part.strip() for part in header.split(";")]
        name, value = name_value.split("=", 1)
        found = {"value": value}
        for attribute in attributes:
            key, _, attr_value = attribute.partition("=")
            found[key.lower()] = attr_value or True
        cookies[name] = found
    return cookies


def test_remember_me_lasts_at_most_30_days(csrf_app, make_user, figures):
    make_user(email="lucia@example.com")
    response = submit_login(csrf_app.test_client(), "lucia@example.com", remember=True)
    remember = parsed_cookies(response)[csrf_app.config["REMEMBER_COOKIE_NAME"]]
    lifetimes = []
    if "expires" in remember:
        expires = parsedate_to_datetime(remember["expires"])
        lifetimes.append(expires - datetime.now(UTC))
    if "max-age" in remember:
        lifetimes.append(timedelta(seconds=int(remember["max-age"])))
    assert lifetimes, "the remember-me cookie must expire"
    assert all(timedelta(days=29) < span <= timedelta(days=30) for span in lifetimes), lifetimes
    days = round(max(lifetimes) / timedelta(days=1))
    figures.set(SECTION, "remember-me cookie lifetime (days)", days)


def assert_flags(cookie: dict, *, secure: bool) -> None:
    assert cookie.get("httponly") is True
    assert cookie.get("samesite") == "Lax"
    assert ("secure" in cookie) is secure


def test_cookie_flags_in_testing(csrf_app, make_user):
    make_user(email="lucia@example.com")
    response = submit_login(csrf_app.test_client(), "lucia@example.com", remember=True)
    cookies = parsed_cookies(response)
    assert_flags(cookies[csrf_app.config["SESSION_COOKIE_NAME"]], secure=False)
    assert_flags(cookies[csrf_app.config["REMEMBER_COOKIE_NAME"]], secure=False)


PRODUCTION_BASE = "https://dulcevicio.example"


@pytest.fixture
def production_app(production_app_factory):
    return production_app_factory()


def production_post(client, path: str, data: dict):
    """A same-site HTTPS form post: Flask-WTF checks the Referer on HTTPS."""
    page = client.get(path, base_url=PRODUCTION_BASE)
    assert page.status_code == 200, page.status_code
    data = {**data, "csrf_token": csrf_token_from(page.get_data(as_text=True))}
    return client.post(
        path, data=data, base_url=PRODUCTION_BASE, headers={"Referer": PRODUCTION_BASE + path}
    )


def test_production_cookies_are_secure_host_only(production_app, make_user, figures):
    make_user(email="lucia@example.com")
    response = production_post(
        production_app.test_client(),
        "/ingresar",
        {"login": "lucia@example.com", "password": PASSWORD, "remember_me": "y"},
    )
    assert response.status_code == 302
    cookies = parsed_cookies(response)
    names = sorted(cookies)
    assert names == ["__Host-dulcevicio_remember", "__Host-dulcevicio_session"], names
    for cookie in cookies.values():
        assert_flags(cookie, secure=True)
        # What the __Host- prefix demands: Secure, Path=/ and no Domain.
        assert cookie.get("path") == "/" and "domain" not in cookie
    figures.set(SECTION, "production cookies", ", ".join(names) + " (Secure, HttpOnly, Lax)")


def test_production_hashes_passwords_with_owasp_scrypt(app, production_app, make_user, figures):
    """Through the set-password link of a production app, as a new student would."""
    user = make_user(email="nueva@example.com", password=None)
    with production_app.app_context():
        token = accounts.issue_password_link_token(db.session.get(User, user.id))
        db.session.commit()
    response = production_post(
        production_app.test_client(),
        f"/clave/{token}",
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    stored = password_hash_of(app, user.id)
    method, n, r, p = stored.split("$", 1)[0].split(":")
    assert method == "scrypt" and int(n) >= 32768 and int(r) >= 8 and int(p) >= 3, stored
    figures.set(SECTION, "production password hash", f"{method}:{n}:{r}:{p}")


# --- Password length on every password form -----------------------------------------------

TOO_LONG = "ñ" * 129
LENGTH_ERROR = "La contraseña debe tener entre 8 y 128 caracteres."


def test_passwords_longer_than_128_characters_are_refused_on_every_form(
    csrf_app, world, site, figures
):
    student = logged_in_client(csrf_app, world.student)
    admin = logged_in_client(csrf_app, world.admin)
    link = f"/clave/{site.set_password_token}"
    forms = {
        "set-password": (csrf_app.test_client(), link, {"password": TOO_LONG, "confirm": TOO_LONG}),
        "change-password": (
            student,
            "/cuenta/clave",
            {"current_password": PASSWORD, "password": TOO_LONG, "confirm": TOO_LONG},
        ),
        "admin create user": (
            admin,
            "/admin/usuarios/nuevo",
            {
                "full_name": "Rosa Díaz",
                "email": "rosa@example.com",
                "role": "USER",
                "access_method": "password",
                "password": TOO_LONG,
            },
        ),
    }
    before = snapshot(csrf_app)
    refused = []
    for name, (client, url, data) in forms.items():
        page = client.get(url).get_data(as_text=True)
        response = client.post(url, data={**data, "csrf_token": csrf_token_from(page)})
        if response.status_code == 200 and LENGTH_ERROR in response.get_data(as_text=True):
            refused.append(name)
    figures.set(SECTION, "password forms refusing > 128 characters", f"{len(refused)} / 3")
    assert refused == list(forms)
    assert changed_tables(before, snapshot(csrf_app)) == []
    # Exactly 128 characters is still a password (the limit is not off by one).
    page = student.get("/cuenta/clave").get_data(as_text=True)
    response = student.post(
        "/cuenta/clave",
        data={
            "current_password": PASSWORD,
            "password": "ñ" * 128,
            "confirm": "ñ" * 128,
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.status_code == 302
