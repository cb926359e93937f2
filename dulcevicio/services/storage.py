"""Media storage: Cloudinary when CLOUDINARY_URL is set, else files under instance/uploads.

One interface (save, delete, delivery URL, read) over both backends. Files are written
before the row that points at them, and the database session keeps the two consistent:
- a rollback (or a session that ends without committing) deletes what it uploaded;
- a commit deletes the files that the committed change replaced or orphaned.
"""

from __future__ import annotations

import enum
import io
import logging
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

import sqlalchemy as sa
from flask import Flask, current_app
from werkzeug.security import safe_join

from dulcevicio.extensions import db

log = logging.getLogger(__name__)

LOCAL_URL_PREFIX = "/media/"
# Smaller renditions of stored images that pages may ask for (galleries, thumbnails).
IMAGE_WIDTHS = (300, 600)


class MediaKind(enum.Enum):
    """What a file is: its folder, Cloudinary resource type and whether it is paid content."""

    THUMBNAIL = ("thumbnails", "image", False, "jpg")
    AVATAR = ("avatars", "image", False, "jpg")
    VIDEO = ("videos", "video", True, None)
    RECIPE_IMAGE = ("recipes", "image", True, "jpg")
    RECIPE_BOOK = ("books", "raw", True, "pdf")

    def __init__(self, folder: str, resource_type: str, private: bool, extension: str | None):
        self.folder = folder
        self.resource_type = resource_type
        self.private = private
        self.extension = extension

    @classmethod
    def from_folder(cls, folder: str) -> MediaKind | None:
        return next((kind for kind in cls if kind.folder == folder), None)


VIDEO_FORMATS = ("mp4", "mov", "webm")
Data = bytes | bytearray | BinaryIO


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
    def save(self, data: Data, kind: MediaKind, extension: str) -> StoredFile: ...
    def delete(self, kind: MediaKind, public_id: str) -> None: ...
    def delivery_url(self, kind: MediaKind, public_id: str, width: int | None = None) -> str: ...
    def read(self, kind: MediaKind, public_id: str) -> bytes: ...
    def list_files(self, kind: MediaKind) -> Iterator[ListedFile]: ...


class LocalStorage:
    """Files under instance/uploads/, served only through the access-checked media route."""

    def __init__(self, root: str):
        self.root = root

    def path(self, public_id: str) -> str | None:
        """Absolute path of a stored file, or None for anything outside the uploads folder."""
        return safe_join(self.root, public_id)

    def save(self, data: Data, kind: MediaKind, extension: str) -> StoredFile:
        public_id = f"{kind.folder}/{uuid.uuid4().hex}.{extension}"
        final = self.path(public_id)
        partial = f"{final}.part"
        try:
            os.makedirs(os.path.dirname(final), exist_ok=True)
            with open(partial, "wb") as output:
                if isinstance(data, bytes | bytearray):
                    output.write(data)
                else:
                    while chunk := data.read(1024 * 1024):
                        output.write(chunk)
            os.replace(partial, final)  # atomic: readers never see half a file
        except OSError as error:
            _remove_quietly(partial)
            log.error("local storage write failed for %s: %s", public_id, error)
            raise StorageError("No pudimos guardar el archivo en el servidor.") from error
        return StoredFile(public_id=public_id, url=LOCAL_URL_PREFIX + public_id)

    def delete(self, kind: MediaKind, public_id: str) -> None:
        path = self.path(public_id)
        if path is None:
            return
        try:
            os.remove(path)
        except FileNotFoundError:
            pass  # already gone, which is all we wanted
        except OSError as error:
            raise StorageError("No pudimos borrar el archivo del servidor.") from error
        for width in IMAGE_WIDTHS:
            _remove_quietly(self.variant_path(path, width))

    def delivery_url(self, kind: MediaKind, public_id: str, width: int | None = None) -> str:
        url = LOCAL_URL_PREFIX + public_id
        return (
            f"{url}?w={width}" if width in IMAGE_WIDTHS and kind.resource_type == "image" else url
        )

    @staticmethod
    def variant_path(path: str, width: int) -> str:
        return f"{path}.w{width}.jpg"

    # A smaller copy made by `variant` (or one being written) belongs to its original.
    VARIANT_NAME = re.compile(r"(?P<original>.+)\.w\d+\.jpg(\.[0-9a-f]{32}\.part)?")

    def list_files(self, kind: MediaKind) -> Iterator[ListedFile]:
        try:
            entries = os.scandir(os.path.join(self.root, kind.folder))
        except FileNotFoundError:
            return
        with entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                variant = self.VARIANT_NAME.fullmatch(entry.name)
                stat = entry.stat(follow_symlinks=False)
                yield ListedFile(
                    public_id=f"{kind.folder}/{entry.name}",
                    owner_id=f"{kind.folder}/{variant['original'] if variant else entry.name}",
                    stored_at=datetime.fromtimestamp(stat.st_mtime, UTC),
                    size=stat.st_size,
                )

    def variant(self, public_id: str, width: int) -> str | None:
        """Path of a `width`-px-wide copy of a stored image, made on first request."""
        from dulcevicio.services.images import ImageRejected, resized_jpeg

        path = self.path(public_id)
        if path is None or width not in IMAGE_WIDTHS or not os.path.exists(path):
            return None
        variant = self.variant_path(path, width)
        if not os.path.exists(variant):
            try:
                with open(path, "rb") as original:
                    data = resized_jpeg(original.read(), width)
                partial = f"{variant}.{uuid.uuid4().hex}.part"
                with open(partial, "wb") as output:
                    output.write(data)
                os.replace(partial, variant)
            except (OSError, ImageRejected) as error:
                log.warning("could not make a %spx copy of %s: %s", width, public_id, error)
                return path  # the original still shows the picture
        return variant

    def read(self, kind: MediaKind, public_id: str) -> bytes:
        path = self.path(public_id)
        try:
            with open(path, "rb") as stored:  # type: ignore[arg-type]
                return stored.read()
        except (OSError, TypeError) as error:
            raise StorageError("No encontramos el archivo guardado.") from error


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        return  # already gone, which is all we wanted
    except OSError as error:
        log.warning("could not remove %s: %s", path, error)


