"""Bakes ("¡Lo hice!"): posting, editing, deleting, comments and feedback, moderation,
featuring on the public course page, and what the gallery and the admin's queue show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, raiseload, selectinload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Bake,
    BakeComment,
    BakePhoto,
    Course,
    NotificationKind,
    Recipe,
    User,
    utcnow,
)
from dulcevicio.models.bakes import MAX_BAKE_PHOTOS
from dulcevicio.services import access, notifications, public_pages
from dulcevicio.services.forum import clean_content
from dulcevicio.services.media import uploads
from dulcevicio.statements import Paged, paginate, prepared

TEXT_MAX_LENGTH = 1000
QUESTION_MAX_LENGTH = 1000
COMMENT_MAX_LENGTH = 2000
BAKES_PER_PAGE = 12
QUEUE_PER_PAGE = 20
FEATURED_ON_COURSE_PAGE = 6
LAST_PAGE = 100_000  # keeps OFFSET inside the databases' integer range

NO_PHOTO_MESSAGE = "Sube al menos una foto de lo que hiciste."
TOO_MANY_PHOTOS_MESSAGE = f"Puedes subir como máximo {MAX_BAKE_PHOTOS} fotos."
TEXT_TOO_LONG_MESSAGE = f"Tu texto puede tener como máximo {TEXT_MAX_LENGTH} caracteres."
QUESTION_TOO_LONG_MESSAGE = f"Tu pregunta puede tener como máximo {QUESTION_MAX_LENGTH} caracteres."
COMMENT_EMPTY_MESSAGE = "Escribe un comentario."
COMMENT_TOO_LONG_MESSAGE = f"Tu comentario puede tener como máximo {COMMENT_MAX_LENGTH} caracteres."
UNKNOWN_RECIPE_MESSAGE = "Elige una receta de este curso."
NO_CONSENT_MESSAGE = "Solo se puede destacar con el permiso de su autora (testimonio)."
HIDDEN_NOT_FEATURED_MESSAGE = "Un horneado oculto no se puede destacar."


class BakeError(ValueError):
    """A change the bakes' rules refuse; the message is for the user (Spanish)."""


def _checked(text: str | None, limit: int, too_long: str) -> str:
    text = clean_content(text)
    if len(text) > limit:
        raise BakeError(too_long)
    return text


def _checked_recipe(course: Course, recipe_id: int | None) -> int | None:
    if recipe_id is None:
        return None
    recipe = db.session.get(Recipe, recipe_id)
    if recipe is None or recipe.course_id != course.id or not recipe.is_active:
        raise BakeError(UNKNOWN_RECIPE_MESSAGE)
    return recipe.id


def _featured_changed() -> None:
    """What visitors see on a course page changed: raise the public pages' version."""
    public_pages.raise_version(db.session())


# --- Writing ---------------------------------------------------------------------------


def post_bake(
    course: Course,
    author: User,
    photos: list[BinaryIO | bytes],
    *,
    text: str | None = "",
    question: str | None = "",
    recipe_id: int | None = None,
    consent: bool = False,
) -> Bake:
    """A new bake with 1–3 photos. Everything is checked before any photo is stored; a
    photo refused refuses the whole bake (UploadRejected), and nothing is stored."""
    if not photos:
        raise BakeError(NO_PHOTO_MESSAGE)
    if len(photos) > MAX_BAKE_PHOTOS:
        raise BakeError(TOO_MANY_PHOTOS_MESSAGE)
    bake = Bake(
        course_id=course.id,
        user_id=author.id,
        recipe_id=_checked_recipe(course, recipe_id),
        text=_checked(text, TEXT_MAX_LENGTH, TEXT_TOO_LONG_MESSAGE),
        question=_checked(question, QUESTION_MAX_LENGTH, QUESTION_TOO_LONG_MESSAGE),
        testimonial_consent=bool(consent),
    )
    public_ids = uploads.save_bake_photos(photos)
    bake.photos = [BakePhoto(public_id=p, position=i) for i, p in enumerate(public_ids)]
    db.session.add(bake)
    db.session.flush()
    return bake


