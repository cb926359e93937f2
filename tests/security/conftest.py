"""Security tests that print figures: each test records what it checked, the run prints a table.

`make security-report` runs this package alone; the table is printed at the end of any run
that includes it (so CI shows it for SQLite and for PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from dulcevicio import create_app
from dulcevicio.extensions import db
from tests.security.world import Site, World, build_world

# section -> figure -> value; filled by the tests through the `figures` fixture.
FIGURES: dict[str, dict[str, object]] = defaultdict(dict)


class Figures:
    """Records figures for the report: `figures.set("Authorization matrix", "cells", 812)`."""

    def set(self, section: str, name: str, value: object) -> None:
        FIGURES[section][name] = value

    def add(self, section: str, name: str, amount: int = 1) -> None:
        FIGURES[section][name] = int(FIGURES[section].get(name, 0)) + amount


@pytest.fixture(scope="session")
def figures(database_uri) -> Figures:
    recorder = Figures()
    recorder.set("Database", "dialect", database_uri.split(":", 1)[0])
    return recorder


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    width = max(len(name) for section in FIGURES.values() for name in section)
    terminalreporter.section("security figures")
    for section in sorted(FIGURES):
        terminalreporter.write_line(f"{section}")
        for name, value in FIGURES[section].items():
            terminalreporter.write_line(f"  {name:<{width}}  {value}")


@pytest.fixture
def world(app) -> World:
    """The security suite's world (tests/security/world.py) on `app`."""
    return build_world(app)


@pytest.fixture
def site(world) -> Site:
    return world.site


@pytest.fixture
def production_app_factory(database_uri, tmp_path):
    """Apps with the production configuration on the test database:
    `production_app_factory(WTF_CSRF_ENABLED=False, ...)`."""
    apps = []

    def build(**overrides):
        settings = {
            "SECRET_KEY": "s" * 64,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "BOOK_CACHE_FOLDER": str(tmp_path / "book-cache"),
            "CERTIFICATE_CACHE_FOLDER": str(tmp_path / "certificate-cache"),
            "APP_BASE_URL": "https://cursos.dulcevicio.test",
        }
        apps.append(create_app("production", {**settings, **overrides}))
        return apps[-1]

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()
