"""The admin lists' search boxes: a column contains the typed text, ignoring case and
accents on both databases ("PÉREZ" finds "Pérez", "perez" too).

`dulcevicio_fold(text)` is the same folding in SQL as `text.fold` in Python: on SQLite a
function the app registers on each connection (dulcevicio/__init__.py), on PostgreSQL a
SQL function over `unaccent` (migration 0009, models/search.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from dulcevicio.services.search.text import fold
from dulcevicio.text import drop_control_characters


def fold_for_sqlite(value: str | None) -> str | None:
    """`dulcevicio_fold` for SQLite's connections (NULL stays NULL, as in PostgreSQL)."""
    return None if value is None else fold(value)


def folded(expression: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    return sa.func.dulcevicio_fold(expression, type_=sa.String)


def contains_text(columns: Iterable[sa.ColumnElement[str]], text: str | None):
    """SQL: one of `columns` contains `text`, folded (None when nothing was typed). The
    text is taken literally: % and _ are not wildcards."""
    text = " ".join(drop_control_characters(text or "").split())
    if not text:
        return None
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return sa.or_(*(folded(column).like(pattern, escape="\\") for column in columns))
