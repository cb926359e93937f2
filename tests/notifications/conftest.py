"""Fixtures of the notifications tests: a course and, besides the suite's `ana`, a second
enrolled student whose first name the sentences show (Valentina)."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Alfajores de maicena", lessons=2)


@pytest.fixture
def bruno(make_user, course, grant):
    student = make_user(email="valentina@example.com", full_name="Valentina Ruiz")
    grant(student, course)
    return student
