"""Fixtures of the reactions tests: its course (the enrolled `ana` and `bruno` are the
suite's: tests/conftest.py)."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Alfajores de maicena")
