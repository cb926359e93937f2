"""Visitors' public pages: no session cookie, shared and revalidated (ETag, 304), kept in
each worker's memory under the public pages' version, never stale and never personal.

The in-process tests run the app as the test client sees it; the last ones start two
app processes (as two dynos) on the test database and one Redis, and an admin changes
things on one of them while visitors read the other.
"""

from __future__ import annotations

import pytest
import redis
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Role, User, utcnow
from dulcevicio.services import public_pages
from tests.admin.conftest import counting_queries
from tests.helpers import PASSWORD
from tests.security.gunicorn_servers import gunicorn_servers

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of the tests' own
STUDENT_NAME = "Valentina Sosa"


@pytest.fixture
def redis_url():
    """A Redis database of the tests' own, empty before and after."""
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield REDIS_URL
    store.flushdb()
    store.close()


@pytest.fixture
def site(app, make_course):
    """A course with a preview lesson and a paid one."""
    course = make_course(title="Tarta de limón", lessons=2)
    with app.app_context():
        preview, paid = db.session.get(Course, course.id).lessons
        lesson_ids = [preview.id, paid.id]
    return {
        "course": course,
        "lesson_ids": lesson_ids,
        "pages": ["/", "/cursos", f"/cursos/{course.slug}", lesson_path(course, lesson_ids[0])],
        "paid": lesson_path(course, lesson_ids[1]),
    }


def lesson_path(course: Course, lesson_id: int) -> str:
    return f"/cursos/{course.slug}/lecciones/{lesson_id}"


def personal_traces(html: str) -> list[str]:
    """What must never be in a page kept for everyone."""
    traces = [STUDENT_NAME, "csrf-token", "csrf_token", "Cerraste sesión", "Mis cursos"]
    return [trace for trace in traces if trace in html]


def test_visitor_pages_set_no_cookie_and_are_revalidated(app_factory, site):
    app = app_factory(WTF_CSRF_ENABLED=True)  # as in production: forms issue tokens
    client = app.test_client()
    for path in site["pages"]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Set-Cookie" not in page.headers, path
        assert page.headers["Cache-Control"] == "public, no-cache", path
        assert "Cookie" in page.headers["Vary"]
        etag = page.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", path
        assert again.headers["ETag"] == etag and "Set-Cookie" not in again.headers
        assert client.get(path).data == page.data  # the kept copy is the page itself
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None
    # A form needs a session: the login page still sets one.
    assert "Set-Cookie" in client.get("/ingresar").headers


def test_a_kept_page_costs_one_query_or_none_with_redis(app_factory, site, redis_url):
    for app, expected in ((app_factory(), 1), (app_factory(REDIS_URL=redis_url), 0)):
        client = app.test_client()
        for path in site["pages"]:
            client.get(path)
            with counting_queries(app) as statements:
                assert client.get(path).status_code == 200
            assert len(statements) == expected, (path, statements)


def test_signed_in_pages_are_private_and_never_kept(app, site, client_as, grant):
    student = client_as("student", full_name=STUDENT_NAME)
    grant(student.user, site["course"])
    visitor = app.test_client()
    for path in site["pages"][1:]:
        mine = student.get(path)
        assert mine.status_code == 200 and STUDENT_NAME in mine.get_data(as_text=True)
        assert mine.headers["Cache-Control"] == "no-store" and "ETag" not in mine.headers
        theirs = visitor.get(path).get_data(as_text=True)
        assert personal_traces(theirs) == [], path
    # The student's own lesson page is hers, before and after a visitor's view.
    assert student.get(site["paid"]).headers["Cache-Control"] == "no-store"
    assert STUDENT_NAME in student.get(site["pages"][1]).get_data(as_text=True)


