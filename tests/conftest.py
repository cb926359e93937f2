"""Shared fixtures: the app on a real database, factories, and logged-in clients.

The suite runs on a SQLite file by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from config import database_url
from dulcevicio import create_app
from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Membership, Recipe, Role, User
from dulcevicio.services import accounts
from dulcevicio.services.enrollment import grant_enrollment
from tests.cloudinary_stub import CloudinaryStub
from tests.helpers import PASSWORD, logged_in_client


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory) -> str:
    url = database_url(os.environ.get("TEST_DATABASE_URL"))
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _schema(database_uri):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_uri})
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app_factory(_schema, database_uri, tmp_path):
    """Build apps on the test database and a temporary upload folder.

    Every table is emptied after the test.
    """
    apps = []
    defaults = {
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "BOOK_CACHE_FOLDER": str(tmp_path / "book-cache"),
        "CERTIFICATE_CACHE_FOLDER": str(tmp_path / "certificate-cache"),
    }

    def build(**overrides):
        app = create_app("testing", {**defaults, **overrides})
        apps.append(app)
        return app

    yield build
    with build().app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    return app_factory()


# Requests must not share an app context: Flask reuses one that is already pushed, and
# with it `g` (where Flask-Login caches the user) and the database session. pytest-flask
# pushes one for every test and its `client` keeps each request's context alive, so both
# are replaced. Tests open `app.app_context()` themselves when they touch the database.


@pytest.fixture(autouse=True)
def _push_request_context():
    yield


@pytest.fixture
def client(app):
    return app.test_client()


def _detached(instance):
    """Commit, load every column and detach, so tests can read it outside a context."""
    db.session.commit()
    db.session.refresh(instance)
    db.session.expunge(instance)
    return instance


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.USER,
        *,
        email: str | None = None,
        username: str | None = None,
        password: str | None = PASSWORD,
        full_name: str = "Ana Pérez",
        is_active: bool = True,
        phone: str | None = None,
    ) -> User:
        number = next(counter)
        with app.app_context():
            user = accounts.create_account(
                email=email or f"persona{number}@example.com",
                full_name=full_name,
                role=role,
                username=username,
                phone=phone,
                password=password,
            )
            user.is_active = is_active
            return _detached(user)

    return make


@pytest.fixture
def make_course(app):
    counter = iter(range(1, 10_000))

    def make(*, title: str | None = None, is_active: bool = True, lessons: int = 2) -> Course:
        number = next(counter)
        with app.app_context():
            course = Course(
                title=title or f"Curso {number}",
                slug=f"curso-{number}",
                description="Un curso de prueba.",
                is_active=is_active,
                position=number,
                lessons=[
                    Lesson(title=f"Lección {index}", position=index, is_preview=index == 1)
                    for index in range(1, lessons + 1)
                ],
            )
            db.session.add(course)
            return _detached(course)

    return make


@pytest.fixture
def grant(app):
    """Enroll a user in a course: `grant(user, course, expires_at=..., is_active=...)`."""

    def make(user: User, course: Course, *, expires_at: datetime | None = None, is_active=True):
        with app.app_context():
            enrollment = grant_enrollment(
                db.session.get(User, user.id),
                db.session.get(Course, course.id),
                expires_at=expires_at,
            )
            enrollment.is_active = is_active
            return _detached(enrollment)

    return make


@pytest.fixture
def make_membership(app):
    def make(user: User, start: datetime, end: datetime, *, is_active: bool = True):
        with app.app_context():
            membership = Membership(
                user_id=user.id, start_date=start, end_date=end, is_active=is_active
            )
            db.session.add(membership)
            return _detached(membership)

    return make


@pytest.fixture
def fetch(app):
    """Read rows after a request: `fetch(Model, id)` or `fetch(Model, column == value)`."""

    def read(model, *where, id=None):
        with app.app_context():
            if id is not None:
                row = db.session.get(model, id)
            else:
                row = db.session.scalars(sa.select(model).where(*where)).first()
            if row is not None:
                db.session.expunge(row)
            return row

    return read


@pytest.fixture
def rows(app):
    """All rows of a model (detached), ordered by id: `rows(Model, *where)`."""

    def read(model, *where):
        with app.app_context():
            found = db.session.scalars(sa.select(model).where(*where).order_by(model.id)).all()
            for row in found:
                db.session.expunge(row)
            return found

    return read


@pytest.fixture
def make_recipe(app):
    def make(course, title: str, position: int, **fields) -> Recipe:
        with app.app_context():
            recipe = Recipe(course_id=course.id, title=title, position=position, **fields)
            db.session.add(recipe)
            db.session.commit()
            db.session.refresh(recipe)
            db.session.expunge(recipe)
            return recipe

    return make


# Roles `client_as` makes a new user for.
ROLES = {"admin": Role.ADMIN, "student": Role.USER}


@pytest.fixture
def client_as(app: Flask, make_user):
    """A new test client (its own browser session) logged in through the login form.

    `client_as("admin")` or `client_as("student", email=..., full_name=...)` makes the user
    with those fields; `client_as(user)` logs an existing user in. `app=` picks another app
    on the same database, `password=` the password. The client's `.user` is the user.
    """

    default_app = app

    def log_in(who: str | User, *, app: Flask | None = None, password: str = PASSWORD, **fields):
        user = make_user(ROLES[who], password=password, **fields) if isinstance(who, str) else who
        return logged_in_client(app or default_app, user, password)

    return log_in


# Two students enrolled in the test package's own `course` fixture (the forum, bakes,
# reactions and notifications tests each define the course they are about).


@pytest.fixture
def ana(make_user, course, grant):
    """An enrolled student."""
    student = make_user(email="ana@example.com", full_name="Ana Pérez")
    grant(student, course)
    return student


@pytest.fixture
def bruno(make_user, course, grant):
    """Another enrolled student."""
    student = make_user(email="bruno@example.com", full_name="Bruno Díaz")
    grant(student, course)
    return student


@pytest.fixture
def admin(make_user) -> User:
    return make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")


@pytest.fixture
def admin_client(client_as, admin):
    """A client logged in as `admin`."""
    return client_as(admin)


@pytest.fixture
def cloudinary_stub():
    stub = CloudinaryStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def cloud_app(app_factory, cloudinary_stub):
    """An app whose media live on Cloudinary (the loopback stand-in)."""
    return app_factory(CLOUDINARY_URL=cloudinary_stub.cloudinary_url, CLOUDINARY_TIMEOUT_SECONDS=1)


@pytest.fixture
def cloud_admin(cloud_app, client_as):
    """A logged-in admin of `cloud_app`."""
    return client_as("admin", app=cloud_app, email="jefa@example.com")
