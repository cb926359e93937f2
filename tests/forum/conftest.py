"""Fixtures of the forum tests: a course and two enrolled students (and the suite's `admin`)."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Pan de masa madre")


@pytest.fixture
def ana(make_user, course, grant):
    """An enrolled student."""
    student = make_user(email="ana@example.com", full_name="Ana Pérez")
    grant(student, course)
    return student


@pytest.fixture
def bruno(make_user, course, grant):
    """Another enrolled student."""
    student = make_user(email="bruno@example.com", full_name="Bruno Díaz")
    grant(student, course)
    return student