def test_a_flash_message_is_shown_once_and_never_kept(app, site, client_as):
    student = client_as("student", full_name=STUDENT_NAME)
    student.post("/salir")
    # Her browser still holds the session with the farewell: she gets it, not others.
    farewell = student.get("/cursos")
    assert "Cerraste sesión" in farewell.get_data(as_text=True)
    assert farewell.headers["Cache-Control"] == "no-store"
    for path in site["pages"]:
        assert personal_traces(app.test_client().get(path).get_data(as_text=True)) == []


def test_a_query_string_or_a_login_cookie_goes_through_the_app(app, site, client_as):
    client = app.test_client()
    path = site["pages"][3]
    client.get(path)
    with counting_queries(app) as with_query:
        assert client.get(path + "?t=30").status_code == 200
    assert len(with_query) > 1
    student = client_as("student", full_name=STUDENT_NAME)
    assert STUDENT_NAME in student.get(path).get_data(as_text=True)


@pytest.mark.parametrize("with_redis", [False, True])
def test_every_change_shows_on_the_next_request(
    app_factory, site, client_as, redis_url, with_redis
):
    app = app_factory(REDIS_URL=redis_url) if with_redis else app_factory()
    admin_client = client_as("admin", app=app)
    visitor = app.test_client()
    course = site["course"]
    for path in site["pages"]:
        visitor.get(path)
    etag = visitor.get(f"/cursos/{course.slug}").headers["ETag"]

    admin_client.post(
        f"/admin/cursos/{course.id}/testimonios",
        data={"author_name": "Lucía", "author_detail": "", "text": "¡Salió perfecta!"},
    )
    page = visitor.get(f"/cursos/{course.slug}", headers={"If-None-Match": etag})
    assert page.status_code == 200 and "¡Salió perfecta!" in page.get_data(as_text=True)

    with app.app_context():  # a change made outside any request (a command, the shell)
        db.session.get(Lesson, site["lesson_ids"][0]).title = "Bienvenida al curso"
        db.session.commit()
    assert "Bienvenida al curso" in visitor.get(site["pages"][3]).get_data(as_text=True)

    admin_client.post(f"/admin/cursos/{course.id}/estado", data={"activo": "0"})
    assert visitor.get(f"/cursos/{course.slug}").status_code == 404
    assert visitor.get(site["pages"][3]).status_code == 404
    assert "Tarta de limón" not in visitor.get("/").get_data(as_text=True)
    assert "Tarta de limón" not in visitor.get("/cursos").get_data(as_text=True)


def test_a_rolled_back_change_leaves_the_version(app, site):
    with app.app_context():
        before = public_pages.current_version()
        db.session.get(Course, site["course"].id).title = "Nunca guardado"
        db.session.flush()
        db.session.rollback()
        assert public_pages.current_version() == before


# --- Two app processes, as two dynos ---------------------------------------------------------


@pytest.fixture
def two_dynos(app, database_uri, redis_url, tmp_path):
    """Two gunicorn processes (two workers each, the Procfile's settings) on the test
    database and one Redis."""
    with gunicorn_servers(
        database_uri, tmp_path, count=2, env={"TEST_REDIS_URL": redis_url}
    ) as servers:
        yield servers


def signed_in(server, email: str) -> dict:
    """Headers of a browser signed in on `server`."""
    answer = server.request("POST", "/ingresar", {"login": email, "password": PASSWORD})
    assert answer.status == 302, answer.status
    session = answer.cookies()["dulcevicio_session"]
    return {"Cookie": f"dulcevicio_session={session}"}


