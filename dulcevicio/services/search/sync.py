"""Keeping the search index in step with the content, in the same transaction.

After every flush of the app's session, the courses, lessons, recipes and comments that
were added, deleted, or changed in what search shows (their text, whether they are
published or visible) have their documents written again or dropped, on the flush's own
connection: whichever code path changes the content, the index follows, and a rollback
takes both back. `rebuild` starts the index again from the content (`flask reindex-search`).
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Lesson, Recipe
from dulcevicio.models.search import SearchDocument, SearchKind, SearchWord
from dulcevicio.services import forum
from dulcevicio.services.search import cache
from dulcevicio.services.search.index import (
    Document,
    comment_document,
    course_documents,
    forget,
    lesson_documents,
    recipe_documents,
    store,
    vocabulary_of,
)
from dulcevicio.services.search.text import words

# What each indexed model's documents depend on; the first ones are their texts.
_WATCHED = {
    Course: ("title", "description", "is_active"),
    Lesson: ("title", "description", "is_active", "is_preview", "course_id"),
    Recipe: ("title", "description", "recipe_text", "is_active", "course_id"),
    Comment: ("content", "is_active", "is_deleted", "parent_id"),
}
_TEXTS = {
    Course: ("title", "description"),
    Lesson: ("title", "description"),
    Recipe: ("title", "description", "recipe_text"),
    Comment: ("content",),
}
# What SQLite's title-only row depends on (its text and its scope): an edit that changes
# none of it leaves the row as it is.
_TITLE_ROW = {
    Course: ("title", "is_active"),
    Lesson: ("title", "is_active", "is_preview", "course_id"),
    Recipe: ("title", "is_active", "course_id"),
}
_DOCUMENTS = {Course: course_documents, Lesson: lesson_documents, Recipe: recipe_documents}
_KINDS = {
    Course: (SearchKind.COURSE,),
    Lesson: (SearchKind.LESSON, SearchKind.LESSON_TITLE),
    Recipe: (SearchKind.RECIPE,),
    Comment: (SearchKind.COMMENT,),
}


def _changed(instance: object, names: tuple[str, ...]) -> bool:
    attributes = sa.inspect(instance).attrs
    return any(attributes[name].history.has_changes() for name in names)


def _known_words(instance: object) -> set[str]:
    """The words of the texts an edit replaces: indexed before, so in the vocabulary."""
    attributes = sa.inspect(instance).attrs
    texts = []
    for name in _TEXTS[type(instance)]:
        history = attributes[name].history
        texts += history.deleted if history.deleted else history.unchanged
    return vocabulary_of(words(" ".join(text for text in texts if text)))


class _Changes:
    """What one flush does to the index: documents to write, documents to drop."""

    def __init__(self) -> None:
        self.stored: list[Document] = []
        self.known: set[str] = set()
        self.same_titles: set[tuple[SearchKind, int]] = set()
        self.forgotten: dict[SearchKind, set[int]] = defaultdict(set)

    def item(self, instance: object, documents: list[Document]) -> None:
        self.stored += documents
        for kind in set(_KINDS[type(instance)]) - {document.kind for document in documents}:
            self.forgotten[kind].add(instance.id)

    def thread(self, comment: Comment) -> None:
        visible, others = forum.searchable_comments(comment)
        self.stored += (comment_document(row) for row in visible)
        self.forgotten[SearchKind.COMMENT].update(others)

    def apply(self, connection: sa.Connection) -> None:
        if not self.stored and not any(self.forgotten.values()):
            return
        for kind, item_ids in self.forgotten.items():
            forget(connection, kind, item_ids)
        if not store(connection, self.stored, self.known, self.same_titles):
            cache.bump(connection)


def _follow_flush(session: Session, _context) -> None:
    """After a flush: write or drop the documents of what it changed."""
    changes = _Changes()
    for instance in [*session.new, *session.dirty]:
        model = type(instance)
        if model not in _WATCHED:
            continue
        if instance not in session.new:
            if not _changed(instance, _WATCHED[model]):
                continue
            changes.known |= _known_words(instance)
        if model is Comment:
            changes.thread(instance)
        else:
            documents = _DOCUMENTS[model](instance)
            changes.item(instance, documents)
            if instance not in session.new and not _changed(instance, _TITLE_ROW[model]):
                changes.same_titles |= {(document.kind, document.item_id) for document in documents}
        if model is Course and _changed(instance, ("is_active",)):
            # Who finds the course's public documents changed with it.
            for lesson in instance.lessons:
                changes.item(lesson, lesson_documents(lesson, instance.is_active))
    for instance in session.deleted:
        # A course's documents go with it (foreign key cascade).
        if type(instance) in (Lesson, Recipe, Comment):
            for kind in _KINDS[type(instance)]:
                changes.forgotten[kind].add(instance.id)
    changes.apply(session.connection())


def follow_the_content() -> None:
    """Register the flush hook on the app's session (once per process)."""
    if not sa.event.contains(db.session, "after_flush", _follow_flush):
        sa.event.listen(db.session, "after_flush", _follow_flush)


def is_built() -> bool:
    """Whether the index has any document (a new database's index is built by its content)."""
    return db.session.scalar(sa.select(SearchDocument.id).limit(1)) is not None


def rebuild(batch_size: int = 500) -> int:
    """Empty the index and index every searchable item again; the number of documents.
    The caller commits."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DELETE FROM search_fts")
        connection.exec_driver_sql("DELETE FROM search_titles")
        connection.exec_driver_sql("DELETE FROM search_forum")
    connection.execute(sa.delete(SearchDocument))
    connection.execute(sa.delete(SearchWord))
    documents: list[Document] = []
    for model in (Course, Lesson, Recipe):
        for item in db.session.scalars(sa.select(model)):
            documents += _DOCUMENTS[model](item)
    visible, _others = forum.searchable_comments()
    # In the order they were written: the results list comments newest first by their
    # documents' order (see `query`).
    documents += (comment_document(row) for row in sorted(visible, key=lambda row: row.id))
    for start in range(0, len(documents), batch_size):
        store(connection, documents[start : start + batch_size])
    cache.bump(connection)
    return len(documents)
