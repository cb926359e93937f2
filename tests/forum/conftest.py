"""Fixtures of the forum tests: its course (the enrolled `ana` and `bruno`, and `admin`, are
the suite's: tests/conftest.py)."""

import pytest


@pytest.fixture
def course(make_course):
    return make_course(title="Pan de masa madre")
