"""Hot statements: built once per process, run with bound parameters.

Every page runs a few statements (the user by session token, the access rule, a course with
its lessons, the forum's threads). Building a SQLAlchemy statement with its loader options
costs more than running it on these small indexed queries, so a statement on the hot path
is built by a function marked `@prepared`, from bind parameters, and run with values:

    @prepared
    def _course_by_slug() -> sa.Select:
        return sa.select(Course).where(Course.slug == sa.bindparam("slug"))

    db.session.scalars(_course_by_slug(), {"slug": slug})

Arguments of a prepared function pick among variants (who views, which loader options);
values always go in as parameters. Statements off the hot path (admin lists, forms,
commands) are written inline as plain code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import lazyload

from dulcevicio.extensions import db
from dulcevicio.models.base import UTCDateTime

Built = TypeVar("Built", bound=Callable)


def prepared(build: Built) -> Built:
    """Build the statement on the first call (per arguments) and reuse it after."""
    return cache(build)  # type: ignore[return-value]


def instant(name: str) -> sa.BindParameter:
    """A bind parameter for an aware UTC datetime (`now`, `until`), typed like the columns."""
    return sa.bindparam(name, type_=UTCDateTime())


@dataclass(frozen=True)
class Paged:
    """A list statement made ready for pages: `rows` takes the parameters `limit` and
    `offset` besides its own, `count` counts every row."""

    rows: sa.Select
    count: sa.Select

    @classmethod
    def of(cls, select: sa.Select) -> Paged:
        counted = select.options(lazyload("*")).order_by(None).subquery()
        return cls(
            rows=select.limit(sa.bindparam("limit")).offset(sa.bindparam("offset")),
            count=sa.select(sa.func.count()).select_from(counted),
        )


class _PagedPagination(Pagination):
    def _query_items(self) -> list[Any]:
        paged, parameters = self._query_args["paged"], self._query_args["parameters"]
        values = {**parameters, "limit": self.per_page, "offset": self._query_offset}
        return list(db.session.scalars(paged.rows, values).unique())

    def _query_count(self) -> int:
        paged, parameters = self._query_args["paged"], self._query_args["parameters"]
        return db.session.scalar(paged.count, parameters)


def paginate(paged: Paged, parameters: dict, *, page: int, per_page: int) -> Pagination:
    """Page `page` of a prepared list (out-of-range pages are empty, not an error)."""
    return _PagedPagination(
        page=page,
        per_page=per_page,
        max_per_page=None,
        error_out=False,
        paged=paged,
        parameters=parameters,
    )


class _FetchedPagination(Pagination):
    def _query_items(self) -> list[Any]:
        fetch = self._query_args["fetch"]
        items, self._total = fetch(self._query_offset, self.per_page)
        return items

    def _query_count(self) -> int:
        return self._total


def paginate_fetched(
    fetch: Callable[[int, int], tuple[list, int]], *, page: int, per_page: int
) -> Pagination:
    """Page `page` of a list no single statement pages: `fetch(offset, limit)` returns the
    page's items and the list's total."""
    return _FetchedPagination(
        page=page, per_page=per_page, max_per_page=None, error_out=False, fetch=fetch
    )
