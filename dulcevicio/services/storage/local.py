"""Local storage: files under instance/uploads/, served only through access-checked routes."""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import Response, send_file
from werkzeug.security import safe_join

from dulcevicio.services.storage.kinds import (
    IMAGE_WIDTHS,
    Data,
    ListedFile,
    MediaKind,
    StorageError,
    StoredFile,
)

log = logging.getLogger(__name__)

LOCAL_URL_PREFIX = "/media/"
# A key is new for every upload (a replaced file gets a new key, so a new URL) and the bytes
# under a key never change: a browser may keep a file as long as it likes.
MAX_AGE = 365 * 24 * 3600
# Paid files a student's browser keeps (`private`: no shared cache may) so that she does
# not download them twice. Receipts are the team's and books are stamped per download:
# those, like every page, are never stored.
KEPT_BY_THE_BROWSER = frozenset(
    {MediaKind.RECIPE_IMAGE, MediaKind.POSTER, MediaKind.VIDEO, MediaKind.BAKE_PHOTO}
)


class LocalStorage:
    """Files under instance/uploads/, served only through the access-checked media route."""

    browser_uploads = False
    reads_over_network = False

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

    def send(
        self,
        kind: MediaKind,
        public_id: str,
        *,
        width: int | None = None,
        download_name: str | None = None,
    ) -> Response:
        """The file itself (or its `width`-px copy), with ranges and ETag (304s).

        Public files are cached by anyone for good; paid images and videos by the
        viewer's browser only (the access rule already said yes to her); receipts and books
        get no-store like every page (security.keep_out_of_caches)."""
        path = self.path(public_id)
        if path is not None and width is not None:
            path = self.variant(public_id, width)
        if path is None:
            raise FileNotFoundError(public_id)
        response = send_file(
            path,
            conditional=True,
            max_age=None if kind.private else MAX_AGE,
            as_attachment=download_name is not None,
            download_name=download_name,
        )
        if not kind.private or kind in KEPT_BY_THE_BROWSER:
            cache = response.cache_control
            cache.no_cache = None
            cache.private = kind.private or None
            cache.max_age = MAX_AGE
            cache.immutable = True  # not even revalidated on reload: the key never changes
        else:
            response.headers["Cache-Control"] = "no-store"
        return response

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
        from dulcevicio.services.media.images import ImageRejected, resized_jpeg

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

    def read(self, kind: MediaKind, public_id: str, width: int | None = None) -> bytes:
        """The stored file itself: reading the local original costs less than resizing it,
        so `width` is ignored."""
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
