"""Who may see what: the access rule and every visibility rule. The only place that knows them.

Courses. A user can access a course's content at time `now` when the user is active and
1. is an ADMIN (every course, active or not), or
2. has a Membership with is_active and start_date <= now < end_date, or
3. has an Enrollment for the course with is_active and (expires_at is NULL or now < expires_at),
and, for students, the course is active. Start bounds are inclusive, end bounds exclusive.
An inactive course exists for admins only.

Content. Inactive lessons and recipes exist for admins only. A preview lesson (active, of an
active course) is open to everyone, visitors included; every other lesson, the recipes, the
recipe book, the WhatsApp group and the forum follow the course rule. A sample recipe
(active, of an active course) shows its photo and title to everyone on the course page;
its text still follows the course rule. A lesson's poster follows the lesson.

Forum. A comment its author deleted is gone for everyone; a comment hidden by moderation,
and the replies under it, exist for admins only. Authors edit and delete their own
comments; admins moderate.

Bakes ("¡Lo hice!") follow the course rule like the forum: hidden bakes and bake comments
exist for admins only; authors edit and delete their own. A bake the admin featured, with
its author's consent, visible, of an active course, shows its photos to everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Bake,
    BakeComment,
    BakePhoto,
    Comment,
    Course,
    Enrollment,
    Lesson,
    Membership,
    Recipe,
    Role,
    User,
    utcnow,
)
from dulcevicio.services.storage.kinds import MediaKind
from dulcevicio.statements import instant, prepared

Item = TypeVar("Item", Lesson, Recipe)
MAX_SAMPLES = 3  # sample recipes a course page shows


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user: User | None) -> bool:
    return _signed_in(user) and user.is_active and user.is_admin


# --- Grants in force ---------------------------------------------------------------------


def membership_in_force(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Membership.is_active,
        Membership.start_date <= now,
        Membership.end_date > now,
    )


def enrollment_in_force(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Enrollment.is_active,
        sa.or_(Enrollment.expires_at.is_(None), Enrollment.expires_at > now),
    )


def _holds_grant(user_id, now, course_id=None) -> sa.ColumnElement[bool]:
    """SQL: the user holds a membership in force, or an enrollment in force for `course_id`
    (a value, a parameter or a column such as Course.id); without a course, an enrollment
    in force for any active course."""
    has_membership = (
        sa.select(Membership.id)
        .where(Membership.user_id == user_id, membership_in_force(now))
        .exists()
    )
    enrollment = sa.select(Enrollment.id).where(
        Enrollment.user_id == user_id, enrollment_in_force(now)
    )
    if course_id is None:
        enrollment = enrollment.join(Course, Course.id == Enrollment.course_id).where(
            Course.is_active
        )
    else:
        enrollment = enrollment.where(Enrollment.course_id == course_id)
    return sa.or_(has_membership, enrollment.exists())


# --- Courses -----------------------------------------------------------------------------


def can_see_course(user: User | None, course: Course) -> bool:
    """Whether the course exists for this viewer at all (inactive courses: admins only)."""
    return course.is_active or is_admin(user)


@prepared
def _access_to_course() -> sa.Select:
    return sa.select(
        _holds_grant(sa.bindparam("user_id"), instant("now"), sa.bindparam("course_id"))
    )


def can_access_course(user: User | None, course: Course, now: datetime | None = None) -> bool:
    """The access rule for one course's content (videos, recipes, book, WhatsApp, forum)."""
    if not _signed_in(user) or not user.is_active:
        return False
    if user.is_admin:
        return True
    if not course.is_active:
        return False
    parameters = {"user_id": user.id, "course_id": course.id, "now": now or utcnow()}
    return bool(db.session.scalar(_access_to_course(), parameters))


@prepared
def _accessible_courses(ids_only: bool) -> sa.Select:
    in_force = (Course.is_active, _holds_grant(sa.bindparam("user_id"), instant("now"), Course.id))
    if ids_only:
        return sa.select(Course.id).where(*in_force)
    return (
        sa.select(Course)
        .where(*in_force)
        .order_by(Course.position, Course.id)
        .options(selectinload(Course.lessons))
    )


def accessible_courses(user: User | None, now: datetime | None = None) -> list[Course]:
    """The same rule in SQL: the courses whose content the user can access, with their
    lessons (two queries). Admins get every course; students active ones, in admin order."""
    if is_admin(user):
        query = (
            sa.select(Course)
            .order_by(Course.position, Course.id)
            .options(selectinload(Course.lessons))
        )
        return list(db.session.scalars(query))
    if not _signed_in(user) or not user.is_active:
        return []
    parameters = {"user_id": user.id, "now": now or utcnow()}
    return list(db.session.scalars(_accessible_courses(False), parameters))


