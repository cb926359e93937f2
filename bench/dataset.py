"""The page benchmarks' dataset, bulk-inserted through the real schema (bench/pages.py and
bench/serve.py use it; it is not a script).

One unit of `scale` is 500 students (two in three with a WhatsApp number), each enrolled in
4 of the courses with 10 progress rows per course (20 000 progress rows), ~70 memberships,
2 000 forum comments (100 per course, 40 % replies, nested) and 750 payments (1 or 2 per
student, MXN and ARS, some voided, some for an enrollment or the membership, a third with a
receipt key that is never fetched). About 160 enrollments and memberships end within the
next 7 days or ended in the last 30 (the renewals board): a third marked as contacted for
that end, every fifth with a stale mark for an earlier one. The catalog is 20 courses × 15
lessons × 10 recipes at every scale: the question is whether a page slows down as the
tables grow, not how long a page with ten times the courses takes to render (bench/search.py
asks for more recipes per course). Texts are realistic Spanish baking prose (bench/rows.py:
recipes with an ingredient list and numbered steps, students' questions and the team's
answers), so searches find as much as they would on the site. One precomputed password
hash serves every account, and rows go in with Core executemany inserts, so 10 units take
seconds; the search index is then built from them (`services.search.rebuild`, what the
flush hook would have written had the rows gone through the ORM).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from bench import rows
from bench.social_rows import social_rows
from dulcevicio.extensions import db
from dulcevicio.models import utcnow
from dulcevicio.models.search import SearchDocument
from dulcevicio.services import search

OUT = Path(__file__).resolve().parent / "out"
PASSWORD = "bench-clave-segura"


@dataclass(frozen=True)
class Dataset:
    """What the benchmarks need to know about a seeded database."""

    scale: int
    row_counts: dict[str, int]  # rows per table
    student_email: str  # enrolled in 4 courses, with progress in each
    course_slug: str  # one of hers
    lesson_id: int  # a lesson of that course she has started
    lesson_seconds: int  # its video's duration
    preview_lesson_id: int  # a preview lesson of that course, open to visitors
    recipe_id: int
    admin_email: str = rows.ADMIN_EMAIL
    password: str = PASSWORD


def sqlite_url(name: str) -> str:
    """A fresh SQLite file under bench/out/ (any previous one and its WAL removed)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def seed(app, scale: int, recipes_per_course: int = rows.RECIPES) -> Dataset:
    """Create the schema on the app's (empty or disposable) database and fill it."""
    rng, now = random.Random(2027), utcnow()
    tables = rows.all_rows(rng, scale, now, password_hash(app), recipes_per_course)
    tables += social_rows(rng, scale, now, recipes_per_course)
    counts = fill(app, tables)
    lessons = tables[2][1]
    started = lessons[5]  # course 0, sixth lesson (started, see _progress)
    preview = next(lesson for lesson in lessons if lesson["is_preview"] and lesson["is_active"])
    assert preview["course_id"] == started["course_id"]
    return Dataset(
        scale=scale,
        row_counts=counts,
        student_email=rows.email(0),
        course_slug=rows.slug(0),
        lesson_id=started["id"],
        lesson_seconds=started["video_duration_seconds"],
        preview_lesson_id=preview["id"],
        recipe_id=3,
    )


def fill(app, tables: list) -> dict[str, int]:
    """Recreate the schema on the app's (empty or disposable) database, insert `tables`,
    (model, rows as dicts) in dependency order, and build the search index; the rows per
    table, the index's documents included."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        for model, values in tables:
            for start in range(0, len(values), 20_000):
                db.session.execute(sa.insert(model.__table__), values[start : start + 20_000])
        db.session.commit()
        documents = search.rebuild()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            _finish_postgresql(model for model, _ in tables)
    counts = {model.__tablename__: len(values) for model, values in tables}
    return counts | {SearchDocument.__tablename__: documents}


def password_hash(app) -> str:
    """PASSWORD hashed once, as the app's configuration hashes, for every seeded account."""
    return generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])


def _finish_postgresql(models) -> None:
    """Explicit ids leave PostgreSQL's sequences at 1: move them past the rows. Then
    vacuum and gather the planner's statistics, as autovacuum soon would: the search
    index's GIN index, written a document at a time, otherwise keeps its entries in its
    pending list, which every search reads through."""
    for model in models:
        table = model.__tablename__
        maximum = sa.select(sa.func.coalesce(sa.func.max(model.id), 1)).scalar_subquery()
        sequence = sa.func.pg_get_serial_sequence(table, "id")
        db.session.execute(sa.select(sa.func.setval(sequence, maximum)))
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def database_url(name: str, postgres: str | None = None) -> str:
    """A database of its own for `name`: a fresh SQLite file under bench/out/, or, given
    a PostgreSQL server URL, `dulcevicio_bench_<name>` on that server (created if missing;
    `seed` empties it)."""
    if not postgres:
        return sqlite_url(name)
    url = sa.engine.make_url(postgres).set(drivername="postgresql+psycopg")
    database = f"dulcevicio_bench_{name}"
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        query = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
        if not connection.scalar(query, {"name": database}):
            connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    server.dispose()
    return url.set(database=database).render_as_string(hide_password=False)
