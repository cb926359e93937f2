"""Finding and deleting stored files that no row uses.

The upload path keeps rows and files consistent while the process lives (see storage), but
some files still end up unused: a worker killed between the upload and the commit, a
Cloudinary upload that timed out here yet finished there, a direct video upload the admin
never confirmed, a delete that failed after a replace. This finds them per folder and
deletes them; files younger than a grace period are left, since an upload in flight has no
row yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import BakePhoto, Course, Lesson, Payment, Recipe, Settings, User, utcnow
from dulcevicio.services.storage.backend import get_storage
from dulcevicio.services.storage.kinds import ListedFile, MediaKind, StorageError

# Where rows keep the public_id of each kind of file (some kinds have several owners).
PUBLIC_ID_COLUMNS = {
    MediaKind.THUMBNAIL: (Course.thumbnail_public_id,),
    MediaKind.AVATAR: (User.avatar_public_id,),
    MediaKind.VIDEO: (Lesson.video_public_id,),
    MediaKind.RECIPE_IMAGE: (Recipe.image_public_id,),
    MediaKind.RECIPE_BOOK: (Course.recipe_pdf_public_id,),
    MediaKind.RECEIPT: (Payment.receipt_public_id,),
    MediaKind.SIGNATURE: (Course.signature_public_id,),
    MediaKind.INSTRUCTOR_PHOTO: (
        Course.instructor_photo_public_id,
        Settings.instructor_photo_public_id,
    ),
    MediaKind.POSTER: (Lesson.poster_public_id,),
    MediaKind.BAKE_PHOTO: (BakePhoto.public_id,),
}


@dataclass(frozen=True)
class UnusedFile:
    kind: MediaKind
    file: ListedFile


@dataclass
class UnusedFilesReport:
    unused: list[UnusedFile] = field(default_factory=list)
    files_seen: int = 0
    # Folders that could not be listed, with the reason; nothing in them is judged unused.
    unreadable: dict[MediaKind, str] = field(default_factory=dict)

    @property
    def unused_bytes(self) -> int:
        return sum(item.file.size for item in self.unused)


def find_unused_files(older_than: timedelta) -> UnusedFilesReport:
    """Stored files that are older than `older_than` and that no row points at."""
    storage = get_storage()
    cutoff = utcnow() - older_than
    report = UnusedFilesReport()
    for kind, columns in PUBLIC_ID_COLUMNS.items():
        try:
            # Listed before the rows are read: a file committed in between is then young,
            # and young files are never judged.
            listed = list(storage.list_files(kind))
        except StorageError as error:
            report.unreadable[kind] = str(error)
            continue
        in_use = {
            public_id
            for column in columns
            for public_id in db.session.scalars(sa.select(column).where(column.is_not(None)))
        }
        report.files_seen += len(listed)
        report.unused.extend(
            UnusedFile(kind, file)
            for file in listed
            if file.owner_id not in in_use and file.stored_at < cutoff
        )
    return report


def delete_files(files: Iterable[UnusedFile]) -> tuple[int, list[tuple[UnusedFile, str]]]:
    """Delete each file; returns how many went and the ones that could not, with why."""
    storage = get_storage()
    deleted, failed = 0, []
    for item in files:
        try:
            storage.delete(item.kind, item.file.public_id)
        except StorageError as error:
            failed.append((item, str(error)))
        else:
            deleted += 1
    return deleted, failed