def edit_bake(
    bake: Bake,
    *,
    text: str | None,
    question: str | None,
    recipe_id: int | None,
    consent: bool,
) -> None:
    """The author's edit (photos stay). Withdrawing consent un-features the bake at once."""
    bake.text = _checked(text, TEXT_MAX_LENGTH, TEXT_TOO_LONG_MESSAGE)
    bake.question = _checked(question, QUESTION_MAX_LENGTH, QUESTION_TOO_LONG_MESSAGE)
    bake.recipe_id = _checked_recipe(bake.course, recipe_id)
    was_featured = bake.is_featured
    bake.testimonial_consent = bool(consent)
    if not consent:
        bake.is_featured = False
    db.session.flush()
    if was_featured:
        _featured_changed()


def delete_bake(bake: Bake) -> None:
    """The author's deletion: the bake, its comments and (after the commit) its photos."""
    uploads.forget_bake_files([photo.public_id for photo in bake.photos])
    if bake.is_featured:
        _featured_changed()
    db.session.delete(bake)
    db.session.flush()


def comment_on_bake(bake: Bake, author: User, content: str | None) -> BakeComment:
    """A comment on a bake; an admin's is the instructor's feedback (team badge; the first
    one takes the bake out of the queue). Its author is told, in this transaction."""
    content = clean_content(content)
    if not content:
        raise BakeError(COMMENT_EMPTY_MESSAGE)
    if len(content) > COMMENT_MAX_LENGTH:
        raise BakeError(COMMENT_TOO_LONG_MESSAGE)
    feedback = access.is_admin(author)
    comment = BakeComment(
        bake_id=bake.id, user_id=author.id, content=content, is_admin_response=feedback
    )
    db.session.add(comment)
    if feedback and bake.feedback_at is None:
        bake.feedback_at = utcnow()
    db.session.flush()
    notifications.notify(
        NotificationKind.FEEDBACK if feedback else NotificationKind.REPLY,
        [bake.user_id],
        actor_id=author.id,
        target_type="bake",
        target_id=bake.id,
        course_id=bake.course_id,
    )
    return comment


def delete_bake_comment(comment: BakeComment) -> None:
    """The author's deletion of her comment (bake comments are flat: nothing hangs on it)."""
    db.session.delete(comment)
    db.session.flush()


def set_bake_hidden(bake: Bake, hidden: bool) -> None:
    """Moderation: a hidden bake vanishes for students (and from the course page)."""
    changed = bake.is_active == hidden
    bake.is_active = not hidden
    db.session.flush()
    if changed and bake.is_featured:
        _featured_changed()


def set_bake_comment_hidden(comment: BakeComment, hidden: bool) -> None:
    """Moderation of one comment on a bake."""
    comment.is_active = not hidden
    db.session.flush()


def set_featured(bake: Bake, featured: bool) -> None:
    """Show a bake on the public course page, only with its author's consent."""
    if featured and not bake.testimonial_consent:
        raise BakeError(NO_CONSENT_MESSAGE)
    if featured and not bake.is_active:
        raise BakeError(HIDDEN_NOT_FEATURED_MESSAGE)
    if bake.is_featured != featured:
        bake.is_featured = featured
        db.session.flush()
        _featured_changed()


# --- Reading ---------------------------------------------------------------------------


def short_name(full_name: str | None, username: str | None) -> str:
    """ "Valentina Sosa" → "Valentina S." (what visitors see of a featured bake's author)."""
    words = (full_name or username or "").split()
    if not words:
        return "Alumna"
    return f"{words[0]} {words[1][0]}." if len(words) > 1 else words[0]


def _page_options(include_hidden: bool) -> tuple:
    comments = Bake.comments
    if not include_hidden:
        comments = comments.and_(BakeComment.is_active)
    return (
        joinedload(Bake.user),
        joinedload(Bake.recipe).load_only(Recipe.id, Recipe.title, Recipe.is_active),
        selectinload(Bake.photos),
        selectinload(comments).joinedload(BakeComment.user),
        raiseload("*"),
    )


