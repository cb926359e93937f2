"""The recipe book as each student gets it: stamped with her name, masked e-mail and a code
of its own (recorded with the course, the time and a hash of her address), and tracing a
leaked copy back to that download.

The stampable book (book_stamp.prepare) is kept on this dyno's disk under
BOOK_CACHE_FOLDER, named by the course and the book's version (its storage id), so a new
book makes a new file and a download never rebuilds the book nor fetches it again from
Cloudinary. It is a cache: any dyno rebuilds it from storage when missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from dulcevicio.extensions import db
from dulcevicio.formatting import masked_email
from dulcevicio.models import BookDownload, Course, User
from dulcevicio.services import book_stamp, network, storage
from dulcevicio.services.storage import MediaKind, StorageError

log = logging.getLogger(__name__)

# Crockford's base 32 (no I, L, O, U): 8 characters are 40 bits, read aloud without doubt.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})  # what people type for them
CHUNK = 256 * 1024  # bytes of the book read at a time while sending it
# Per worker: the prepared book's path -> its plan (the file on disk is shared).
_plans: dict[str, book_stamp.StampPlan] = {}


class BookUnavailable(Exception):
    """The course has no book, or its stored file cannot be read or prepared."""


class UnreadableCopy(ValueError):
    """An uploaded file is not a PDF. Spanish message."""


@dataclass
class StampedCopy:
    """A student's copy, ready to send: the prepared book (open) and her appendix."""

    book: BinaryIO
    book_size: int
    appendix: bytes
    download: BookDownload

    @property
    def length(self) -> int:
        return self.book_size + len(self.appendix)

    def chunks(self) -> Iterator[bytes]:
        with self.book:
            while chunk := self.book.read(CHUNK):
                yield chunk
        yield self.appendix


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(text: str | None) -> str | None:
    """`text` as a code ("7kq2 m9xd", "7KQ2M9XD", "7KQ2-M9XD" all read the same), or None
    if it cannot be one."""
    raw = "".join((text or "").upper().split()).replace("-", "").translate(_READ_AS)
    if len(raw) != CODE_LENGTH or any(char not in ALPHABET for char in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def stamped_copy(course: Course, user: User) -> StampedCopy:
    """Record a download of the course's book by `user` (flushes; the caller commits) and
    return her stamped copy. Raises BookUnavailable."""
    path, plan = _prepared(course)
    try:
        book = open(path, "rb")  # noqa: SIM115 (closed by StampedCopy.chunks)
    except OSError as error:  # removed by a newer version meanwhile
        raise BookUnavailable(str(error)) from error
    download = _record(course, user)
    appendix = book_stamp.appendix(
        plan, download.printed_name, download.printed_email, download.code
    )
    return StampedCopy(book, plan.size, appendix, download)


def _record(course: Course, user: User) -> BookDownload:
    """A row with a code no other download has (40 bits: a clash is retried, not feared)."""
    for _attempt in range(5):
        download = BookDownload(
            code=new_code(),
            user=user,
            course=course,
            printed_name=book_stamp.printable(user.display_name)[:200],
            printed_email=masked_email(user.email)[:254],
            ip_hash=network.ip_hash(network.client_ip()),
        )
        try:
            with db.session.begin_nested():
                db.session.add(download)
        except sa.exc.IntegrityError:
            continue
        return download
    raise RuntimeError("no unused book code after 5 attempts")


def _prepared(course: Course) -> tuple[str, book_stamp.StampPlan]:
    """The stampable book of the course's current version, prepared on first use."""
    public_id = course.recipe_pdf_public_id
    if not public_id:
        raise BookUnavailable(course.slug)
    folder = current_app.config["BOOK_CACHE_FOLDER"]
    version = hashlib.sha256(public_id.encode()).hexdigest()[:20]
    path = os.path.join(folder, f"course-{course.id}-{version}.pdf")
    plan = _plans.get(path)
    if plan is not None and _size(path) == plan.size:
        return path, plan
    plan = _read_plan(path)
    if plan is None:
        plan = _prepare(public_id, folder, path)
        _forget_older_versions(folder, course.id, path)
    _plans[path] = plan
    return path, plan


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _read_plan(path: str) -> book_stamp.StampPlan | None:
    try:
        with open(path + ".json", encoding="utf-8") as handle:
            plan = book_stamp.StampPlan.from_json(json.load(handle))
    except (OSError, ValueError, TypeError):
        return None
    return plan if _size(path) == plan.size else None


def _prepare(public_id: str, folder: str, path: str) -> book_stamp.StampPlan:
    try:
        book = storage.get_storage().read(MediaKind.RECIPE_BOOK, public_id)
    except (StorageError, FileNotFoundError) as error:
        raise BookUnavailable(str(error)) from error
    os.makedirs(folder, exist_ok=True)
    # Written under temporary names, then renamed: another worker never sees half a file.
    temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.part"
    try:
        plan = book_stamp.prepare(book, temporary)
        with open(temporary + ".json", "w", encoding="utf-8") as handle:
            json.dump(plan.to_json(), handle)
        os.replace(temporary, path)
        os.replace(temporary + ".json", path + ".json")
    except book_stamp.NotAPdf as error:
        log.error("stored recipe book %s is not a readable PDF: %s", public_id, error)
        raise BookUnavailable(public_id) from error
    finally:
        for leftover in (temporary, temporary + ".json"):
            if os.path.exists(leftover):
                os.remove(leftover)
    return plan


def _forget_older_versions(folder: str, course_id: int, current: str) -> None:
    prefix = f"course-{course_id}-"
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith(prefix) and not path.startswith(current):
            with contextlib.suppress(OSError):
                os.remove(path)  # a download still sending it keeps its open file
            _plans.pop(path, None)


# --- tracing a leaked copy ---------------------------------------------------------------


def trace(code: str) -> BookDownload | None:
    """The download that printed `code` (a normalised code), with its student and course."""
    return db.session.scalar(
        sa.select(BookDownload)
        .where(BookDownload.code == code)
        .options(joinedload(BookDownload.user), joinedload(BookDownload.course))
    )


def code_in_copy(data: bytes) -> str | None:
    """The code stamped on an uploaded copy, normalised; None if it carries none.
    Raises UnreadableCopy when the file is not a PDF."""
    try:
        return normalize_code(book_stamp.read_code(data))
    except book_stamp.NotAPdf as error:
        raise UnreadableCopy("El archivo no es un PDF que podamos leer.") from error


def downloads_of(user: User, limit: int = 20) -> list[BookDownload]:
    """Her latest downloads, newest first (the account page and the trace result)."""
    return list(
        db.session.scalars(
            sa.select(BookDownload)
            .where(BookDownload.user_id == user.id)
            .options(joinedload(BookDownload.course))
            .order_by(BookDownload.downloaded_at.desc(), BookDownload.id.desc())
            .limit(limit)
        )
    )
