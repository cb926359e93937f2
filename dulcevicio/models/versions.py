"""Versions of what workers keep in memory: one counter per kind of content."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dulcevicio.models.base import Base

SEARCH = "search"  # the search index (services/search)
PUBLIC_PAGES = "public_pages"  # what visitors see (services/public_pages.py)
NAMES = (SEARCH, PUBLIC_PAGES)


class ContentVersion(Base):
    """A counter raised in the transaction of every change to its kind of content (the
    search index, the public pages), so that what any worker of any dyno computed under an
    older value is known to be stale. `services.versions` reads and raises them."""

    __tablename__ = "content_versions"

    name: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


@sa.event.listens_for(ContentVersion.__table__, "after_create")
def _insert_every_name(target: sa.Table, connection: sa.Connection, **_kw) -> None:
    """A schema made from the models (the tests') starts with every row, as migrated ones."""
    connection.execute(sa.insert(target), [{"name": name, "version": 0} for name in NAMES])
