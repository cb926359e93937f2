"""Fixtures of the search tests: one app per module on the test database.

Each module builds its content once (a corpus, the authorization matrix's world) and asks
many questions of it, so the app lives as long as the module and the tables are emptied
when the module ends, as `app_factory` does after each test.
"""

from __future__ import annotations

import pytest

from dulcevicio import create_app
from dulcevicio.extensions import db


@pytest.fixture(scope="module")
def search_app(_schema, database_uri, tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "BOOK_CACHE_FOLDER": str(folder / "book-cache"),
            "CERTIFICATE_CACHE_FOLDER": str(folder / "certificate-cache"),
            # Each module asks for many suggestions from one address.
            "RATELIMIT_SEARCH_SUGGESTIONS": "100000 per minute",
        },
    )
    yield app
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.engine.dispose()