def test_two_dynos_see_every_change_on_the_next_request(two_dynos, site, make_user):
    admin_user = make_user(Role.ADMIN, email="jefa@example.com")
    course = site["course"]
    course_path = f"/cursos/{course.slug}"
    for server in two_dynos:
        for path in site["pages"] * 2:  # both workers of each
            answer = server.request("GET", path)
            assert answer.status == 200 and "Set-Cookie" not in answer.headers, path
    etag = two_dynos[1].request("GET", course_path).headers["ETag"]
    for server in two_dynos:  # the same page on both: either may revalidate it
        assert server.request("GET", course_path, headers={"If-None-Match": etag}).status == 304

    first, second = two_dynos
    admin = signed_in(first, admin_user.email)
    added = first.request(
        "POST",
        f"/admin/cursos/{course.id}/testimonios",
        {"author_name": "Lucía", "author_detail": "", "text": "¡Salió perfecta!"},
        headers=admin,
    )
    assert added.status == 302
    for server in (second, first):
        answer = server.request("GET", course_path, headers={"If-None-Match": etag})
        assert answer.status == 200 and "¡Salió perfecta!" in answer.body

    off = first.request("POST", f"/admin/cursos/{course.id}/estado", {"activo": "0"}, admin)
    assert off.status == 302
    for server in (second, first):
        assert server.request("GET", course_path).status == 404
        assert server.request("GET", site["pages"][3]).status == 404
        assert "Tarta de limón" not in server.request("GET", "/").body


def test_two_dynos_never_share_a_students_page(two_dynos, site, make_user, grant):
    student_user = make_user(email="vale@example.com", full_name=STUDENT_NAME)
    grant(student_user, site["course"])
    first, second = two_dynos
    student = signed_in(first, student_user.email)
    for path in site["pages"][1:] * 2:
        answer = first.request("GET", path, headers=student)
        assert answer.status == 200 and STUDENT_NAME in answer.body, path
        assert answer.headers["Cache-Control"] == "no-store"
    farewell = first.request("POST", "/salir", {}, student)
    after = {"Cookie": f"dulcevicio_session={farewell.cookies()['dulcevicio_session']}"}
    assert "Cerraste sesión" in first.request("GET", "/cursos", headers=after).body
    for server in two_dynos:
        for path in site["pages"] * 2:
            answer = server.request("GET", path)
            assert answer.status == 200 and personal_traces(answer.body) == [], path
            assert answer.headers["Cache-Control"] == "public, no-cache"


def test_a_database_outage_gets_the_503_page_not_a_kept_or_broken_one(app, site, monkeypatch):
    client = app.test_client()
    path = site["pages"][2]
    assert client.get(path).status_code == 200  # kept

    def unavailable():
        raise sa.exc.OperationalError("SELECT version", {}, Exception("server closed"))

    monkeypatch.setattr(public_pages, "current_version", unavailable)
    answer = client.get(path)
    assert answer.status_code == 503 and "Tarta de limón" not in answer.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200  # what is never kept asks no version


def test_a_rename_raises_the_version(app, make_user):
    """A featured bake shows its author's name (shortened) to visitors."""
    user = make_user(full_name="Valentina Sosa")
    with app.app_context():
        before = public_pages.current_version()
        db.session.get(User, user.id).last_login_at = utcnow()  # not a name: nothing to see
        db.session.commit()
        assert public_pages.current_version() == before
        db.session.get(User, user.id).full_name = "Valentina Sosa Ruiz"
        db.session.commit()
        assert public_pages.current_version() == before + 1


def test_a_returning_visitor_on_a_new_worker_gets_304_and_the_page_is_kept(app_factory, site):
    """After a deploy or a recycled worker, browsers come back with their ETag only."""
    path = site["pages"][2]
    etag = app_factory().test_client().get(path).headers["ETag"]
    worker = app_factory()  # another worker: nothing kept yet
    client = worker.test_client()
    first = client.get(path, headers={"If-None-Match": etag})
    assert first.status_code == 304 and first.data == b"" and first.headers["ETag"] == etag
    with counting_queries(worker) as statements:
        again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and len(statements) == 1  # the version only: kept
    assert client.get(path, headers={"If-None-Match": '"otra"'}).status_code == 200
    static = client.get("/static/css/app.css")
    revalidated = client.get(
        "/static/css/app.css", headers={"If-None-Match": static.headers["ETag"]}
    )
    assert revalidated.status_code == 304  # other conditional GETs untouched
