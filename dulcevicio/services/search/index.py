"""Writing the search index: what each item contributes, and storing it on either database.

An item has documents while students could find it: an active lesson or recipe, any course
(an inactive course's documents are filtered out when searching, so they come back with
it), a forum comment that is neither deleted nor inside a hidden thread. The document keeps
the item's text as written (for snippets); the full-text index beside it is the database's
own (see `models.search`). Everything here runs on the connection of the caller's
transaction, so the index changes with the content or not at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Lesson, Recipe
from dulcevicio.models.search import (
    MAX_WORD_LENGTH,
    SearchDocument,
    SearchKind,
    SearchWord,
)
from dulcevicio.services import versions
from dulcevicio.services.search.text import MIN_TYPO_LENGTH, stems_of, words
from dulcevicio.statements import prepared

_MIN_VOCABULARY_LENGTH = MIN_TYPO_LENGTH - 1  # one letter dropped from a long word

_documents = SearchDocument.__table__
_fts = sa.table(
    "search_fts",
    sa.column("rowid"),
    sa.column("title"),
    sa.column("body"),
    sa.column("title_words"),
    sa.column("body_words"),
    sa.column("scope"),
)
_titles = sa.table(
    "search_titles",
    sa.column("rowid"),
    sa.column("title"),
    sa.column("title_words"),
    sa.column("scope"),
)
_forum = sa.table(
    "search_forum",
    sa.column("rowid"),
    sa.column("body"),
    sa.column("body_words"),
    sa.column("scope"),
)


# Scope words (see `scope_of`): who finds a document, kept by the index beside its text.
PUBLIC = "pub"  # everyone (the course is active)
TITLE_ONLY = "ttl"  # a locked lesson's title, for those who cannot open the lesson
TITLE_DOCUMENT = "ktitle"  # every title-only document (admins never need them)
FORUM = "foro"  # every forum comment (searched apart: see `query`)


def private_to(course_id: int) -> str:
    return f"c{course_id}"  # those who can access the course


def title_of(course_id: int) -> str:
    return f"t{course_id}"  # title-only documents of the course


def scope_of(kind: SearchKind, course_id: int, public: bool, course_active: bool) -> str:
    """Who may find a document, as words: an active course's public documents `pub`; its
    locked lessons' titles `ttl t<course>` (found by those who cannot open the course);
    other documents `c<course>`, and comments `foro` besides. An inactive course's public
    and title documents have no such word, so only admins (who are not narrowed) find them."""
    if kind is SearchKind.LESSON_TITLE:
        shown = f" {TITLE_ONLY} {title_of(course_id)}" if course_active else ""
        return TITLE_DOCUMENT + shown
    if public:
        return PUBLIC if course_active else ""
    if kind is SearchKind.COMMENT:
        return f"{private_to(course_id)} {FORUM}"
    return private_to(course_id)


@dataclass(frozen=True)
class Document:
    kind: SearchKind
    item_id: int
    course_id: int
    public: bool
    title: str
    body: str
    scope: str

    @cached_property
    def title_words(self) -> list[str]:
        return words(self.title)

    @cached_property
    def body_words(self) -> list[str]:
        return words(self.body)

    @cached_property
    def title_stems(self) -> str:
        return " ".join(stems_of(self.title_words))

    @cached_property
    def body_stems(self) -> str:
        return " ".join(stems_of(self.body_words))


def _document(kind, item_id, course_id, public, title, body, course_active=True) -> Document:
    scope = scope_of(kind, course_id, public, course_active)
    return Document(kind, item_id, course_id, public, title, body or "", scope)


def course_documents(course: Course) -> list[Document]:
    return [
        _document(
            SearchKind.COURSE,
            course.id,
            course.id,
            True,
            course.title,
            course.description,
            course.is_active,
        )
    ]


def lesson_documents(lesson: Lesson, course_active: bool | None = None) -> list[Document]:
    """A preview lesson is open to everyone; any other has its title and description for
    those who can open it and its title alone for those who cannot (the course page lists
    every title; descriptions are on the lesson's page)."""
    if not lesson.is_active:
        return []
    if course_active is None:  # a new lesson's `course` is not loaded while flushing
        course_active = db.session.get(Course, lesson.course_id).is_active
    fields = (lesson.id, lesson.course_id)
    full = _document(
        SearchKind.LESSON,
        *fields,
        lesson.is_preview,
        lesson.title,
        lesson.description,
        course_active,
    )
    if lesson.is_preview:
        return [full]
    title = _document(SearchKind.LESSON_TITLE, *fields, True, lesson.title, "", course_active)
    return [full, title]


def recipe_documents(recipe: Recipe) -> list[Document]:
    if not recipe.is_active:
        return []
    body = "\n\n".join(part for part in (recipe.description, recipe.recipe_text) if part)
    return [_document(SearchKind.RECIPE, recipe.id, recipe.course_id, False, recipe.title, body)]


def comment_document(comment: Comment | sa.Row) -> Document:
    """A comment (or a row with its id, course_id and content) known to be visible to
    students: the caller checks its thread (`forum.searchable_comments`)."""
    return _document(SearchKind.COMMENT, comment.id, comment.course_id, False, "", comment.content)


def store(
    connection: sa.Connection,
    documents: Iterable[Document],
    known: Iterable[str] = (),
    same_titles: Collection[tuple[SearchKind, int]] = (),
) -> bool:
    """Create or replace these documents, their full-text rows and the words of their
    texts not already `known` to the vocabulary (those of the texts they replace); on
    SQLite, comments' rows in `search_forum`, the others' in `search_fts` and, unless in
    `same_titles` (kind, item_id: an edit that left their title and scope as they were),
    in `search_titles`.
    Whether the index's version was raised with them: on PostgreSQL one statement per
    document writes it, its new words and the version (each a round trip saved)."""
    documents = list(documents)
    if not documents:
        return False
    known = set(known)
    if connection.dialect.name == "postgresql":
        bumped = False
        for document in documents:
            words = sorted(_vocabulary(document) - known)
            row = connection.execute(
                _upsert_statement("postgresql"), {**_values(document), "words": words}
            ).one()
            bumped = bumped or row.bumped > 0
        return bumped
    ids = [
        connection.execute(_upsert_statement("sqlite"), _values(document)).scalar_one()
        for document in documents
    ]
    pairs = list(zip(ids, documents, strict=True))
    comments = [pair for pair in pairs if pair[1].kind is SearchKind.COMMENT]
    others = [pair for pair in pairs if pair[1].kind is not SearchKind.COMMENT]
    titled = [pair for pair in others if (pair[1].kind, pair[1].item_id) not in same_titles]
    for table, written in ((_forum, comments), (_fts, others), (_titles, titled)):
        if written:
            rows = [_fts5_row(table, *pair) for pair in written]
            connection.execute(_replace_statement(table), rows)
    vocabulary = set().union(*(_vocabulary(document) for document in documents)) - known
    if vocabulary:
        rows = [{"word": word} for word in sorted(vocabulary)]
        connection.execute(_new_words_statement("sqlite"), rows)
    return False


def forget(connection: sa.Connection, kind: SearchKind, item_ids: Iterable[int]) -> None:
    """Drop these items' documents (on SQLite a trigger drops their full-text rows)."""
    item_ids = list(item_ids)
    if item_ids:
        connection.execute(
            sa.delete(_documents).where(
                _documents.c.kind == kind.value, _documents.c.item_id.in_(item_ids)
            )
        )


def vocabulary_of(folded_words: Iterable[str]) -> set[str]:
    """The words the vocabulary keeps (typo candidates) among folded words."""
    return {
        word
        for word in folded_words
        if _MIN_VOCABULARY_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
    }


def _vocabulary(document: Document) -> set[str]:
    return vocabulary_of([*document.title_words, *document.body_words])


def _values(document: Document) -> dict:
    return {
        "kind": document.kind.value,
        "item_id": document.item_id,
        "course_id": document.course_id,
        "public": document.public,
        "title": document.title,
        "body": document.body,
        "scope": document.scope,
        "title_stems": document.title_stems,
        "body_stems": document.body_stems,
    }


def _fts5_row(table: sa.TableClause, row_id: int, document: Document) -> dict:
    """A document's row in one of SQLite's full-text tables (those of its columns): stems
    for whole words, folded words for prefixes, scope words."""
    values = {
        "rowid": row_id,
        "title": document.title_stems,
        "body": document.body_stems,
        "title_words": " ".join(document.title_words),
        "body_words": " ".join(document.body_words),
        "scope": document.scope,
    }
    return {column.name: values[column.name] for column in table.columns}


def _dialect_insert(dialect: str):
    return (postgresql if dialect == "postgresql" else sqlite).insert


@prepared
def _upsert_statement(dialect: str):
    upsert = _dialect_insert(dialect)(_documents)
    replaced = ("course_id", "public", "title", "body", "scope", "title_stems", "body_stems")
    upsert = upsert.on_conflict_do_update(
        index_elements=["kind", "item_id"],
        set_={name: upsert.excluded[name] for name in replaced},
    )
    if dialect != "postgresql":
        return upsert.returning(_documents.c.id)
    # With it, in the same statement: the new words (parameter `words`) and the version.
    listed = sa.select(sa.func.unnest(sa.bindparam("words", type_=postgresql.ARRAY(sa.Text))))
    new_words = (
        postgresql.insert(SearchWord.__table__)
        .from_select(["word"], listed)
        .on_conflict_do_nothing()
        .cte("new_words")
    )
    bump = versions.raise_statement(versions.SEARCH).cte("bump")
    bumped = sa.select(sa.func.count()).select_from(bump).scalar_subquery()
    return upsert.add_cte(new_words, bump).returning(_documents.c.id, bumped.label("bumped"))


@prepared
def _replace_statement(table: sa.TableClause):
    return sa.insert(table).prefix_with("OR REPLACE")


@prepared
def _new_words_statement(dialect: str):
    return _dialect_insert(dialect)(SearchWord.__table__).on_conflict_do_nothing()
