"""Fixtures of the notifications tests: a course, two enrolled students."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Alfajores de maicena", lessons=2)


@pytest.fixture
def ana(make_user, course, grant):
    student = make_user(email="ana@example.com", full_name="Ana Pérez")
    grant(student, course)
    return student


@pytest.fixture
def bruno(make_user, course, grant):
    student = make_user(email="valentina@example.com", full_name="Valentina Ruiz")
    grant(student, course)
    return student
