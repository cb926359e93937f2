"""Fixtures of the reactions tests: a course, two enrolled students, an outsider."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Alfajores de maicena")


@pytest.fixture
def ana(make_user, course, grant):
    student = make_user(email="ana@example.com", full_name="Ana Pérez")
    grant(student, course)
    return student


@pytest.fixture
def bruno(make_user, course, grant):
    student = make_user(email="bruno@example.com", full_name="Bruno Díaz")
    grant(student, course)
    return student
