"""Admin order of courses, lessons and recipes: positions 1..n, moved one step at a time."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from dulcevicio.extensions import db

UP, DOWN = -1, 1


def next_position(model: Any, *criteria: sa.ColumnElement[bool]) -> int:
    """The position after the last one among the rows matching `criteria`."""
    last = db.session.scalar(sa.select(sa.func.max(model.position)).where(*criteria))
    return (last or 0) + 1


def siblings(model: Any, *criteria: sa.ColumnElement[bool]) -> list[Any]:
    """The rows that share an order (one course's lessons, all courses), in that order."""
    query = sa.select(model).where(*criteria).order_by(model.position, model.id)
    return list(db.session.scalars(query))


def renumber(items: list[Any]) -> None:
    """Positions 1..n in list order, touching only the rows that change."""
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def move(item: Any, items: list[Any], step: int) -> bool:
    """Swap `item` with its neighbour (`UP` or `DOWN`); False when already at that end."""
    index = items.index(item)
    target = index + step
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    renumber(items)
    db.session.flush()
    return True