def accessible_course_ids_query(user: User, now: datetime | None = None) -> tuple[sa.Select, dict]:
    """The same rule as `accessible_course_ids` for a signed-in active student, as a
    statement and its parameters (for a caller that reads it within its own query)."""
    return _accessible_courses(True), {"user_id": user.id, "now": now or utcnow()}


def accessible_course_ids(user: User | None, now: datetime | None = None) -> set[int]:
    """Ids of the courses the user can access, in one query (for lists with lock badges)."""
    if is_admin(user):
        return set(db.session.scalars(sa.select(Course.id)))
    if not _signed_in(user) or not user.is_active:
        return set()
    parameters = {"user_id": user.id, "now": now or utcnow()}
    return set(db.session.scalars(_accessible_courses(True), parameters))


def _student_has_access(now: datetime) -> sa.ColumnElement[bool]:
    """SQL on a users row: the student can access at least one active course at `now`."""
    return sa.and_(User.role == Role.USER, User.is_active, _holds_grant(User.id, now))


def user_has_access(now: datetime | None = None) -> sa.ColumnElement[bool]:
    """SQL on a users row: the user can access some content at `now` (an active admin, or
    a student of `students_with_access`). Checked row by row, so filtering a page of
    users costs that page, not the whole table."""
    now = now or utcnow()
    admin = sa.and_(User.role == Role.ADMIN, User.is_active)
    return sa.or_(admin, _student_has_access(now))


def students_with_access(now: datetime | None = None) -> sa.Select:
    """Ids of active students who can access at least one active course right now."""
    return sa.select(User.id).where(_student_has_access(utcnow() if now is None else now))


def can_access_course_sql(course_id, now: datetime) -> sa.ColumnElement[bool]:
    """SQL on a users row: `can_access_course` for the course `course_id` (a value or a
    column) at `now`: an active admin, or an active student holding a grant for the course
    while it is active. Who may be told about something in a course (notifications)."""
    course_active = sa.select(Course.is_active).where(Course.id == course_id).scalar_subquery()
    student = sa.and_(course_active, _holds_grant(User.id, now, course_id))
    return sa.and_(User.is_active, sa.or_(User.role == Role.ADMIN, student))


@prepared
def _access_ends() -> sa.CompoundSelect:
    """One row per enrollment in force, plus one (course NULL) for the latest membership end."""
    user, now = sa.bindparam("user_id"), instant("now")
    return sa.union_all(
        sa.select(sa.null(), sa.func.max(Membership.end_date)).where(
            Membership.user_id == user, membership_in_force(now)
        ),
        sa.select(Enrollment.course_id, Enrollment.expires_at).where(
            Enrollment.user_id == user,
            Enrollment.course_id.in_(sa.bindparam("course_ids", expanding=True)),
            enrollment_in_force(now),
        ),
    )


def access_ends(user: User | None, course_ids: list[int], now: datetime | None = None) -> dict:
    """When each course's access ends for `user`: {course_id: datetime, or None for never}.

    Courses the user cannot access are left out. One query whatever the number of courses.
    """
    if is_admin(user):
        return dict.fromkeys(course_ids)
    if not _signed_in(user) or not user.is_active or not course_ids:
        return {}
    parameters = {"user_id": user.id, "course_ids": course_ids, "now": now or utcnow()}
    rows = db.session.execute(_access_ends(), parameters).all()
    membership_end = next((end for course_id, end in rows if course_id is None), None)
    enrollments = {course_id: end for course_id, end in rows if course_id is not None}
    ends = {}
    for course_id in course_ids:
        if course_id in enrollments and enrollments[course_id] is None:
            ends[course_id] = None  # an enrollment without end: access never ends
        elif course_id in enrollments or membership_end:
            candidates = [enrollments.get(course_id), membership_end]
            ends[course_id] = max(end for end in candidates if end is not None)
    return ends


# --- Lessons and recipes -----------------------------------------------------------------


def can_see_item(user: User | None, item: Lesson | Recipe) -> bool:
    """Whether a lesson or recipe exists for this viewer (inactive ones: admins only)."""
    return item.is_active or is_admin(user)


def visible_items(user: User | None, items: Sequence[Item]) -> list[Item]:
    """The lessons or recipes of a course that exist for this viewer, in their order."""
    if is_admin(user):
        return list(items)
    return [item for item in items if item.is_active]


def can_watch_lesson(
    user: User | None,
    lesson: Lesson,
    now: datetime | None = None,
    *,
    course_access: bool | None = None,
) -> bool:
    """Lesson content: previews are open to everyone, the rest follows the course rule.

    `course_access`: what `can_access_course(user, lesson.course, now)` answered, when the
    caller already asked (it saves asking the database again).
    """
    if is_admin(user):
        return True
    if course_access is None:  # a preview needs no grant: don't ask
        course_access = lesson.is_preview or can_access_course(user, lesson.course, now)
    return _open_to_students(lesson, lesson.course, course_access=course_access)


