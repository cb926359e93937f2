"""Keeping stored files consistent with the rows that point at them.

Files are written before the row that points at them, and the database session keeps the
two consistent:
- a rollback (or a session that ends without committing) deletes what it uploaded;
- a commit deletes the files that the committed change replaced or orphaned.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.services.storage.backend import get_storage
from dulcevicio.services.storage.kinds import Data, MediaKind, StorageError, StoredFile

log = logging.getLogger(__name__)

UPLOADED = "dulcevicio_uploaded_files"
REPLACED = "dulcevicio_replaced_files"


def save_file(data: Data, kind: MediaKind, extension: str) -> StoredFile:
    """Store a file for a row the current transaction is about to write.

    If the transaction does not commit, the file is deleted again.
    """
    stored = get_storage().save(data, kind, extension)
    db.session.info.setdefault(UPLOADED, []).append((kind, stored.public_id))
    return stored


def delete_after_commit(kind: MediaKind, public_id: str | None) -> None:
    """Delete a file once the change that stops using it has committed (not before)."""
    if public_id:
        db.session.info.setdefault(REPLACED, []).append((kind, public_id))


def _delete_all(files: list[tuple[MediaKind, str]]) -> None:
    storage = get_storage()
    for kind, public_id in files:
        try:
            storage.delete(kind, public_id)
        except StorageError as error:
            # The database is already right; an orphan file only costs space. Say so.
            log.warning("orphan file left in storage: %s (%s)", public_id, error)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _after_commit(session: sa.orm.Session) -> None:
    session.info.pop(UPLOADED, None)
    replaced = session.info.pop(REPLACED, [])
    if replaced:
        _delete_all(replaced)


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _after_rollback(session: sa.orm.Session, previous_transaction) -> None:
    if previous_transaction.parent is not None:
        return  # a savepoint; the outer transaction decides
    session.info.pop(REPLACED, None)
    uploaded = session.info.pop(UPLOADED, [])
    if uploaded:
        _delete_all(uploaded)


def discard_uncommitted_uploads(_exception: BaseException | None = None) -> None:
    """At the end of a request or command, drop files whose rows never committed."""
    uploaded = db.session.info.pop(UPLOADED, [])
    db.session.info.pop(REPLACED, None)
    if uploaded:
        _delete_all(uploaded)
