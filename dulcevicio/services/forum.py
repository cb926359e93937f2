"""Forum rules: posting, editing, deleting and moderating comments, and what a page shows."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import aliased, joinedload, raiseload

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, NotificationKind, User
from dulcevicio.services import access, audit, notifications, reactions
from dulcevicio.statements import Paged, paginate, prepared
from dulcevicio.text import drop_control_characters

CONTENT_MAX_LENGTH = 5000
THREADS_PER_PAGE = 20
ADMIN_COMMENTS_PER_PAGE = 30
# Replies are indented up to this level; deeper ones are listed, by date, at this level.
MAX_DEPTH = 3
# Far beyond any real forum; keeps OFFSET inside the databases' integer range.
LAST_PAGE = 100_000

EMPTY_MESSAGE = "Escribe un comentario."
TOO_LONG_MESSAGE = (
    f"Tu comentario es demasiado largo: puede tener como máximo {CONTENT_MAX_LENGTH} caracteres."
)
UNKNOWN_PARENT_MESSAGE = "No encontramos el comentario al que quieres responder."


# Every relationship a page does not load raises instead of running a query per comment.
_WITH_AUTHOR = (joinedload(Comment.user), raiseload("*"))


class ForumError(ValueError):
    """A change the forum rules refuse; the message is for the user (Spanish)."""


def clean_content(text: str | None) -> str:
    """Plain text as stored: Unix line breaks, no control characters, no outer blanks."""
    if text is None:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return drop_control_characters(text).strip()


def _checked_content(text: str) -> str:
    content = clean_content(text)
    if not content:
        raise ForumError(EMPTY_MESSAGE)
    if len(content) > CONTENT_MAX_LENGTH:
        raise ForumError(TOO_LONG_MESSAGE)
    return content


# --- Writing ---------------------------------------------------------------------------


def post_comment(
    course: Course, author: User, content: str, parent_id: int | None = None
) -> Comment:
    """Publish a comment in `course`, or a reply to `parent_id` (a comment of the same
    course that is neither deleted nor hidden). Admins' comments are team answers. A reply
    tells the parent comment's author (notifications.notify's rules apply)."""
    content = _checked_content(content)
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if (
            parent is None
            or parent.course_id != course.id
            or parent.is_deleted
            or access.in_hidden_thread(parent)
        ):
            raise ForumError(UNKNOWN_PARENT_MESSAGE)
    comment = Comment(
        course_id=course.id,
        user_id=author.id,
        parent_id=parent_id,
        content=content,
        is_admin_response=access.is_admin(author),
    )
    db.session.add(comment)
    db.session.flush()
    if parent_id is not None:
        # The team's answer is FEEDBACK; anyone else's, a REPLY (never to herself).
        notifications.notify(
            NotificationKind.FEEDBACK if comment.is_admin_response else NotificationKind.REPLY,
            [parent.user_id],
            actor_id=author.id,
            target_type="comment",
            target_id=comment.id,
            course_id=course.id,
        )
    return comment


def edit_comment(comment: Comment, content: str) -> None:
    """Replace the text of a comment (the view checks that the editor is its author)."""
    comment.content = _checked_content(content)
    db.session.flush()


def delete_comment(comment: Comment) -> None:
    """The author's deletion: the comment stays as "Comentario eliminado" while it has
    visible replies, and disappears otherwise."""
    comment.is_deleted = True
    db.session.flush()


def set_comment_hidden(comment: Comment, hidden: bool) -> None:
    """Moderation: a hidden comment and its replies vanish for students."""
    was_hidden = not comment.is_active
    comment.is_active = not hidden
    db.session.flush()
    if hidden != was_hidden:
        excerpt, course = audit.clip(comment.content, 80), comment.course.title
        what = f"{audit.quoted(excerpt)} en {audit.quoted(course)}"
        audit.record(
            "comment.hide" if hidden else "comment.show",
            target=comment,
            student=comment.user_id,
            summary=f"{what}: {audit.change(_SHOWN[not was_hidden], _SHOWN[not hidden])}",
        )


_SHOWN = {True: "visible", False: "oculto"}  # a comment's state in the audit log


def _thread_walk(anchor: sa.ColumnElement[bool], include_hidden: bool) -> sa.CTE:
    """Recursive CTE over the comments matching `anchor` and all their replies.

    Rows are (id, root_id, is_deleted); without `include_hidden` a hidden comment cuts
    off its whole subtree.
    """
    walk = (
        sa.select(Comment.id, Comment.id.label("root_id"), Comment.is_deleted)
        .where(anchor, sa.true() if include_hidden else Comment.is_active)
        .cte("thread", recursive=True)
    )
    reply = aliased(Comment)
    return walk.union_all(
        sa.select(reply.id, walk.c.root_id, reply.is_deleted).where(
            reply.parent_id == walk.c.id, sa.true() if include_hidden else reply.is_active
        )
    )


# --- What students can find -------------------------------------------------------------

_SEARCHED = (
    Comment.id,
    Comment.parent_id,
    Comment.course_id,
    Comment.content,
    Comment.is_active,
    Comment.is_deleted,
)


def searchable_comments(anchor: Comment | None = None) -> tuple[list[sa.Row], list[int]]:
    """The comments students can see (rows of id, course_id, content, ...) and the ids of
    the others (deleted, or inside a hidden thread): the thread from `anchor` down, or,
    without one, every comment. Two queries with an anchor, one without."""
    if anchor is None:
        rows = db.session.execute(sa.select(*_SEARCHED)).all()
        hidden = {}
    else:
        walk = _thread_walk(Comment.id == anchor.id, include_hidden=True)
        rows = db.session.execute(sa.select(*_SEARCHED).join(walk, walk.c.id == Comment.id)).all()
        parent = db.session.get(Comment, anchor.parent_id) if anchor.parent_id else None
        hidden = {parent.id: access.in_hidden_thread(parent)} if parent else {}
    by_id = {row.id: row for row in rows}

    def is_hidden(row: sa.Row) -> bool:
        # Walk up to the first comment whose answer is known, then fill in the way down.
        chain, node = [], row
        while node.id not in hidden:
            chain.append(node)
            parent = by_id.get(node.parent_id)
            if parent is None:
                above = hidden.get(node.parent_id, False)  # a root, or the anchor's parent
                break
            node = parent
        else:
            above = hidden[node.id]
        for link in reversed(chain):
            above = hidden[link.id] = above or not link.is_active
        return hidden[row.id]

    visible = [row for row in rows if not row.is_deleted and not is_hidden(row)]
    shown = {row.id for row in visible}
    return visible, [row.id for row in rows if row.id not in shown]


def thread_page(comment: Comment, viewer: User | None) -> int:
    """The forum page that shows `comment`'s thread (threads are newest first)."""
    root = comment
    while root.parent_id is not None:
        root = db.session.get(Comment, root.parent_id)
    newer = sa.select(sa.func.count(Comment.id)).where(
        Comment.course_id == root.course_id,
        Comment.parent_id.is_(None),
        sa.tuple_(Comment.created_at, Comment.id) > sa.tuple_(root.created_at, root.id),
        sa.true() if access.can_moderate(viewer) else Comment.is_active,
    )
    return min(db.session.scalar(newer) // THREADS_PER_PAGE + 1, LAST_PAGE)


# --- Reading ---------------------------------------------------------------------------


@dataclass(eq=False)
class CommentNode:
    """One comment as a page shows it, with the replies shown under it."""

    comment: Comment
    parent: CommentNode | None = None
    replies: list[CommentNode] = field(default_factory=list)
    depth: int = 0
    hidden: bool = False  # hidden itself or inside a hidden thread (admins only see it)
    reply_to: str | None = None  # whom a flattened reply answers
    shown: bool = True
    can_edit: bool = False  # the viewer wrote it

    @property
    def can_reply(self) -> bool:
        return not (self.comment.is_deleted or self.hidden)


@dataclass
class ForumPage:
    threads: list[CommentNode]
    pagination: Pagination
    can_moderate: bool
    # {comment id: its reaction bar} for the visible comments (one query for the page).
    reactions: dict[int, reactions.ReactionBar] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Comments with a reply form on this page (where a failed reply shows its errors).
        self.replyable_ids = {
            node.comment.id
            for thread in self.threads
            for node in _preorder(thread)
            if node.can_reply
        }


def forum_page(course: Course, viewer: User | None, page: int) -> ForumPage:
    """Page `page` of a course's forum: top-level comments newest first, each with its
    replies, ready to render. A fixed number of queries, whatever the threads hold."""
    include_hidden = access.can_moderate(viewer)
    pagination = paginate(
        _threads_query(include_hidden),
        {"course_id": course.id},
        page=min(max(page, 1), LAST_PAGE),
        per_page=THREADS_PER_PAGE,
    )
    threads = _threads(pagination.items, viewer, include_hidden)
    shown = [
        node.comment.id
        for thread in threads
        for node in _preorder(thread)
        if not (node.comment.is_deleted or node.hidden)
    ]
    bars = reactions.bars("comment", shown, viewer)
    return ForumPage(threads, pagination, can_moderate=include_hidden, reactions=bars)


# The forum's statements come in two variants: admins see hidden comments.


@prepared
def _threads_query(include_hidden: bool) -> Paged:
    """A course's top-level comments, newest first (parameter `course_id`)."""
    root = sa.and_(
        Comment.course_id == sa.bindparam("course_id"),
        Comment.parent_id.is_(None),
        sa.true() if include_hidden else Comment.is_active,
    )
    # A thread whose every comment was deleted by its authors has nothing left to show.
    # Only deleted roots need their replies walked (the page reads the course's roots
    # newest first through an index, however long the forum gets).
    deleted = _thread_walk(sa.and_(root, Comment.is_deleted), include_hidden)
    kept = sa.select(deleted.c.root_id).where(sa.not_(deleted.c.is_deleted))
    return Paged.of(
        sa.select(Comment)
        .where(root, sa.or_(sa.not_(Comment.is_deleted), Comment.id.in_(kept)))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .options(*_WITH_AUTHOR)
    )


@prepared
def _replies_query(include_hidden: bool) -> sa.Select:
    """Every reply, however deep, under the comments `root_ids` (a parameter), by date."""
    walk = _thread_walk(
        Comment.parent_id.in_(sa.bindparam("root_ids", expanding=True)), include_hidden
    )
    return (
        sa.select(Comment)
        .join(walk, walk.c.id == Comment.id)
        .order_by(Comment.created_at, Comment.id)
        .options(*_WITH_AUTHOR)
    )


def _threads(roots: list[Comment], viewer: User | None, include_hidden: bool) -> list[CommentNode]:
    replies: list[Comment] = []
    if roots:
        root_ids = [root.id for root in roots]
        replies = list(db.session.scalars(_replies_query(include_hidden), {"root_ids": root_ids}))
    comments = [*roots, *replies]
    editable = access.editable_comment_ids(viewer, comments)
    nodes = {c.id: CommentNode(c, can_edit=c.id in editable) for c in comments}
    for reply in replies:
        parent = nodes[reply.parent_id]
        nodes[reply.id].parent = parent
        parent.replies.append(nodes[reply.id])
    threads = []
    for root in roots:
        node = nodes[root.id]
        _prune(node)
        if node.shown:
            _lay_out(node, depth=0)
            threads.append(node)
    return threads


def _preorder(node: CommentNode) -> list[CommentNode]:
    """The node and its descendants, parents before children (no recursion: reply chains
    can be deeper than Python's stack)."""
    order, stack = [], [node]
    while stack:
        current = stack.pop()
        order.append(current)
        stack.extend(reversed(current.replies))
    return order


def _prune(root: CommentNode) -> None:
    """Drop deleted comments without shown replies, children first."""
    for node in reversed(_preorder(root)):
        node.replies = [reply for reply in node.replies if reply.shown]
        node.shown = not node.comment.is_deleted or bool(node.replies)


def _lay_out(node: CommentNode, depth: int) -> None:
    node.depth = depth
    node.hidden = not node.comment.is_active or bool(node.parent and node.parent.hidden)
    if depth < MAX_DEPTH - 1:
        for reply in node.replies:
            _lay_out(reply, depth + 1)
        return
    # Below this level every descendant is listed by date, saying whom it answers.
    flat = _preorder(node)[1:]
    for reply in flat:  # parents come before their replies
        reply.depth = MAX_DEPTH
        reply.hidden = not reply.comment.is_active or reply.parent.hidden
        reply.reply_to = None if reply.parent is node else _author_name(reply.parent.comment)
    for reply in flat:
        reply.replies = []
    node.replies = sorted(flat, key=lambda reply: (reply.comment.created_at, reply.comment.id))


def _author_name(comment: Comment) -> str:
    return "un comentario eliminado" if comment.is_deleted else comment.user.display_name


# --- Moderation list -------------------------------------------------------------------


def _has_admin_answer() -> sa.Exists:
    answer = aliased(Comment)
    return (
        sa.select(answer.id)
        .where(
            answer.parent_id == Comment.id,
            answer.is_admin_response,
            answer.is_active,
            sa.not_(answer.is_deleted),
        )
        .exists()
    )


@prepared
def _recent_comments_query(hidden_only: bool, unanswered_only: bool) -> Paged:
    """Newest comments across every course (deleted ones left out), with their author,
    course and parent loaded."""
    query = sa.select(Comment).where(sa.not_(Comment.is_deleted))
    if hidden_only:
        query = query.where(sa.not_(Comment.is_active))
    if unanswered_only:
        query = query.where(
            Comment.is_active, sa.not_(Comment.is_admin_response), sa.not_(_has_admin_answer())
        )
    return Paged.of(
        query.order_by(Comment.created_at.desc(), Comment.id.desc()).options(
            joinedload(Comment.user),
            joinedload(Comment.course),
            joinedload(Comment.parent).joinedload(Comment.user),
            raiseload("*"),
        )
    )


def recent_comments(
    *,
    page: int = 1,
    per_page: int = ADMIN_COMMENTS_PER_PAGE,
    hidden_only: bool = False,
    unanswered_only: bool = False,
) -> Pagination:
    """A page of the newest comments across every course, for moderation.

    `unanswered_only`: visible comments by students with no direct reply from the team.
    """
    return paginate(
        _recent_comments_query(hidden_only, unanswered_only),
        {},
        page=min(max(page, 1), LAST_PAGE),
        per_page=per_page,
    )


def unanswered_comments(limit: int) -> list[Comment]:
    """The newest visible comments by students that the team has not answered yet."""
    parameters = {"limit": limit, "offset": 0}
    return list(db.session.scalars(_recent_comments_query(False, True).rows, parameters).unique())


def answered_ids(comments: list[Comment]) -> set[int]:
    """Which of `comments` have a visible direct reply from the team (one query)."""
    if not comments:
        return set()
    query = sa.select(Comment.id).where(
        Comment.id.in_([comment.id for comment in comments]), _has_admin_answer()
    )
    return set(db.session.scalars(query))
