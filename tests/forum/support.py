"""Helpers for the forum tests: comments straight in the database, URLs, page structure."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, User


def add_comment(
    app,
    course: Course,
    user: User,
    content: str = "Un comentario",
    *,
    parent: int | None = None,
    is_admin_response: bool = False,
    is_active: bool = True,
    is_deleted: bool = False,
    created_at: datetime | None = None,
) -> int:
    """Store a comment without going through HTTP; returns its id."""
    with app.app_context():
        comment = Comment(
            course_id=course.id,
            user_id=user.id,
            parent_id=parent,
            content=content,
            is_admin_response=is_admin_response,
            is_active=is_active,
            is_deleted=is_deleted,
        )
        if created_at is not None:
            comment.created_at = created_at
        db.session.add(comment)
        db.session.commit()
        return comment.id


def get_comment(app, comment_id: int) -> Comment | None:
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        if comment is not None:
            db.session.expunge(comment)
        return comment


def forum_url(course: Course, **query) -> str:
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/cursos/{course.slug}/foro" + (f"?{suffix}" if suffix else "")


class _CommentTree(HTMLParser):
    """Records, for every <article id="comentario-N">, the ids of the articles around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.ancestors: dict[int, list[int]] = {}

    def handle_starttag(self, tag, attrs):
        if tag != "article":
            return
        element_id = dict(attrs).get("id") or ""
        if element_id.startswith("comentario-"):
            comment_id = int(element_id.removeprefix("comentario-"))
            self.ancestors[comment_id] = [int(i) for i in self.stack if i is not None]
            self.stack.append(str(comment_id))
        else:
            self.stack.append(None)

    def handle_endtag(self, tag):
        if tag == "article":
            self.stack.pop()


def comment_ancestors(html: str) -> dict[int, list[int]]:
    """{comment id: ids of the comments it is nested in, outermost first} as rendered."""
    parser = _CommentTree()
    parser.feed(html)
    return parser.ancestors


def count_queries(app, client, url: str) -> tuple[int, str]:
    """SQL statements the GET of `url` runs, and the page it answers."""
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)
