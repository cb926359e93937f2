"""Fixtures of the forum tests: a course, two enrolled students and an admin."""

import pytest

from dulcevicio.models import Role


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


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Repostera")
