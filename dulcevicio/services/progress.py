"""Lesson progress: resume positions, completion, and per-course summaries.

Every write is one INSERT ... ON CONFLICT on the unique (user, lesson) pair, returning the
row it left, so parallel saves from the player (timer, pause, page hidden) never make a
second row. With the user (from the session) and the access rule, a save is three
statements; the one that completes a lesson adds the certificate's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, Lesson, LessonProgress, User, utcnow
from dulcevicio.services import certificates
from dulcevicio.services.access import LessonToWatch
from dulcevicio.services.upsert import dialect_name, insert
from dulcevicio.statements import instant, prepared

# A lesson row, or the access rule's answer for one (`access.lesson_to_watch`): what a
# save needs of it is its id, its course and its video's duration.
WatchedLesson = Lesson | LessonToWatch

COMPLETE_AT = 0.9  # watched share that completes a lesson
MAX_SECONDS = 24 * 3600
# The player may report a little past the stored duration (rounding, trailing frames).
DURATION_SLACK_SECONDS = 5


class InvalidPosition(ValueError):
    """A position or duration the player could not have sent; message in Spanish."""


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidPosition(f"«{name}» debe ser un número de segundos.")
    if not math.isfinite(value) or value < 0:
        raise InvalidPosition(f"«{name}» debe ser un número de segundos positivo.")
    if value > MAX_SECONDS:
        raise InvalidPosition(f"«{name}» es demasiado grande.")
    return float(value)


def checked_position(
    lesson: WatchedLesson, position: object, duration: object = None
) -> tuple[int, float]:
    """Validate what the player sent; returns (position, duration to judge completion by)."""
    position = _seconds(position, "position")
    reported = _seconds(duration, "duration") if duration is not None else None
    known = lesson.video_duration_seconds or reported
    if known and position > known + DURATION_SLACK_SECONDS:
        raise InvalidPosition("La posición supera la duración del video.")
    return int(position), float(known or 0)


@dataclass(frozen=True)
class SavedProgress:
    """A lesson's progress as a save left it."""

    last_watched_position: int
    completed: bool


@prepared
def _upsert_statement(dialect: str, toggle: bool) -> sa.Insert:
    """One statement: the row written (made or updated) and read back. The lesson's
    enrollment (if any: progress outlives a revoked one) is looked up inside it. The
    player's saves (`toggle` False) keep a completion for good; the toggle sets it.
    Built once per database: the player saves every 10 s, and building the statement
    cost more than running it."""
    table = LessonProgress.__table__
    now, completed_at = instant("now"), instant("completed_at")
    user_id, course_id = sa.bindparam("user_id"), sa.bindparam("course_id")
    completed, position = sa.bindparam("completed", type_=sa.Boolean()), sa.bindparam("position")
    enrollment = sa.select(Enrollment.id).where(
        Enrollment.user_id == user_id, Enrollment.course_id == course_id
    )
    if toggle:
        on_conflict = {"completed": completed, "completed_at": completed_at}
    else:
        newly = sa.and_(completed, sa.not_(table.c.completed))
        on_conflict = {
            "last_watched_position": position,
            "completed": sa.or_(table.c.completed, completed),
            "completed_at": sa.case((newly, now), else_=table.c.completed_at),
        }
    saved = [table.c.last_watched_position, table.c.completed, table.c.completed_at]
    if dialect == "postgresql" and not toggle:
        saved.append(
            _commit_without_waiting_unless(sa.and_(table.c.completed, table.c.completed_at == now))
        )
    return (
        insert(table, dialect)
        .values(
            user_id=user_id,
            lesson_id=sa.bindparam("lesson_id"),
            course_id=course_id,
            enrollment_id=enrollment.scalar_subquery(),
            created_at=now,
            updated_at=now,
            last_watched_position=position,
            completed=completed,
            completed_at=completed_at,
        )
        .on_conflict_do_update(
            index_elements=["user_id", "lesson_id"], set_={"updated_at": now, **on_conflict}
        )
        .returning(*saved)
    )


def _commit_without_waiting_unless(completing: sa.ColumnElement[bool]) -> sa.ColumnElement:
    """PostgreSQL: the player's save need not wait for the disk at COMMIT
    (`synchronous_commit` off, for this transaction only), unless it completed the lesson.
    A server crash may then lose the last fraction of a second of positions, never corrupt
    anything (the same trade as SQLite's `synchronous=NORMAL`); a completion, the
    certificate it issues and the student's own toggle commit durably. Set in the
    RETURNING clause, so the save stays one statement (446 → 733 saves/s in
    bench/serve.py)."""
    durable = sa.case((completing, "on"), else_="off")
    return sa.func.set_config("synchronous_commit", durable, True).label("commit")


def _upsert(
    user: User, lesson: WatchedLesson, position: int, completed: bool, now: datetime, toggle: bool
) -> SavedProgress:
    values = {
        "user_id": user.id,
        "lesson_id": lesson.id,
        "course_id": lesson.course_id,
        "position": position,
        "completed": completed,
        "completed_at": now if completed else None,
        "now": now,
    }
    # On the session's connection, in its transaction: a Core statement skips the ORM's
    # work (a third of the save's time).
    connection = db.session.connection()
    saved = connection.execute(_upsert_statement(dialect_name(), toggle), values).one()
    if saved.completed and saved.completed_at == now:  # this save completed the lesson
        certificates.issue_if_complete(user.id, lesson.course_id, now)
    return SavedProgress(saved.last_watched_position, saved.completed)


