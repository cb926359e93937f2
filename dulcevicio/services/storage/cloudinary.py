"""Cloudinary storage through its SDK; paid content is `type="authenticated"`, signed on
delivery. The SDK is imported on first use: web workers that never upload do not pay for it.
"""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, unquote, urlsplit

from flask import Response, redirect

from dulcevicio.services.storage.kinds import (
    BOOK_IMAGE_WIDTH,
    IMAGE_WIDTHS,
    VIDEO_FORMATS,
    Data,
    ListedFile,
    MediaKind,
    StorageError,
    StoredFile,
)

log = logging.getLogger(__name__)


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

    browser_uploads = True
    reads_over_network = True

    def __init__(self, account: CloudinaryAccount, timeout: float):
        self.account = account
        self.timeout = timeout

    def configure(self) -> None:
        """Point the SDK (whose configuration is global) at this app's account."""
        import cloudinary

        cloudinary.config(**self.account.settings)

    @staticmethod
    def folder(kind: MediaKind) -> str:
        # Course content under courses/; people's files (avatars, receipts) beside it.
        people = (MediaKind.AVATAR, MediaKind.RECEIPT)
        parent = "dulcevicio" if kind in people else "dulcevicio/courses"
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
        if width in (*IMAGE_WIDTHS, BOOK_IMAGE_WIDTH) and kind.resource_type == "image":
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

    def send(
        self,
        kind: MediaKind,
        public_id: str,
        *,
        width: int | None = None,
        download_name: str | None = None,
    ) -> Response:
        """A redirect to the (signed) delivery URL: the file never passes through the dyno.
        Keys this backend never issues (outside the kind's folder) are not there."""
        if not public_id.startswith(f"{self.folder(kind)}/"):
            raise FileNotFoundError(public_id)
        return redirect(self.delivery_url(kind, public_id, width))

    def read(self, kind: MediaKind, public_id: str, width: int | None = None) -> bytes:
        """Download a file (an image's rendition at `width`: Cloudinary resizes it).
        Thread-safe: urllib3's module-level pool is shared by the book's reading threads."""
        import urllib3

        try:
            response = urllib3.request(
                "GET", self.delivery_url(kind, public_id, width), timeout=self.timeout
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
