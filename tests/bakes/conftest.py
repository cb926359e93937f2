"""Fixtures of the bakes tests: a course with a recipe and two enrolled students."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Tartas de otoño")


@pytest.fixture
def recipe(make_recipe, course):
    return make_recipe(course, "Tarta de manzana", 1)


@pytest.fixture
def ana(make_user, course, grant):
    """An enrolled student, who posts bakes."""
    student = make_user(email="ana@example.com", full_name="Ana Pérez")
    grant(student, course)
    return student


@pytest.fixture
def bruno(make_user, course, grant):
    """Another enrolled student, who comments."""
    student = make_user(email="bruno@example.com", full_name="Bruno Díaz")
    grant(student, course)
    return student
