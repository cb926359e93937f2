"""The still image a video shows before it plays (its `poster=`), so a player never opens
on a black frame."""

from __future__ import annotations

from dulcevicio.models import Course, Lesson
from dulcevicio.services.storage import MediaKind, file_url, get_storage
from dulcevicio.services.storage.cloudinary import CloudinaryStorage

# Cloudinary picks a telling frame itself ("so_auto") rather than the first, often black.
CLOUDINARY_POSTER = {"start_offset": "auto", "width": 1280, "crop": "limit", "quality": "auto"}


def poster_url(lesson: Lesson, course: Course | None = None) -> str | None:
    """The lesson's poster: the frame taken at a local upload; else, for a video on
    Cloudinary, the frame Cloudinary derives from it; else the course cover (None when
    there is none). Call it only for a viewer who may watch the lesson: the first two
    follow the lesson's access (signed URLs for Cloudinary)."""
    if lesson.poster_public_id:
        return file_url(MediaKind.POSTER, lesson.poster_public_id)
    storage = get_storage()
    if lesson.video_public_id and isinstance(storage, CloudinaryStorage):
        return _cloudinary_frame(storage, lesson.video_public_id)
    return (course or lesson.course).thumbnail_url


def _cloudinary_frame(storage: CloudinaryStorage, video_public_id: str) -> str:
    storage.configure()
    from cloudinary.utils import cloudinary_url

    url, _options = cloudinary_url(
        video_public_id,
        resource_type="video",
        type=storage.delivery_type(MediaKind.VIDEO),
        sign_url=MediaKind.VIDEO.private,
        format="jpg",
        **CLOUDINARY_POSTER,
    )
    return url