def save_position(
    user: User, lesson: WatchedLesson, position: int, duration: float, now: datetime | None = None
) -> SavedProgress:
    """Remember where the student is; watching ≥ 90 % completes the lesson (for good)."""
    reached_end = bool(duration) and position >= COMPLETE_AT * duration
    return _upsert(user, lesson, position, reached_end, now or utcnow(), toggle=False)


def set_completed(
    user: User, lesson: WatchedLesson, completed: bool, now: datetime | None = None
) -> SavedProgress:
    """The "Marcar como completada" toggle (a new row starts at the beginning)."""
    return _upsert(user, lesson, 0, completed, now or utcnow(), toggle=True)


@dataclass(frozen=True)
class LessonState:
    completed: bool
    position: int


@prepared
def _states() -> sa.Select:
    return sa.select(
        LessonProgress.lesson_id, LessonProgress.completed, LessonProgress.last_watched_position
    ).where(
        LessonProgress.user_id == sa.bindparam("user_id"),
        LessonProgress.course_id.in_(sa.bindparam("course_ids", expanding=True)),
    )


def lesson_states(user: User, course_ids: list[int]) -> dict[int, LessonState]:
    """Progress of `user` in those courses, by lesson id, in one query."""
    if not getattr(user, "is_authenticated", False) or not course_ids:
        return {}
    rows = db.session.execute(_states(), {"user_id": user.id, "course_ids": course_ids})
    return {lesson_id: LessonState(done, position) for lesson_id, done, position in rows}


@dataclass(frozen=True)
class CourseProgress:
    """A student's progress in one course: active lessons completed, of all active ones."""

    completed: int
    total: int
    next_lesson: Lesson | None = None  # the first active lesson not completed yet
    resume_at: int = 0  # where to resume that lesson, in seconds
    last_activity: datetime | None = None  # the latest save (admin pages)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def course_progress(lessons: list[Lesson], states: dict[int, LessonState]) -> CourseProgress:
    """Completed / active lessons and where "Continuar" goes (no query: data given)."""
    active = [lesson for lesson in lessons if lesson.is_active]
    done = [lesson for lesson in active if states.get(lesson.id, LessonState(False, 0)).completed]
    pending = next((lesson for lesson in active if lesson not in done), None)
    resume = states[pending.id].position if pending and pending.id in states else 0
    return CourseProgress(len(done), len(active), pending, resume)


def progress_columns(user_id, course_id) -> tuple[sa.ScalarSelect, ...]:
    """SQL for (lessons completed, active lessons, last activity) of a student in a course,
    as columns of a query whose rows name them (`user_id`, `course_id`: columns or values).
    The lists that show progress per row (dashboard, renewals, exports) share it."""
    mine = sa.and_(LessonProgress.user_id == user_id, LessonProgress.course_id == course_id)
    completed = (
        sa.select(sa.func.count(LessonProgress.id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(mine, LessonProgress.completed, Lesson.is_active)
    )
    total = sa.select(sa.func.count(Lesson.id)).where(
        Lesson.course_id == course_id, Lesson.is_active
    )
    last_activity = sa.select(sa.func.max(LessonProgress.updated_at)).where(mine)
    return (
        completed.scalar_subquery(),
        total.scalar_subquery(),
        last_activity.scalar_subquery(),
    )


def progress_by_course(user: User) -> list[tuple[Course, CourseProgress]]:
    """The user's progress in every course she is enrolled in or has progress in, in
    admin order (one query)."""
    course_ids = sa.union(
        sa.select(Enrollment.course_id).where(Enrollment.user_id == user.id),
        sa.select(LessonProgress.course_id).where(LessonProgress.user_id == user.id),
    )
    query = (
        sa.select(Course, *progress_columns(user.id, Course.id))
        .where(Course.id.in_(course_ids))
        .order_by(Course.position, Course.id)
    )
    return [
        (course, CourseProgress(done, count, last_activity=last))
        for course, done, count, last in db.session.execute(query)
    ]


def students_progress(course: Course, user_ids: list[int]) -> dict[int, CourseProgress]:
    """{user id: progress in `course`} for a page of students, in two queries."""
    total = db.session.scalar(
        sa.select(sa.func.count(Lesson.id)).where(Lesson.course_id == course.id, Lesson.is_active)
    )
    query = (
        sa.select(LessonProgress.user_id, sa.func.count(LessonProgress.id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.course_id == course.id,
            LessonProgress.user_id.in_(user_ids),
            LessonProgress.completed,
            Lesson.is_active,
        )
        .group_by(LessonProgress.user_id)
    )
    completed = dict(db.session.execute(query).all())
    return {user_id: CourseProgress(completed.get(user_id, 0), total or 0) for user_id in user_ids}
