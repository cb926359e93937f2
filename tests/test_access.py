"""The access rule as a truth table (a pure rule, tested without HTTP)."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Lesson, Recipe, Role, User
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


@pytest.mark.parametrize("course_active", [True, False])
@pytest.mark.parametrize("viewer", ["visitor", "student", "enrolled", "admin"])
def test_the_list_answers_agree_with_the_one_item_rules(
    app, make_user, make_course, grant, viewer, course_active
):
    """A course page asks once for its lesson and recipe lists; each answer must be what
    asking about every item on its own would give."""
    course = make_course(lessons=4, is_active=course_active)
    users = {"student": make_user(), "enrolled": make_user(), "admin": make_user(Role.ADMIN)}
    grant(users["enrolled"], course)
    with app.app_context():
        user = db.session.get(User, users[viewer].id) if viewer in users else AnonymousUser()
        course = db.session.get(Course, course.id)
        course.lessons[1].is_active = False  # the preview, lesson 1, stays active
        course.lessons[3].is_active = False
        course.recipes = [
            Recipe(title=f"Receta {n}", position=n, is_active=n != 2) for n in range(1, 4)
        ]
        db.session.flush()
        unlocked = access.can_access_course(user, course, NOW)

        watchable = access.watchable_lesson_ids(user, course, course_access=unlocked)
        assert watchable == {
            lesson.id for lesson in course.lessons if access.can_watch_lesson(user, lesson, NOW)
        }
        viewable = access.viewable_recipes(user, course.recipes, course_access=unlocked)
        assert viewable == [
            recipe for recipe in course.recipes if access.can_view_recipe(user, recipe, NOW)
        ]
        expected_lessons = {"visitor": 1, "student": 1, "enrolled": 2, "admin": 4}[viewer]
        expected_recipes = {"visitor": 0, "student": 0, "enrolled": 2, "admin": 3}[viewer]
        if not course_active and viewer != "admin":
            expected_lessons = expected_recipes = 0
        assert (len(watchable), len(viewable)) == (expected_lessons, expected_recipes)


def test_a_viewer_may_edit_exactly_her_own_comments(app, make_user, make_course):
    author, other = make_user(), make_user()
    course = make_course()
    with app.app_context():
        comments = [
            Comment(course_id=course.id, user_id=writer.id, content=f"Comentario {n}")
            for n, writer in enumerate([author, other, author])
        ]
        db.session.add_all(comments)
        db.session.flush()
        for viewer in (db.session.get(User, author.id), db.session.get(User, other.id)):
            editable = access.editable_comment_ids(viewer, comments)
            assert editable == {c.id for c in comments if access.can_edit_comment(viewer, c)}
            assert editable == {c.id for c in comments if c.user_id == viewer.id}
        assert access.editable_comment_ids(AnonymousUser(), comments) == set()