@dataclass(frozen=True)
class CloudinaryAccount:
    cloud_name: str
    api_key: str
    api_secret: str
    # Further SDK settings given as query parameters of CLOUDINARY_URL, as the SDK accepts
    # them (e.g. upload_prefix, cname, secure): tests point both hosts at a local stand-in.
    options: tuple[tuple[str, str | bool], ...] = ()

    @classmethod
    def from_url(cls, url: str) -> CloudinaryAccount:
        """Parse `cloudinary://key:secret@cloud?option=value` (the SDK's own format)."""
        parts = urlsplit(url)
        if parts.scheme != "cloudinary" or not (parts.username and parts.password):
            raise ValueError("CLOUDINARY_URL must look like cloudinary://key:secret@cloud_name")
        options = tuple(
            (key, {"true": True, "false": False}.get(value.lower(), value))
            for key, value in parse_qsl(parts.query)
        )
        return cls(
            cloud_name=parts.hostname or "",
            api_key=unquote(parts.username),
            api_secret=unquote(parts.password),
            options=options,
        )

    @property
    def settings(self) -> dict:
        return {
            "cloud_name": self.cloud_name,
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "secure": True,
            **dict(self.options),
        }

    @property
    def api_origin(self) -> str:
        """Where browsers send direct uploads."""
        return _origin(self.settings.get("upload_prefix") or "https://api.cloudinary.com")

    @property
    def delivery_origin(self) -> str:
        """Where browsers load delivered media from."""
        settings = self.settings
        if settings.get("cname"):
            return f"{'https' if settings['secure'] else 'http'}://{settings['cname']}"
        return "https://res.cloudinary.com"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class CloudinaryStorage:
    """Cloudinary through its SDK; paid content is `type="authenticated"`, signed on delivery."""

    def __init__(self, account: CloudinaryAccount, timeout: float):
        self.account = account
        self.timeout = timeout

    def configure(self) -> None:
        """Point the SDK (whose configuration is global) at this app's account."""
        import cloudinary  # imported lazily: web workers that never upload do not pay for it

        cloudinary.config(**self.account.settings)

    @staticmethod
    def folder(kind: MediaKind) -> str:
        parent = "dulcevicio" if kind is MediaKind.AVATAR else "dulcevicio/courses"
        return f"{parent}/{kind.folder}"

    @staticmethod
    def delivery_type(kind: MediaKind) -> str:
        return "authenticated" if kind.private else "upload"

    @staticmethod
    def allowed_formats(kind: MediaKind) -> list[str]:
        return list(VIDEO_FORMATS) if kind is MediaKind.VIDEO else [kind.extension]

    def save(self, data: Data, kind: MediaKind, extension: str) -> StoredFile:
        self.configure()
        import cloudinary.uploader

        # Raw files keep their extension in the public_id; images and videos do not.
        name = uuid.uuid4().hex + (f".{extension}" if kind.resource_type == "raw" else "")
        try:
            answer = cloudinary.uploader.upload(
                io.BytesIO(data) if isinstance(data, bytearray) else data,
                folder=self.folder(kind),
                public_id=name,
                resource_type=kind.resource_type,
                type=self.delivery_type(kind),
                allowed_formats=self.allowed_formats(kind),
                overwrite=False,
                timeout=self.timeout,
            )
        except Exception as error:  # the SDK raises its own Error, urllib3 or socket errors
            log.error("Cloudinary upload failed: %s", error)
            raise StorageError("Cloudinary no aceptó el archivo. Inténtalo de nuevo.") from error
        return StoredFile(
            public_id=answer["public_id"],
            url=answer["secure_url"],
            duration_seconds=answer.get("duration"),
        )

    def delete(self, kind: MediaKind, public_id: str) -> None:
        self.configure()
        import cloudinary.uploader

        try:
            cloudinary.uploader.destroy(
                public_id,
                resource_type=kind.resource_type,
                type=self.delivery_type(kind),
                invalidate=True,
                timeout=self.timeout,
            )
        except Exception as error:
            raise StorageError("No pudimos borrar el archivo en Cloudinary.") from error

    def delivery_url(self, kind: MediaKind, public_id: str, width: int | None = None) -> str:
        self.configure()
        from cloudinary.utils import cloudinary_url

        resize = {}
        if width in IMAGE_WIDTHS and kind.resource_type == "image":
            resize = {"width": width, "crop": "limit", "quality": "auto"}
        url, _options = cloudinary_url(
            public_id,
            resource_type=kind.resource_type,
            type=self.delivery_type(kind),
            sign_url=kind.private,
            format=kind.extension if kind.resource_type == "image" else None,
            **resize,
        )
        return url

    def read(self, kind: MediaKind, public_id: str) -> bytes:
        import urllib3

        try:
            response = urllib3.request(
                "GET", self.delivery_url(kind, public_id), timeout=self.timeout
            )
        except urllib3.exceptions.HTTPError as error:
            raise StorageError("No pudimos descargar el archivo de Cloudinary.") from error
        if response.status != 200:
            raise StorageError("No pudimos descargar el archivo de Cloudinary.")
        return response.data

    def list_files(self, kind: MediaKind) -> Iterator[ListedFile]:
        """Every asset in the kind's folder, through the Admin API (500 a call: that API
        is rate-limited per hour, so pages are as large as it allows)."""
        self.configure()
        import cloudinary.api

        cursor = None
        while True:
            try:
                page = cloudinary.api.resources(
                    resource_type=kind.resource_type,
                    type=self.delivery_type(kind),
                    prefix=f"{self.folder(kind)}/",
                    max_results=500,
                    next_cursor=cursor,
                    timeout=self.timeout,
                )
            except Exception as error:
                log.error("Cloudinary listing failed: %s", error)
                raise StorageError("No pudimos listar los archivos de Cloudinary.") from error
            for asset in page.get("resources", []):
                yield ListedFile(
                    public_id=asset["public_id"],
                    owner_id=asset["public_id"],
                    stored_at=datetime.fromisoformat(asset["created_at"]),
                    size=int(asset.get("bytes") or 0),
                )
            cursor = page.get("next_cursor")
            if not cursor:
                return


def get_storage(app: Flask | None = None) -> Storage:
    """The app's storage backend (created once per app)."""
    app = app or current_app
    storage = app.extensions.get("dulcevicio_storage")
    if storage is None:
        if app.config.get("CLOUDINARY_URL"):
            storage = CloudinaryStorage(
                CloudinaryAccount.from_url(app.config["CLOUDINARY_URL"]),
                timeout=app.config["CLOUDINARY_TIMEOUT_SECONDS"],
            )
        else:
            storage = LocalStorage(app.config["UPLOAD_FOLDER"])
        app.extensions["dulcevicio_storage"] = storage
    return storage


def file_url(kind: MediaKind, public_id: str | None, width: int | None = None) -> str | None:
    """Where the viewer's browser gets a stored file (None when there is none).

    Call it only after the access rule said yes: for paid content it is a signed URL.
    """
    return get_storage().delivery_url(kind, public_id, width=width) if public_id else None


# --- Keeping files and rows consistent ------------------------------------------------

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
