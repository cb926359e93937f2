"""What a stored file is (its kind) and what every storage backend promises."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol

from flask import Response

# Smaller renditions of stored images that pages may ask for (galleries, thumbnails).
IMAGE_WIDTHS = (300, 600)
# The width the recipe book reads recipe photos at: it prints them at most 174 mm wide
# (A4 less margins), so 1200 px is ~175 dpi, and a Cloudinary rebuild downloads a rendition
# of a few hundred KB instead of the stored ~2000 px original.
BOOK_IMAGE_WIDTH = 1200
VIDEO_FORMATS = ("mp4", "mov", "webm")
Data = bytes | bytearray | BinaryIO


class MediaKind(enum.Enum):
    """What a file is: its folder, Cloudinary resource type and whether it is paid content."""

    THUMBNAIL = ("thumbnails", "image", False, "jpg")
    AVATAR = ("avatars", "image", False, "jpg")
    VIDEO = ("videos", "video", True, None)
    RECIPE_IMAGE = ("recipes", "image", True, "jpg")
    RECIPE_BOOK = ("books", "raw", True, "pdf")
    RECEIPT = ("receipts", "image", True, "jpg")  # payment receipts: admins only
    SIGNATURE = ("signatures", "image", False, "png")  # on certificates, which are public
    INSTRUCTOR_PHOTO = ("instructors", "image", False, "jpg")  # on public course pages
    POSTER = ("posters", "image", True, "jpg")  # a local video's frame: the lesson's access
    BAKE_PHOTO = ("bakes", "image", True, "jpg")  # students' bakes: the course's access

    def __init__(self, folder: str, resource_type: str, private: bool, extension: str | None):
        self.folder = folder
        self.resource_type = resource_type
        self.private = private
        self.extension = extension

    @classmethod
    def from_folder(cls, folder: str) -> MediaKind | None:
        return next((kind for kind in cls if kind.folder == folder), None)


class StorageError(Exception):
    """Storing or removing a file failed; the message is for the admin (Spanish)."""


@dataclass(frozen=True)
class StoredFile:
    public_id: str  # the storage key: a local path under uploads/ or a Cloudinary public_id
    url: str  # what the row keeps: the media route path, or Cloudinary's secure URL
    duration_seconds: float | None = None


@dataclass(frozen=True)
class ListedFile:
    """A file found in storage, for the clean-up of files no row uses."""

    public_id: str  # what `delete` takes
    owner_id: str  # the public_id a row would hold (differs for a local image's copies)
    stored_at: datetime
    size: int


class Storage(Protocol):
    # Whether the browser uploads videos straight to the storage (no video byte on the dyno).
    browser_uploads: bool
    # Whether `read` goes over the network (then reads are made concurrently and cached).
    reads_over_network: bool

    def save(self, data: Data, kind: MediaKind, extension: str) -> StoredFile: ...
    def delete(self, kind: MediaKind, public_id: str) -> None: ...
    def delivery_url(self, kind: MediaKind, public_id: str, width: int | None = None) -> str: ...
    def send(
        self,
        kind: MediaKind,
        public_id: str,
        *,
        width: int | None = None,
        download_name: str | None = None,
    ) -> Response:
        """The response that gets a stored file to the browser, once the access rule said
        yes; a file that is not there is a 404."""
        ...

    def read(self, kind: MediaKind, public_id: str, width: int | None = None) -> bytes:
        """A stored file's bytes; for an image, `width` (IMAGE_WIDTHS or BOOK_IMAGE_WIDTH)
        asks for a rendition no wider than that where the backend makes them cheaply."""
        ...

    def list_files(self, kind: MediaKind) -> Iterator[ListedFile]: ...