@prepared
def _gallery_query(include_hidden: bool, by_recipe: bool) -> Paged:
    """A course's bakes newest first (parameters `course_id`, and `recipe_id`)."""
    query = sa.select(Bake).where(Bake.course_id == sa.bindparam("course_id"))
    if not include_hidden:
        query = query.where(Bake.is_active)
    if by_recipe:
        query = query.where(Bake.recipe_id == sa.bindparam("recipe_id"))
    return Paged.of(
        query.order_by(Bake.created_at.desc(), Bake.id.desc()).options(
            *_page_options(include_hidden)
        )
    )


def gallery_page(
    course: Course, viewer: User | None, page: int, recipe_id: int | None = None
) -> Pagination:
    """Page `page` of a course's bakes (of one recipe with `recipe_id`), with authors,
    photos and comments: a fixed number of queries whatever the page holds."""
    include_hidden = access.can_moderate(viewer)
    parameters = {"course_id": course.id}
    if recipe_id is not None:
        parameters["recipe_id"] = recipe_id
    return paginate(
        _gallery_query(include_hidden, recipe_id is not None),
        parameters,
        page=min(max(page, 1), LAST_PAGE),
        per_page=BAKES_PER_PAGE,
    )


@prepared
def _queue_query() -> Paged:
    """Visible bakes still waiting for the instructor, oldest first."""
    return Paged.of(
        sa.select(Bake)
        .where(Bake.feedback_at.is_(None), Bake.is_active)
        .order_by(Bake.created_at, Bake.id)
        .options(joinedload(Bake.course), *_page_options(include_hidden=True))
    )


def waiting_for_feedback(page: int = 1) -> Pagination:
    """The admin's queue: a page of the bakes waiting for feedback, oldest first."""
    return paginate(_queue_query(), {}, page=min(max(page, 1), LAST_PAGE), per_page=QUEUE_PER_PAGE)


def waiting_count() -> int:
    """How many visible bakes wait for the instructor's feedback (the admin overview)."""
    query = sa.select(sa.func.count(Bake.id)).where(Bake.feedback_at.is_(None), Bake.is_active)
    return db.session.scalar(query)


@dataclass(frozen=True)
class FeaturedBake:
    """What the public course page shows of a featured bake."""

    text: str
    author: str  # "Valentina S."
    photo_public_id: str


@prepared
def _featured_query() -> sa.Select:
    first_photo = (
        sa.select(BakePhoto.public_id)
        .where(BakePhoto.bake_id == Bake.id)
        .order_by(BakePhoto.position, BakePhoto.id)
        .limit(1)
        .scalar_subquery()
    )
    return (
        sa.select(Bake.text, User.full_name, User.username, first_photo.label("photo"))
        .join(User, User.id == Bake.user_id)
        .where(Bake.course_id == sa.bindparam("course_id"), access.public_bake_sql())
        .order_by(Bake.created_at.desc(), Bake.id.desc())
        .limit(FEATURED_ON_COURSE_PAGE)
    )


def featured_bakes(course: Course) -> list[FeaturedBake]:
    """The bakes shown on the public course page, with a photo: one query of plain rows
    (the course page is the one students and visitors open most)."""
    if not course.is_active:  # the rest of `access.is_public_bake`, in SQL
        return []
    rows = db.session.execute(_featured_query(), {"course_id": course.id})
    return [
        FeaturedBake(row.text, short_name(row.full_name, row.username), row.photo)
        for row in rows
        if row.photo
    ]


def recipe_bake_count() -> sa.ScalarSelect:
    """SQL: how many visible bakes name the recipe of the row (the recipe page's "¡Lo
    hice!" button), for `Recipe.bake_count`; through the index on bakes.recipe_id."""
    return (
        sa.select(sa.func.count(Bake.id))
        .where(Bake.recipe_id == Recipe.id, Bake.is_active)
        .scalar_subquery()
    )