@dataclass(frozen=True)
class LessonToWatch:
    """A lesson as the player's saves need it, with what the rule says of this viewer:
    `visible` (else the lesson does not exist for her: 404) and `watchable` (403)."""

    id: int
    course_id: int
    course_slug: str
    video_duration_seconds: int | None
    visible: bool
    watchable: bool


@prepared
def _lesson_to_watch() -> sa.Select:
    granted = _holds_grant(sa.bindparam("user_id"), instant("now"), Lesson.course_id)
    return (
        sa.select(
            Lesson.id,
            Lesson.course_id,
            Course.slug,
            Lesson.video_duration_seconds,
            Lesson.is_preview,
            sa.and_(Lesson.is_active, Course.is_active).label("open"),
            granted.label("granted"),
        )
        .join(Course, Course.id == Lesson.course_id)
        .where(Lesson.id == sa.bindparam("lesson_id"))
    )


def lesson_to_watch(
    user: User, lesson_id: int, now: datetime | None = None
) -> LessonToWatch | None:
    """`can_see_course`, `can_see_item` and `can_watch_lesson` for a signed-in user and a
    lesson known by id, in one query (the player saves every few seconds); None when
    there is no such lesson."""
    parameters = {"lesson_id": lesson_id, "user_id": user.id, "now": now or utcnow()}
    row = db.session.connection().execute(_lesson_to_watch(), parameters).first()
    if row is None:
        return None
    admin = is_admin(user)
    granted = _signed_in(user) and user.is_active and bool(row.granted)
    return LessonToWatch(
        id=row.id,
        course_id=row.course_id,
        course_slug=row.slug,
        video_duration_seconds=row.video_duration_seconds,
        visible=admin or row.open,
        watchable=admin or (row.open and (row.is_preview or granted)),
    )


def watchable_lesson_ids(user: User | None, course: Course, *, course_access: bool) -> set[int]:
    """The ids of the course's lessons this viewer may open, for a lesson list.

    `course_access`: what `can_access_course` answered for the course. One admin check
    for the whole list: a course page lists dozens of lessons.
    """
    if is_admin(user):
        return {lesson.id for lesson in course.lessons}
    return {
        lesson.id
        for lesson in course.lessons
        if _open_to_students(lesson, course, course_access=course_access)
    }


def _open_to_students(lesson: Lesson, course: Course, *, course_access: bool) -> bool:
    if not (lesson.is_active and course.is_active):
        return False
    return lesson.is_preview or course_access


def can_view_recipe(
    user: User | None,
    recipe: Recipe,
    now: datetime | None = None,
    *,
    course_access: bool | None = None,
) -> bool:
    """A recipe (text and image): active recipes of a course the user can access.

    `course_access`: as for `can_watch_lesson`.
    """
    if is_admin(user):
        return True
    if not recipe.is_active:
        return False
    return can_access_course(user, recipe.course, now) if course_access is None else course_access


def viewable_recipes(
    user: User | None, recipes: Sequence[Recipe], *, course_access: bool
) -> list[Recipe]:
    """The recipes (of one course) whose content this viewer may read, in their order.

    `course_access`: as for `watchable_lesson_ids`; one admin check for the whole list.
    """
    if is_admin(user):
        return list(recipes)
    return [recipe for recipe in recipes if recipe.is_active] if course_access else []


def is_public_sample(recipe: Recipe, course: Course) -> bool:
    """A sample whose photo and title anyone may see: active, of an active course."""
    return recipe.is_sample and recipe.is_active and course.is_active


def sample_recipes(user: User | None, course: Course, recipes: Sequence[Recipe]) -> list[Recipe]:
    """The course's samples this viewer may see the photo and title of, in their order, at
    most MAX_SAMPLES (the page shows no more, whatever was saved)."""
    admin = is_admin(user)
    shown = [r for r in recipes if r.is_sample and (admin or is_public_sample(r, course))]
    return shown[:MAX_SAMPLES]


def can_view_recipe_image(user: User | None, recipe: Recipe) -> bool:
    """A recipe's photo: whoever may read the recipe, and anyone for a public sample."""
    return is_public_sample(recipe, recipe.course) or can_view_recipe(user, recipe)


