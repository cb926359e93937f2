"""Writes racing each other through HTTP: one thread per request, each with its own client,
released together by a barrier. On a SQLite file (WAL, busy timeout) and on PostgreSQL.

Figures: requests sent, rows that result, errors (answers >= 500 or exceptions) and
"database is locked" seen, per scenario.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Enrollment, Lesson, LessonProgress

SECTION = "Concurrency"


class InFlight:
    """Wraps the app to count requests being handled at the same moment."""

    def __init__(self, app):
        self.app, self.wsgi_app = app, app.wsgi_app
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def __call__(self, environ, start_response):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            with self.lock:
                self.now -= 1

    def __enter__(self):
        self.app.wsgi_app = self
        return self

    def __exit__(self, *_exc):
        self.app.wsgi_app = self.wsgi_app


def together(app, clients: list, request: Callable) -> tuple[list[int], list[str], int]:
    """Run `request(client, index)` in one thread per client, all released at once.
    Returns the status codes, the errors raised and the most requests in flight at once."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[str] = []

    def run(client, index):
        barrier.wait()
        try:
            statuses.append(request(client, index).status_code)
        except Exception as error:  # every failure counts, whatever it is
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(c, i)) for i, c in enumerate(clients)]
    with InFlight(app) as in_flight:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return statuses, errors, in_flight.most


def tabs(client, count: int) -> list:
    """`count` clients sharing `client`'s logged-in session (like one browser's tabs)."""
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name).value
    clients = []
    for _ in range(count):
        tab = client.application.test_client()
        tab.set_cookie(name, cookie)
        clients.append(tab)
    return clients


def rows(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def record(figures, scenario: str, outcome: tuple, row_count: int):
    statuses, errors, most = outcome
    locked = sum("database is locked" in error for error in errors)
    failed = len(errors) + sum(status >= 500 for status in statuses)
    figures.set(SECTION, f"{scenario}: requests", len(statuses) + len(errors))
    figures.set(SECTION, f"{scenario}: most in flight at once", most)
    figures.set(SECTION, f"{scenario}: rows", row_count)
    figures.set(SECTION, f"{scenario}: errors", failed)
    figures.add(SECTION, 'total "database is locked"', locked)


def test_fifty_parallel_progress_saves_make_one_row(
    app, client_as, make_user, make_course, grant, figures
):
    student, course = make_user(email="ana@example.com"), make_course(lessons=1)
    grant(student, course)
    with app.app_context():
        lesson_id = db.session.scalar(sa.select(Lesson.id).where(Lesson.course_id == course.id))
    clients = tabs(client_as(student), 50)

    def save(client, index):
        return client.post(f"/lecciones/{lesson_id}/progreso", json={"position": 10 + index})

    outcome = together(app, clients, save)
    statuses, errors, _most = outcome
    count = rows(app, LessonProgress, LessonProgress.user_id == student.id)
    record(figures, "50 progress saves, one lesson", outcome, count)
    assert errors == [] and statuses == [200] * 50
    assert count == 1
    with app.app_context():
        position = db.session.scalar(sa.select(LessonProgress.last_watched_position))
    assert 10 <= position < 60  # one of the saves, not a mix


def test_twenty_parallel_grants_make_one_enrollment(
    app, client_as, admin, make_user, make_course, figures
):
    student, course = make_user(email="ana@example.com"), make_course()
    clients = tabs(client_as(admin), 20)
    form = {"user": student.email, "course": str(course.id), "duration": "30"}

    def grant(client, _index):
        return client.post("/admin/inscripciones/nueva", data=form)

    outcome = together(app, clients, grant)
    statuses, errors, _most = outcome
    count = rows(app, Enrollment, Enrollment.user_id == student.id)
    record(figures, "20 grants, one student and course", outcome, count)
    assert errors == [] and statuses == [302] * 20
    assert count == 1
    with app.app_context():
        enrollment = db.session.scalar(sa.select(Enrollment))
        assert enrollment.is_active and enrollment.expires_at is not None


def test_twenty_students_comment_at_once(app, client_as, make_user, make_course, grant, figures):
    course = make_course()
    students = [make_user(email=f"alumna{n}@example.com") for n in range(20)]
    for student in students:
        grant(student, course)
    clients = [client_as(student) for student in students]

    def comment(client, index):
        return client.post(f"/cursos/{course.slug}/foro", data={"content": f"Hola {index}"})

    outcome = together(app, clients, comment)
    statuses, errors, _most = outcome
    count = rows(app, Comment, Comment.course_id == course.id)
    record(figures, "20 forum comments, 20 students", outcome, count)
    assert errors == [] and statuses == [302] * 20
    assert count == 20
    with app.app_context():
        contents = set(db.session.scalars(sa.select(Comment.content)))
    assert contents == {f"Hola {n}" for n in range(20)}
