"""Views marked @read_only (search, the landing, catalog and course pages, "Mis cursos",
lessons, recipes and kitchen mode): every statement of their request, the login's first,
runs outside a transaction (on PostgreSQL: no BEGIN and ROLLBACK round trips); the
connection serves the next request in a transaction again; and a write through the session
of such a request is refused before it reaches the database."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from psycopg.pq import TransactionStatus

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson
from dulcevicio.models.recipe_structure import RecipeStructure, Step
from dulcevicio.read_only_views import WriteInReadOnlyView, read_only


def _autocommit_where_it_saves(app) -> str | None:
    """The mode read-only views run in: autocommit on PostgreSQL; on SQLite, whose driver
    begins a transaction only to write, the connection's own."""
    with app.app_context():
        return "AUTOCOMMIT" if db.engine.dialect.name == "postgresql" else None


def _in_transaction(dbapi_connection) -> bool:
    """Whether the database holds a transaction open on this connection right now."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.in_transaction
    return dbapi_connection.info.transaction_status != TransactionStatus.IDLE


@contextmanager
def statements_seen(app):
    """Each statement the app runs: (its first words, its connection's isolation option,
    whether it ran in a transaction)."""
    seen: list[tuple[str, str | None, bool]] = []

    def record(connection, _cursor, statement, *_args) -> None:
        mode = connection.get_execution_options().get("isolation_level")
        dbapi_connection = connection.connection.dbapi_connection
        seen.append((" ".join(statement.split()[:3]), mode, _in_transaction(dbapi_connection)))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "after_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "after_cursor_execute", record)


@pytest.fixture
def course(make_course):
    return make_course(title="Masas básicas")


@pytest.fixture
def recipe(course, make_recipe):
    steps = (Step("Mezclar la harina con la manteca fría."), Step("Hornear 20 minutos."))
    return make_recipe(
        course,
        "Masa quebrada",
        1,
        recipe_text="Harina, manteca y agua fría.",
        structure=RecipeStructure(yield_amount=6, steps=steps),
    )


@pytest.fixture
def student(client_as, course, recipe, grant):
    client = client_as("student")
    grant(client.user, course)
    return client


@pytest.mark.parametrize(
    "path", ["/buscar?q=masa", "/buscar?q=masa&tipo=recetas", "/buscar/sugerencias?q=mas"]
)
def test_search_pages_run_every_statement_outside_a_transaction(app, student, path):
    with statements_seen(app) as seen:
        response = student.get(path)

    assert response.status_code == 200
    assert "quebrada" in response.get_data(as_text=True)
    assert any(statement.startswith("SELECT users.id") for statement, _, _ in seen), seen
    assert all(mode == _autocommit_where_it_saves(app) for _, mode, _ in seen), seen
    assert not any(in_transaction for _, _, in_transaction in seen), seen


def test_the_pages_students_read_most_run_every_statement_outside_a_transaction(
    app, student, course, recipe, fetch
):
    lesson_id = fetch(Lesson, Lesson.course_id == course.id, Lesson.position == 1).id
    pages = {
        "/cursos": "Masas básicas",
        f"/cursos/{course.slug}": "Masas básicas",
        "/mis-cursos": "Masas básicas",
        f"/cursos/{course.slug}/lecciones/{lesson_id}": "Lección 1",
        f"/cursos/{course.slug}/recetas/{recipe.id}": "Masa quebrada",
        f"/cursos/{course.slug}/recetas/{recipe.id}/cocina": "Hornear 20 minutos",
    }
    expected_mode = _autocommit_where_it_saves(app)
    for path, marker in pages.items():
        with statements_seen(app) as seen:
            response = student.get(path)

        assert response.status_code == 200, path
        assert marker in response.get_data(as_text=True), path
        assert seen and all(mode == expected_mode for _, mode, _ in seen), (path, seen)
        assert not any(in_transaction for _, _, in_transaction in seen), (path, seen)


def test_the_next_page_on_the_same_connection_runs_in_a_transaction_again(app, student):
    student.get("/buscar/sugerencias?q=mas")

    with statements_seen(app) as seen:
        response = student.get("/notificaciones")

    assert response.status_code == 200
    assert seen and not any(mode == "AUTOCOMMIT" for _, mode, _ in seen), seen
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":  # SQLite (pysqlite) begins a transaction only to write
        assert all(in_transaction for _, _, in_transaction in seen), seen


def _renaming_views(app):
    """Two views that rename every course, one through a flush and one with an UPDATE,
    both marked @read_only, and the flush's twin unmarked."""

    def rename_by_flush():
        for course in db.session.scalars(sa.select(Course)):
            course.title = "Renombrado"
        db.session.commit()
        return "hecho"

    def rename_by_update():
        db.session.execute(sa.update(Course).values(title="Renombrado"))
        db.session.commit()
        return "hecho"

    app.add_url_rule("/prueba/flush", "flush", read_only(rename_by_flush))
    app.add_url_rule("/prueba/update", "update", read_only(rename_by_update))
    app.add_url_rule("/prueba/escribe", "writes", lambda: rename_by_flush())


@pytest.mark.parametrize("path", ["/prueba/flush", "/prueba/update"])
def test_a_read_only_view_that_writes_is_refused_before_the_database(
    app_factory, make_course, rows, path
):
    app = app_factory()
    _renaming_views(app)
    make_course(title="Panes")

    with pytest.raises(WriteInReadOnlyView):
        app.test_client().get(path)

    assert [course.title for course in rows(Course)] == ["Panes"]


def test_a_view_not_marked_writes_as_before(app_factory, make_course, rows):
    app = app_factory()
    _renaming_views(app)
    make_course(title="Panes")

    assert app.test_client().get("/prueba/escribe").status_code == 200

    assert [course.title for course in rows(Course)] == ["Renombrado"]
