"""The access rule against a reference model, on random users, courses, grants and times.

Hypothesis draws a few users (role, active), courses (active), enrollments (active,
expires_at or none), memberships (active, start, end) and an instant `now`, stores them,
and compares `can_access_course` and its SQL form (`accessible_courses`,
`accessible_course_ids`) with `model_access` below for every user and course. Instants are
drawn on a grid of seconds around one moment so that `now` often falls exactly on a bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, Membership, Role, User
from dulcevicio.security import AnonymousUser
from dulcevicio.services import access

BASE = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)
OFFSETS = [-86400, -1, 0, 1, 86400]  # seconds from BASE
instants = st.sampled_from(OFFSETS).map(lambda seconds: BASE + timedelta(seconds=seconds))
periods = st.lists(instants, min_size=2, max_size=2, unique=True).map(sorted)  # start < end
# Mostly active students: the cases where the grants decide.
roles = st.sampled_from([Role.USER, Role.USER, Role.USER, Role.ADMIN])
actives = st.sampled_from([True, True, True, False])


@dataclass(frozen=True)
class Drawn:
    users: list[tuple[Role, bool]]  # (role, is_active)
    courses: list[bool]  # is_active
    enrollments: dict[tuple[int, int], tuple[bool, datetime | None]]  # (user, course) -> ...
    memberships: list[tuple[int, bool, datetime, datetime]]  # (user, active, start, end)


@st.composite
def worlds(draw) -> Drawn:
    users = draw(st.lists(st.tuples(roles, actives), min_size=1, max_size=4))
    courses = draw(st.lists(actives, min_size=1, max_size=3))
    user, course = st.integers(0, len(users) - 1), st.integers(0, len(courses) - 1)
    enrollments = draw(
        st.dictionaries(
            st.tuples(user, course), st.tuples(actives, st.none() | instants), max_size=6
        )
    )
    memberships = [
        (owner, active, start, end)
        for owner, active, (start, end) in draw(
            st.lists(st.tuples(user, actives, periods), max_size=3)
        )
    ]
    return Drawn(users, courses, enrollments, memberships)


def model_access(world: Drawn, user: int, course: int, now: datetime) -> bool:
    """The rule as SPEC states it: start bounds inclusive, end bounds exclusive."""
    role, user_active = world.users[user]
    if not user_active:
        return False
    if role is Role.ADMIN:
        return True
    if not world.courses[course]:
        return False
    if any(
        owner == user and active and start <= now < end
        for owner, active, start, end in world.memberships
    ):
        return True
    active, expires = world.enrollments.get((user, course), (False, None))
    return active and (expires is None or now < expires)


def store(world: Drawn) -> tuple[list[User], list[Course]]:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    users = [
        User(email=f"u{index}@example.com", full_name="U", role=role, is_active=active)
        for index, (role, active) in enumerate(world.users)
    ]
    courses = [
        Course(title=f"C{index}", slug=f"c{index}", position=index, is_active=active)
        for index, active in enumerate(world.courses)
    ]
    db.session.add_all(users + courses)
    db.session.flush()
    for (user, course), (active, expires) in world.enrollments.items():
        db.session.add(
            Enrollment(
                user_id=users[user].id,
                course_id=courses[course].id,
                is_active=active,
                expires_at=expires,
            )
        )
    for user, active, start, end in world.memberships:
        db.session.add(
            Membership(user_id=users[user].id, is_active=active, start_date=start, end_date=end)
        )
    db.session.commit()
    return users, courses


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(world=worlds(), now=instants)
def test_access_rule_matches_the_model(app, figures, world, now):
    with app.app_context():
        users, courses = store(world)
        for index, user in enumerate(users):
            # In admin order (position, id), as the SQL form lists them.
            expected = [
                course.id
                for number, course in enumerate(courses)
                if model_access(world, index, number, now)
            ]
            found = [course.id for course in courses if access.can_access_course(user, course, now)]
            listed = access.accessible_courses(user, now)
            assert found == expected, f"can_access_course, user {index} at {now}"
            assert [course.id for course in listed] == expected, f"accessible_courses, {index}"
            assert access.accessible_course_ids(user, now) == set(expected)
        visitor = AnonymousUser()
        assert not any(access.can_access_course(visitor, course, now) for course in courses)
        assert access.accessible_course_ids(visitor, now) == set()
    figures.add("Authorization matrix", "property examples", 1)
