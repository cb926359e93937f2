"""Fixtures of the bakes tests: a course with a recipe (the enrolled `ana`, who posts, and
`bruno`, who comments, are the suite's: tests/conftest.py)."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Tartas de otoño")


@pytest.fixture
def recipe(make_recipe, course):
    return make_recipe(course, "Tarta de manzana", 1)
