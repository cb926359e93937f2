"""Lesson videos uploaded by the browser straight to Cloudinary: no video byte hits the dyno.

The server chooses everything that matters (folder, public_id, delivery type, formats) and
signs it; the browser only adds the file. Cloudinary's answer is trusted only after its
signature checks out and its public_id is the one issued for this lesson.
"""

from __future__ import annotations

import math
import time
import uuid

from flask import current_app

from dulcevicio.extensions import db
from dulcevicio.models import Lesson
from dulcevicio.services.media.uploads import UploadRejected
from dulcevicio.services.storage import (
    VIDEO_FORMATS,
    MediaKind,
    delete_after_commit,
    get_storage,
)
from dulcevicio.services.storage.cloudinary import CloudinaryStorage

MAX_DURATION_SECONDS = 24 * 3600


class DirectUploadUnavailable(Exception):
    """Cloudinary is not configured: videos go through the ordinary form."""


def cloudinary_storage() -> CloudinaryStorage:
    storage = get_storage()
    if not storage.browser_uploads:
        raise DirectUploadUnavailable()
    return storage  # the backend that takes browser uploads is Cloudinary


def _public_id_prefix(lesson: Lesson) -> str:
    return f"{CloudinaryStorage.folder(MediaKind.VIDEO)}/lesson-{lesson.id}-"


def video_upload_ticket(lesson: Lesson) -> dict:
    """Signed parameters for one browser upload of this lesson's video (valid one hour)."""
    storage = cloudinary_storage()
    storage.configure()
    import cloudinary.utils

    account = storage.account
    params = {
        "timestamp": int(time.time()),
        "folder": CloudinaryStorage.folder(MediaKind.VIDEO),
        "public_id": f"lesson-{lesson.id}-{uuid.uuid4().hex[:16]}",
        "type": CloudinaryStorage.delivery_type(MediaKind.VIDEO),
        "allowed_formats": ",".join(VIDEO_FORMATS),
    }
    signature = cloudinary.utils.api_sign_request(params, account.api_secret)
    upload_url = cloudinary.utils.cloudinary_api_url("upload", resource_type="video")
    return {
        "upload_url": upload_url,
        "fields": {**params, "api_key": account.api_key, "signature": signature},
        "chunk_size": current_app.config["CLOUDINARY_CHUNK_SIZE"],
        "chunked_above": current_app.config["CLOUDINARY_CHUNKED_ABOVE"],
    }


def attach_uploaded_video(lesson: Lesson, answer: object) -> None:
    """Save Cloudinary's answer on the lesson, after verifying its signature (flushes)."""
    storage = cloudinary_storage()
    storage.configure()
    import cloudinary.utils

    if not isinstance(answer, dict):
        raise UploadRejected("La respuesta de Cloudinary no es válida.")
    public_id, version, signature = (
        answer.get(key) for key in ("public_id", "version", "signature")
    )
    if not (isinstance(public_id, str) and isinstance(signature, str)):
        raise UploadRejected("La respuesta de Cloudinary no es válida.")
    if not isinstance(version, int | str) or not str(version).isdigit():
        raise UploadRejected("La respuesta de Cloudinary no es válida.")
    if not public_id.startswith(_public_id_prefix(lesson)):
        raise UploadRejected("El video subido no corresponde a esta lección.")
    if not cloudinary.utils.verify_api_response_signature(public_id, version, signature):
        raise UploadRejected("La firma de Cloudinary no es válida; no guardamos el video.")

    delete_after_commit(MediaKind.VIDEO, lesson.video_public_id)
    # A frame taken from an earlier local video would show the wrong picture; Cloudinary
    # derives the poster of its own videos (services/media/posters.py).
    delete_after_commit(MediaKind.POSTER, lesson.poster_public_id)
    lesson.poster_public_id = None
    lesson.video_public_id = public_id
    # The answer's URL is not covered by the signature: build our own from the public_id.
    lesson.video_url = storage.delivery_url(MediaKind.VIDEO, public_id)
    duration = answer.get("duration")
    if isinstance(duration, int | float) and 0 < duration < MAX_DURATION_SECONDS:
        lesson.video_duration_seconds = math.ceil(duration)
    db.session.flush()