def can_view_file(user: User | None, kind: MediaKind, public_id: str) -> bool:
    """Whether a stored file may be sent to `user`: find the row that owns it, apply the rule.

    Covers, avatars, instructor photos and certificate signatures are public; videos and
    their posters, recipe images and books follow their owner; payment receipts are for
    admins.
    """
    if not kind.private:
        return True
    if kind in (MediaKind.VIDEO, MediaKind.POSTER):
        column = Lesson.video_public_id if kind is MediaKind.VIDEO else Lesson.poster_public_id
        lesson = db.session.scalar(sa.select(Lesson).where(column == public_id))
        return lesson is not None and can_watch_lesson(user, lesson)
    if kind is MediaKind.RECIPE_IMAGE:
        recipe = db.session.scalar(sa.select(Recipe).where(Recipe.image_public_id == public_id))
        return recipe is not None and can_view_recipe_image(user, recipe)
    if kind is MediaKind.BAKE_PHOTO:
        query = sa.select(Bake).join(BakePhoto).where(BakePhoto.public_id == public_id)
        bake = db.session.scalar(query)
        return bake is not None and can_view_bake_photos(user, bake)
    if kind is MediaKind.RECEIPT:
        return is_admin(user)  # a payment's receipt: the team only
    if kind is MediaKind.RECIPE_BOOK:
        course = db.session.scalar(
            sa.select(Course).where(Course.recipe_pdf_public_id == public_id)
        )
        return course is not None and can_access_course(user, course)
    return False


# --- Forum -------------------------------------------------------------------------------


def can_moderate(user: User | None) -> bool:
    """Hide and show comments, and see hidden ones: the team (admins)."""
    return is_admin(user)


def can_edit_comment(user: User | None, comment: Comment) -> bool:
    """Edit or delete a comment: its author only."""
    return _signed_in(user) and comment.user_id == user.id


def editable_comment_ids(user: User | None, comments: Sequence[Comment]) -> set[int]:
    """The ids of the comments this viewer may edit, for a forum page (one sign-in check)."""
    if not _signed_in(user):
        return set()
    return {comment.id for comment in comments if comment.user_id == user.id}


def in_hidden_thread(comment: Comment) -> bool:
    """Whether moderation hid this comment or one of its ancestors (one query)."""
    if not comment.is_active:
        return True
    chain = (
        sa.select(Comment.id, Comment.parent_id, Comment.is_active)
        .where(Comment.id == comment.id)
        .cte("ancestors", recursive=True)
    )
    parent = aliased(Comment)
    chain = chain.union_all(
        sa.select(parent.id, parent.parent_id, parent.is_active).where(
            parent.id == chain.c.parent_id
        )
    )
    return bool(db.session.scalar(sa.select(sa.exists().where(sa.not_(chain.c.is_active)))))


def can_see_comment(user: User | None, comment: Comment) -> bool:
    """A comment on its own (the course rule aside): deleted ones are gone for everyone,
    hidden threads exist for those who moderate."""
    if comment.is_deleted:
        return False
    return can_moderate(user) or not in_hidden_thread(comment)


# --- Bakes ("¡Lo hice!") -----------------------------------------------------------------


def can_see_bake(user: User | None, item: Bake | BakeComment) -> bool:
    """A bake or bake comment on its own (the course rule aside): hidden ones exist for
    those who moderate."""
    return item.is_active or can_moderate(user)


def can_edit_bake(user: User | None, item: Bake | BakeComment) -> bool:
    """Edit or delete a bake, or delete a bake comment: its author only."""
    return _signed_in(user) and item.user_id == user.id


def is_public_bake(bake: Bake) -> bool:
    """A bake on the public course page: featured, with consent, visible, course active."""
    return bool(
        bake.is_featured and bake.testimonial_consent and bake.is_active and bake.course.is_active
    )


def public_bake_sql() -> sa.ColumnElement[bool]:
    """`is_public_bake` in SQL, on a bakes row of an active course (the course page)."""
    return sa.and_(Bake.is_featured, Bake.testimonial_consent, Bake.is_active)


def can_view_bake_photos(user: User | None, bake: Bake) -> bool:
    """A bake's photos: those who can access its course (hidden bakes: admins), and anyone
    for a public (featured) bake."""
    if is_public_bake(bake):
        return True
    return can_see_bake(user, bake) and can_access_course(user, bake.course)


# --- Reactions ---------------------------------------------------------------------------


def can_react_to_comment(user: User | None, comment: Comment) -> bool:
    """React to a forum comment (the course rule aside): a signed-in viewer, on a comment
    neither deleted nor in a hidden thread (moderators see those, but nobody reacts)."""
    return _signed_in(user) and not comment.is_deleted and not in_hidden_thread(comment)


def can_react_to_bake(user: User | None, bake: Bake) -> bool:
    """React to a bake (the course rule aside): a signed-in viewer, on a bake not hidden
    by moderation."""
    return _signed_in(user) and bake.is_active
