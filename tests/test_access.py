"""The access rule as a truth table (a pure rule, tested without HTTP)."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Role, User
from dulcevicio.security import AnonymousUser
from dulcevicio.services import access

NOW = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def check(app, user, course, now=NOW) -> bool:
    with app.app_context():
        user = db.session.get(User, user.id) if user is not None else AnonymousUser()
        return access.can_access_course(user, db.session.get(Course, course.id), now)


def accessible_ids(app, user, now=NOW) -> set[int]:
    with app.app_context():
        return access.accessible_course_ids(db.session.get(User, user.id), now)


def test_admin_accesses_every_course_active_or_not(app, make_user, make_course):
    admin = make_user(Role.ADMIN)
    active, inactive = make_course(), make_course(is_active=False)
    assert check(app, admin, active)
    assert check(app, admin, inactive)
    assert accessible_ids(app, admin) == {active.id, inactive.id}


def test_deactivated_admin_has_no_access(app, make_user, make_course):
    admin = make_user(Role.ADMIN, is_active=False)
    assert not check(app, admin, make_course())


def test_visitor_has_no_access(app, make_course):
    assert not check(app, None, make_course())


def test_student_without_grants_has_no_access(app, make_user, make_course):
    student, course = make_user(), make_course()
    assert not check(app, student, course)
    assert accessible_ids(app, student) == set()


@pytest.mark.parametrize(
    ("start", "end", "is_active", "expected"),
    [
        (NOW - timedelta(days=1), NOW + timedelta(days=30), True, True),  # current
        (NOW, NOW + timedelta(days=30), True, True),  # starts exactly now (inclusive)
        (NOW + SECOND, NOW + timedelta(days=30), True, False),  # not yet started
        (NOW - timedelta(days=30), NOW + SECOND, True, True),  # one second left
        (NOW - timedelta(days=30), NOW, True, False),  # ends exactly now (exclusive)
        (NOW - timedelta(days=30), NOW - SECOND, True, False),  # ended
        (NOW - timedelta(days=1), NOW + timedelta(days=30), False, False),  # deactivated
    ],
    ids=["current", "starts-now", "not-started", "last-second", "ends-now", "ended", "inactive"],
)
def test_membership(app, make_user, make_course, make_membership, start, end, is_active, expected):
    student, first, second = make_user(), make_course(), make_course()
    make_membership(student, start, end, is_active=is_active)
    assert check(app, student, first) is expected
    assert check(app, student, second) is expected
    assert accessible_ids(app, student) == ({first.id, second.id} if expected else set())


@pytest.mark.parametrize(
    ("expires_at", "is_active", "expected"),
    [
        (None, True, True),  # never expires
        (NOW + timedelta(days=90), True, True),
        (NOW + SECOND, True, True),  # one second before expiry
        (NOW, True, False),  # at expires_at (exclusive)
        (NOW - SECOND, True, False),  # one second after expiry
        (None, False, False),  # revoked
    ],
    ids=["no-expiry", "future", "second-before", "at-expiry", "second-after", "revoked"],
)
def test_enrollment(app, make_user, make_course, grant, expires_at, is_active, expected):
    student, enrolled, other = make_user(), make_course(), make_course()
    grant(student, enrolled, expires_at=expires_at, is_active=is_active)
    assert check(app, student, enrolled) is expected
    assert not check(app, student, other)  # an enrollment opens its own course only
    assert accessible_ids(app, student) == ({enrolled.id} if expected else set())


def test_inactive_user_loses_access_but_keeps_grants(app, make_user, make_course, grant):
    student, course = make_user(), make_course()
    grant(student, course)
    assert check(app, student, course)
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == student.id).values(is_active=False))
        db.session.commit()
    assert not check(app, student, course)
    assert accessible_ids(app, student) == set()


def test_inactive_course_is_closed_to_enrolled_students(app, make_user, make_course, grant):
    student, course = make_user(), make_course(is_active=False)
    grant(student, course)
    assert not check(app, student, course)
    assert accessible_ids(app, student) == set()


def test_course_visibility(app, make_user, make_course):
    admin, student = make_user(Role.ADMIN), make_user()
    inactive = make_course(is_active=False)
    with app.app_context():
        course = db.session.get(Course, inactive.id)
        assert access.can_see_course(db.session.get(User, admin.id), course)
        assert not access.can_see_course(db.session.get(User, student.id), course)
        assert not access.can_see_course(AnonymousUser(), course)


def lessons_of(app, course_id) -> tuple[Lesson, Lesson]:
    preview, locked = db.session.scalars(
        sa.select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position)
    )
    assert preview.is_preview and not locked.is_preview
    return preview, locked


def test_preview_lesson_is_open_to_visitors(app, make_course):
    course = make_course(lessons=2)
    with app.app_context():
        preview, locked = lessons_of(app, course.id)
        visitor = AnonymousUser()
        assert access.can_watch_lesson(visitor, preview, NOW)
        assert not access.can_watch_lesson(visitor, locked, NOW)
        preview.is_active = False
        assert not access.can_watch_lesson(visitor, preview, NOW)


def test_preview_of_inactive_course_is_closed(app, make_user, make_course):
    course = make_course(is_active=False)
    admin = make_user(Role.ADMIN)
    with app.app_context():
        preview, _ = lessons_of(app, course.id)
        assert not access.can_watch_lesson(AnonymousUser(), preview, NOW)
        assert access.can_watch_lesson(db.session.get(User, admin.id), preview, NOW)


def test_enrolled_student_watches_every_active_lesson(app, make_user, make_course, grant):
    student, course = make_user(), make_course()
    grant(student, course)
    with app.app_context():
        preview, locked = lessons_of(app, course.id)
        user = db.session.get(User, student.id)
        assert access.can_watch_lesson(user, locked, NOW)
        locked.is_active = False
        assert not access.can_watch_lesson(user, locked, NOW)


def test_students_with_access_counts_each_student_once(
    app, make_user, make_course, grant, make_membership
):
    enrolled, member, both, nobody = make_user(), make_user(), make_user(), make_user()
    first, second = make_course(), make_course()
    grant(enrolled, first)
    make_membership(member, NOW - timedelta(days=1), NOW + timedelta(days=1))
    grant(both, first)
    grant(both, second)
    make_membership(both, NOW - timedelta(days=1), NOW + timedelta(days=1))
    grant(nobody, first, is_active=False)
    with app.app_context():
        ids = list(db.session.scalars(access.students_with_access(NOW)))
    assert sorted(ids) == sorted([enrolled.id, member.id, both.id])
