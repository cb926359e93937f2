"""Ids in URLs and forms: a row id is 1..MAX_ID; anything else is no row (a 404 or a form
error), never a value the database driver would overflow on."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

from dulcevicio.models import MAX_ID


class IdConverter(IntegerConverter):
    """`<id:name>` in a route: digits naming a possible row, else the URL matches nothing."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def parse_id(value: object) -> int | None:
    """An id sent in a query string or a form field, or None when it cannot be one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    return int(value) if len(value) <= 10 and 0 < int(value) <= MAX_ID else None
