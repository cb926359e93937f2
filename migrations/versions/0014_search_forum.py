"""Forum comments apart in the search index: a `foro` scope word on their documents, and on
SQLite their own FTS5 table, `search_forum` (the results list comments newest first and
rank the other kinds without reading the comments' rows).

Revision ID: 0014_search_forum
Revises: 0013_bakes
Create Date: 2026-12-06
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0014_search_forum"
down_revision = "0013_bakes"
branch_labels = None
depends_on = None

COMMENTS = "SELECT id FROM search_documents WHERE kind = 'comment'"

# A frozen copy of the trigger in dulcevicio/models/search.py, before and after.
TRIGGER_BEFORE = (
    "CREATE TRIGGER search_documents_forget AFTER DELETE ON search_documents BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_titles WHERE rowid = old.id; END"
)
TRIGGER_AFTER = (
    "CREATE TRIGGER search_documents_forget AFTER DELETE ON search_documents BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_titles WHERE rowid = old.id; "
    "DELETE FROM search_forum WHERE rowid = old.id; END"
)


def upgrade():
    op.execute(
        "UPDATE search_documents SET scope = scope || ' foro' WHERE kind = 'comment'"
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_forum USING fts5(body, body_words, scope, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5')"
        )
        op.execute(
            "INSERT INTO search_forum (rowid, body, body_words, scope) "
            f"SELECT rowid, body, body_words, scope || ' foro' FROM search_fts "
            f"WHERE rowid IN ({COMMENTS})"
        )
        op.execute(f"DELETE FROM search_fts WHERE rowid IN ({COMMENTS})")
        op.execute(f"DELETE FROM search_titles WHERE rowid IN ({COMMENTS})")
        op.execute("DROP TRIGGER search_documents_forget")
        op.execute(TRIGGER_AFTER)
    # Answers kept under the index's version were computed on the old shape.
    op.execute("UPDATE content_versions SET version = version + 1 WHERE name = 'search'")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "INSERT INTO search_fts (rowid, title, body, title_words, body_words, scope) "
            "SELECT rowid, '', body, '', body_words, replace(scope, ' foro', '') "
            "FROM search_forum"
        )
        op.execute(
            "INSERT INTO search_titles (rowid, title, title_words, scope) "
            "SELECT rowid, '', '', replace(scope, ' foro', '') FROM search_forum"
        )
        op.execute("DROP TRIGGER search_documents_forget")
        op.execute(TRIGGER_BEFORE)
        op.execute("DROP TABLE search_forum")
    op.execute(
        "UPDATE search_documents SET scope = replace(scope, ' foro', '') "
        "WHERE kind = 'comment'"
    )
    op.execute("UPDATE content_versions SET version = version + 1 WHERE name = 'search'")
