"""The app's storage backend: Cloudinary when CLOUDINARY_URL is set, else local files."""

from __future__ import annotations

from flask import Flask, current_app

from dulcevicio.services.storage.cloudinary import CloudinaryAccount, CloudinaryStorage
from dulcevicio.services.storage.kinds import MediaKind, Storage
from dulcevicio.services.storage.local import LocalStorage

EXTENSION_KEY = "dulcevicio_storage"


def get_storage(app: Flask | None = None) -> Storage:
    """The app's storage backend (created once per app)."""
    app = app or current_app
    storage = app.extensions.get(EXTENSION_KEY)
    if storage is None:
        if app.config.get("CLOUDINARY_URL"):
            storage = CloudinaryStorage(
                CloudinaryAccount.from_url(app.config["CLOUDINARY_URL"]),
                timeout=app.config["CLOUDINARY_TIMEOUT_SECONDS"],
            )
        else:
            storage = LocalStorage(app.config["UPLOAD_FOLDER"])
        app.extensions[EXTENSION_KEY] = storage
    return storage


def file_url(kind: MediaKind, public_id: str | None, width: int | None = None) -> str | None:
    """Where the viewer's browser gets a stored file (None when there is none).

    Call it only after the access rule said yes: for paid content it is a signed URL.
    """
    return get_storage().delivery_url(kind, public_id, width=width) if public_id else None
