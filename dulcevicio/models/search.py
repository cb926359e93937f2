"""The search index: documents of the searchable items, the words it knows, and each
database's own full-text index over the documents.

The documents hold the published text of courses, lessons, recipes and visible forum
comments; a lesson that is not a preview has two, its title and description for those who
can open it and its title alone (with a lock) for those who cannot, as the course page
lists it (`services.search.sync` keeps them in step in the same transaction). Beside the
text, a document keeps its stems, computed once in Python for both databases (Snowball
Spanish on folded words: PostgreSQL 15's own Spanish stemmer, an older Snowball, leaves
unaccented "-acion" words whole), and its scope words (who may find it).

The full-text index is not part of the model, because each database builds it its own
way; the DDL below creates it with the tables (the test schema) and migration 0009 creates
the same (a frozen copy, as migrations are):
- SQLite: the FTS5 tables `search_fts` (stems and folded words of title and body, scope
  words) and `search_titles` (the title alone: ranking by how well the title matches, and
  the search box's suggestions) for courses, lessons and recipes, and `search_forum` for
  forum comments (kept apart since migration 0014: a common word's comments outnumber
  everything else, and ranking the rest reads every row of each word it asks for);
  rowid = document id, fed by the service; a trigger drops a document's rows when the
  document goes, including by a course's cascade.
- PostgreSQL: generated tsvector columns over the stems (A title, B body) and the folded
  words (C title, D body; `dulcevicio_words` = unaccent + simple) with GIN indexes:
  `document`, and `title_document` for the title alone; and a GIN index over the scope.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dulcevicio.models.base import Base


class SearchKind(enum.StrEnum):
    COURSE = "course"
    LESSON = "lesson"  # title and description: for those who can open the lesson
    LESSON_TITLE = "lesson_title"  # a locked lesson's title: for those who cannot
    RECIPE = "recipe"
    COMMENT = "comment"


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (
        sa.UniqueConstraint("kind", "item_id"),
        sa.CheckConstraint(
            "kind IN ('course', 'lesson', 'lesson_title', 'recipe', 'comment')",
            name="kind_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    item_id: Mapped[int]
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    # Found by everyone (a course, a preview lesson, a locked lesson's title), or only by
    # those who can access the course.
    public: Mapped[bool]
    # Who finds it, as words the full-text index keeps beside the text, so that the access
    # rule narrows a search inside the index (services/search/index.py `scope_of`).
    scope: Mapped[str] = mapped_column(sa.String(40), default="")
    title: Mapped[str] = mapped_column(sa.String(160), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    title_stems: Mapped[str] = mapped_column(sa.Text, default="")
    body_stems: Mapped[str] = mapped_column(sa.Text, default="")


MAX_WORD_LENGTH = 40  # longer "words" (links, runs of letters) are not typo candidates


class SearchWord(Base):
    """The folded words of every indexed text (the vocabulary that confirms a typo's
    correction). Words are added as texts are indexed and not removed when a text goes;
    `flask reindex-search` starts it again from the texts."""

    __tablename__ = "search_words"

    word: Mapped[str] = mapped_column(sa.String(MAX_WORD_LENGTH), primary_key=True)


# --- Each database's full-text index -----------------------------------------------------

SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, title_words, body_words, scope, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5')",
    "CREATE VIRTUAL TABLE search_titles USING fts5("
    "title, title_words, scope, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5')",
    "CREATE VIRTUAL TABLE search_forum USING fts5("
    "body, body_words, scope, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5')",
    "CREATE TRIGGER search_documents_forget AFTER DELETE ON search_documents BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_titles WHERE rowid = old.id; "
    "DELETE FROM search_forum WHERE rowid = old.id; END",
)
SQLITE_INDEX_DROP = (
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_titles",
    "DROP TABLE IF EXISTS search_forum",
)

POSTGRESQL_INDEX = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dulcevicio_words') THEN
        CREATE TEXT SEARCH CONFIGURATION dulcevicio_words (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION dulcevicio_words
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$""",
    """ALTER TABLE search_documents ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
    || setweight(to_tsvector('simple'::regconfig, body_stems), 'B')
    || setweight(to_tsvector('dulcevicio_words'::regconfig, title), 'C')
    || setweight(to_tsvector('dulcevicio_words'::regconfig, body), 'D')) STORED""",
    "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)",
    """ALTER TABLE search_documents ADD COLUMN title_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
    || setweight(to_tsvector('dulcevicio_words'::regconfig, title), 'C')) STORED""",
    "CREATE INDEX ix_search_documents_title_document ON search_documents "
    "USING gin (title_document)",
    "CREATE INDEX ix_search_documents_scope ON search_documents "
    "USING gin (to_tsvector('simple'::regconfig, scope))",
    # The admin lists' search: text folded as services/search/text.py folds it.
    """CREATE OR REPLACE FUNCTION dulcevicio_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))""",
)

# Names the schema comparison (Alembic's autogenerate, the migration test) leaves alone.
_SQLITE_INDEX_TABLES = ("search_fts", "search_titles", "search_forum")
_POSTGRESQL_COLUMNS = ("document", "title_document")
_POSTGRESQL_INDEXES = (
    "ix_search_documents_document",
    "ix_search_documents_title_document",
    "ix_search_documents_scope",
)


def compared_with_the_model(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's `include_object`: False for the full-text index's own tables and column."""
    if type_ == "table" and name and name.startswith(_SQLITE_INDEX_TABLES):
        return False
    if type_ == "column" and name in _POSTGRESQL_COLUMNS and obj.table.name == "search_documents":
        return False
    return not (type_ == "index" and name in _POSTGRESQL_INDEXES)


def _on(dialect: str, statements: tuple[str, ...]):
    def run(_table, connection, **_kw) -> None:
        if connection.dialect.name == dialect:
            for statement in statements:
                connection.exec_driver_sql(statement)

    return run


sa.event.listen(SearchDocument.__table__, "after_create", _on("sqlite", SQLITE_INDEX))
sa.event.listen(SearchDocument.__table__, "after_create", _on("postgresql", POSTGRESQL_INDEX))
sa.event.listen(SearchDocument.__table__, "before_drop", _on("sqlite", SQLITE_INDEX_DROP))
