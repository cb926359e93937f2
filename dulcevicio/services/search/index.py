"""Writing the search index: what each item contributes, and storing it on either database.

An item has documents while students could find it: an active lesson or recipe, any course
(an inactive course's documents are filtered out when searching, so they come back with
it), a forum comment that is neither deleted nor inside a hidden thread. The document keeps
the item's text as written (for snippets); the full-text index beside it is the database's
own (see `models.search`). Everything here runs on the connection of the caller's
transaction, so the index changes with the content or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from dulcevicio.models import Comment, Course, Lesson, Recipe
from dulcevicio.models.search import MAX_WORD_LENGTH, SearchDocument, SearchKind, SearchWord
from dulcevicio.services.search.text import MIN_TYPO_LENGTH, stems, words

_MIN_VOCABULARY_LENGTH = MIN_TYPO_LENGTH - 1  # one letter dropped from a long word

_documents = SearchDocument.__table__
_fts = sa.table(
    "search_fts",
    sa.column("rowid"),
    sa.column("title"),
    sa.column("body"),
    sa.column("title_words"),
    sa.column("body_words"),
)


@dataclass(frozen=True)
class Document:
    kind: SearchKind
    item_id: int
    course_id: int
    public: bool
    title: str
    body: str


def course_documents(course: Course) -> list[Document]:
    return [
        Document(SearchKind.COURSE, course.id, course.id, True, course.title, course.description)
    ]


def lesson_documents(lesson: Lesson) -> list[Document]:
    """A preview lesson is open to everyone; any other has its title and description for
    those who can open it and its title alone for those who cannot (the course page lists
    every title; descriptions are on the lesson's page)."""
    if not lesson.is_active:
        return []
    full = Document(
        SearchKind.LESSON,
        lesson.id,
        lesson.course_id,
        lesson.is_preview,
        lesson.title,
        lesson.description or "",
    )
    if lesson.is_preview:
        return [full]
    title = Document(SearchKind.LESSON_TITLE, lesson.id, lesson.course_id, True, lesson.title, "")
    return [full, title]


def recipe_documents(recipe: Recipe) -> list[Document]:
    if not recipe.is_active:
        return []
    body = "\n\n".join(part for part in (recipe.description, recipe.recipe_text) if part)
    return [Document(SearchKind.RECIPE, recipe.id, recipe.course_id, False, recipe.title, body)]


def comment_document(comment: Comment | sa.Row) -> Document:
    """A comment (or a row with its id, course_id and content) known to be visible to
    students: the caller checks its thread (`forum.searchable_comments`)."""
    return Document(SearchKind.COMMENT, comment.id, comment.course_id, False, "", comment.content)


def store(connection: sa.Connection, documents: Iterable[Document]) -> None:
    """Create or replace these documents, their full-text rows and their words."""
    documents = list(documents)
    if not documents:
        return
    dialect = connection.dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert
    upsert = insert(_documents)
    upsert = upsert.on_conflict_do_update(
        index_elements=["kind", "item_id"],
        set_={
            "course_id": upsert.excluded.course_id,
            "public": upsert.excluded.public,
            "title": upsert.excluded.title,
            "body": upsert.excluded.body,
        },
    ).returning(_documents.c.id)
    ids = [
        connection.execute(
            upsert,
            {
                "kind": document.kind.value,
                "item_id": document.item_id,
                "course_id": document.course_id,
                "public": document.public,
                "title": document.title,
                "body": document.body,
            },
        ).scalar_one()
        for document in documents
    ]
    if dialect == "sqlite":
        connection.execute(sa.delete(_fts).where(_fts.c.rowid.in_(ids)))
        connection.execute(
            sa.insert(_fts),
            [_fts_row(row_id, document) for row_id, document in zip(ids, documents, strict=True)],
        )
    vocabulary = set().union(*(_vocabulary(document) for document in documents))
    if vocabulary:
        connection.execute(
            insert(SearchWord.__table__).on_conflict_do_nothing(),
            [{"word": word} for word in sorted(vocabulary)],
        )


def forget(connection: sa.Connection, kind: SearchKind, item_ids: Iterable[int]) -> None:
    """Drop these items' documents (on SQLite a trigger drops their full-text rows)."""
    item_ids = list(item_ids)
    if item_ids:
        connection.execute(
            sa.delete(_documents).where(
                _documents.c.kind == kind.value, _documents.c.item_id.in_(item_ids)
            )
        )


def _fts_row(row_id: int, document: Document) -> dict:
    """SQLite's full-text row: stems for whole words, folded words for prefixes."""
    return {
        "rowid": row_id,
        "title": " ".join(stems(document.title)),
        "body": " ".join(stems(document.body)),
        "title_words": " ".join(words(document.title)),
        "body_words": " ".join(words(document.body)),
    }


def _vocabulary(document: Document) -> set[str]:
    return {
        word
        for word in words(f"{document.title} {document.body}")
        if _MIN_VOCABULARY_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
    }
