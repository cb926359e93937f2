"""`flask db upgrade` on an empty database builds exactly the models' schema."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from werkzeug.security import generate_password_hash

from dulcevicio import create_app
from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Membership, Role, User, utcnow
from dulcevicio.models.search import SearchDocument, compared_with_the_model
from dulcevicio.services.search import sync
from tests.helpers import PASSWORD, logged_in_client


@pytest.fixture
def empty_database_uri(database_uri, tmp_path):
    """A brand-new empty database on the same server as the suite's one."""
    url = sa.engine.make_url(database_uri)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"{url.database}_migrations"
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def schema_diff(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        options = {"compare_type": True, "include_object": compared_with_the_model}
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, db.metadata)


def table_names(app) -> set[str]:
    """The tables of the schema, leaving out those SQLite's full-text index keeps."""
    with app.app_context():
        names = sa.inspect(db.engine).get_table_names()
    return {name for name in names if compared_with_the_model(None, name, "table", True, None)}


def test_upgrade_matches_the_models_and_downgrade_undoes_it(empty_database_uri):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_uri})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert table_names(app) == set(db.metadata.tables) | {"alembic_version"}
    assert schema_diff(app) == []

    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert table_names(app) == {"alembic_version"}

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert schema_diff(app) == []
    with app.app_context():
        db.engine.dispose()


def test_migrated_schema_enforces_constraints(empty_database_uri):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_uri})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        user = User(email="a@example.com", full_name="A", role=Role.USER)
        db.session.add(user)
        db.session.commit()
        now = utcnow()
        db.session.add(
            Membership(user_id=user.id, start_date=now, end_date=now - timedelta(days=1))
        )
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(User(email="a@example.com", full_name="Duplicada", role=Role.USER))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(sa.text("UPDATE users SET role = 'ROOT'"))
            db.session.commit()
        db.session.rollback()
        db.engine.dispose()


def test_upgrading_keeps_the_forum_searchable_apart(empty_database_uri):
    """0014 moves the comments a 0013 index holds (their old scope, on SQLite their rows in
    search_fts) to where the search reads them now; nothing is rebuilt."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_uri})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0013_bakes"]).exit_code == 0
    sa.event.remove(db.session, "after_flush", sync._follow_flush)  # today's index shape
    try:
        with app.app_context():
            admin = User(email="admin@example.com", full_name="Admin", role=Role.ADMIN)
            admin.password_hash = generate_password_hash(PASSWORD)
            course = Course(title="Merengues", slug="merengues")
            db.session.add_all([admin, course])
            db.session.flush()
            comment = Comment(course_id=course.id, user_id=admin.id, content="Merengue suizo")
            db.session.add(comment)
            db.session.flush()
            # What 0013's code wrote for the comment.
            row = {"kind": "comment", "item_id": comment.id, "course_id": course.id}
            document_id = db.session.execute(
                sa.insert(SearchDocument).returning(SearchDocument.id),
                [
                    {
                        **row,
                        "public": False,
                        "scope": f"c{course.id}",
                        "body": comment.content,
                        "body_stems": "merengu suiz",
                    }
                ],
            ).scalar_one()
            if db.engine.dialect.name == "sqlite":
                db.session.execute(
                    sa.text(
                        "INSERT INTO search_fts (rowid, title, body, title_words, body_words, "
                        "scope) VALUES (:id, '', 'merengu suiz', '', 'merengue suizo', :scope)"
                    ),
                    {"id": document_id, "scope": f"c{course.id}"},
                )
            db.session.commit()
            course_id = course.id
    finally:
        sync.follow_the_content()

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        admin = db.session.scalar(sa.select(User))
        assert db.session.scalar(sa.select(SearchDocument.scope)) == f"c{course_id} foro"
        if db.engine.dialect.name == "sqlite":
            assert db.session.scalar(sa.text("SELECT count(*) FROM search_fts")) == 0
    html = logged_in_client(app, admin).get("/buscar?q=merengue&tipo=foro").get_data(as_text=True)
    assert "<mark>Merengue</mark> suizo" in html
    with app.app_context():
        # The trigger 0014 replaced drops a comment's row with its document.
        db.session.execute(sa.delete(SearchDocument))
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            assert db.session.scalar(sa.text("SELECT count(*) FROM search_forum")) == 0
        db.engine.dispose()
