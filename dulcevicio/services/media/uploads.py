"""Uploads that pass through the server: covers, avatars, recipe images, local videos.

Each use case validates the file, stores it, points the row at it and schedules the old
file for deletion after the commit. Nothing is stored before validation passes, and a
storage failure raises before any row changes. Functions flush; callers commit.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from typing import BinaryIO

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.formatting import clock
from dulcevicio.models import Course, Lesson, Recipe, User
from dulcevicio.services import audit
from dulcevicio.services.media import images, video_probe
from dulcevicio.services.storage import (
    VIDEO_FORMATS,
    MediaKind,
    delete_after_commit,
    save_file,
)
from dulcevicio.text import drop_control_characters

RECIPE_TITLE_MAX = 160


class UploadRejected(ValueError):
    """The file is not acceptable; the message is for the user (Spanish)."""


def replace_course_thumbnail(course: Course, upload: BinaryIO | bytes) -> None:
    """Course cover: 1280×720 fill."""
    image = images.make_thumbnail(upload)
    stored = save_file(image.data, MediaKind.THUMBNAIL, "jpg")
    delete_after_commit(MediaKind.THUMBNAIL, course.thumbnail_public_id)
    course.thumbnail_url, course.thumbnail_public_id = stored.url, stored.public_id
    db.session.flush()


class SignatureRejected(images.ImageRejected):
    """The signature image is not acceptable (told apart from a refused cover)."""


def replace_course_signature(course: Course, upload: BinaryIO | bytes) -> None:
    """The signature on the course's certificates: a PNG inside 600×200, public."""
    try:
        image = images.make_signature(upload)
    except images.ImageRejected as error:
        raise SignatureRejected(str(error)) from error
    stored = save_file(image.data, MediaKind.SIGNATURE, "png")
    delete_after_commit(MediaKind.SIGNATURE, course.signature_public_id)
    course.signature_public_id = stored.public_id
    db.session.flush()


def remove_course_signature(course: Course) -> None:
    delete_after_commit(MediaKind.SIGNATURE, course.signature_public_id)
    course.signature_public_id = None
    db.session.flush()


class InstructorPhotoRejected(images.ImageRejected):
    """The instructor's photo is not acceptable (told apart from a refused cover)."""


def save_instructor_photo(upload: BinaryIO | bytes) -> str:
    """An instructor's photo (a course's or the settings' default): a small square, public.
    Returns its public_id; the caller points a row at it."""
    try:
        image = images.make_avatar(upload)
    except images.ImageRejected as error:
        raise InstructorPhotoRejected(str(error)) from error
    return save_file(image.data, MediaKind.INSTRUCTOR_PHOTO, "jpg").public_id


def replace_instructor_photo(course: Course, upload: BinaryIO | bytes) -> None:
    public_id = save_instructor_photo(upload)
    delete_after_commit(MediaKind.INSTRUCTOR_PHOTO, course.instructor_photo_public_id)
    course.instructor_photo_public_id = public_id
    db.session.flush()


def remove_instructor_photo(course: Course) -> None:
    delete_after_commit(MediaKind.INSTRUCTOR_PHOTO, course.instructor_photo_public_id)
    course.instructor_photo_public_id = None
    db.session.flush()


def replace_avatar(user: User, upload: BinaryIO | bytes) -> None:
    """Profile picture: a small square, metadata stripped."""
    image = images.make_avatar(upload)
    stored = save_file(image.data, MediaKind.AVATAR, "jpg")
    delete_after_commit(MediaKind.AVATAR, user.avatar_public_id)
    user.avatar_url, user.avatar_public_id = stored.url, stored.public_id
    db.session.flush()


def remove_avatar(user: User) -> None:
    delete_after_commit(MediaKind.AVATAR, user.avatar_public_id)
    user.avatar_url = user.avatar_public_id = None
    db.session.flush()


def title_from_filename(filename: str | None) -> str:
    """'tarta_de-limón (2).JPG' → 'Tarta de limón (2)'."""
    stem = os.path.splitext(os.path.basename((filename or "").replace("\\", "/")))[0]
    stem = drop_control_characters(stem)
    title = re.sub(r"\s+", " ", re.sub(r"[_\-.]+", " ", stem)).strip()
    title = title[:RECIPE_TITLE_MAX].strip()
    return title[:1].upper() + title[1:] if title else "Receta sin título"


def _store_recipe_image(recipe: Recipe, upload: BinaryIO | bytes) -> None:
    image = images.normalize_photo(upload)
    stored = save_file(image.data, MediaKind.RECIPE_IMAGE, "jpg")
    delete_after_commit(MediaKind.RECIPE_IMAGE, recipe.image_public_id)
    recipe.image_url, recipe.image_public_id = stored.url, stored.public_id
    recipe.image_width, recipe.image_height = image.width, image.height


def add_recipe_from_image(course: Course, upload: BinaryIO | bytes, filename: str | None) -> Recipe:
    """A new recipe at the end of the course, titled after the file name."""
    last = db.session.scalar(
        sa.select(sa.func.max(Recipe.position)).where(Recipe.course_id == course.id)
    )
    recipe = Recipe(
        course_id=course.id, title=title_from_filename(filename), position=(last or 0) + 1
    )
    _store_recipe_image(recipe, upload)
    db.session.add(recipe)
    db.session.flush()
    return recipe


def replace_recipe_image(recipe: Recipe, upload: BinaryIO | bytes) -> None:
    _store_recipe_image(recipe, upload)
    db.session.flush()


def save_bake_photos(uploads: list[BinaryIO | bytes]) -> list[str]:
    """A bake's photos, normalised like recipe photos (content checked, bombs refused,
    metadata stripped). Every photo is checked before any is stored, so a bad one stores
    nothing; the files follow the transaction (rolled back: deleted). Their public_ids."""
    normalised = []
    for number, upload in enumerate(uploads, start=1):
        try:
            normalised.append(images.normalize_photo(upload))
        except images.ImageRejected as error:
            raise UploadRejected(f"Foto {number}: {error}") from error
    return [save_file(image.data, MediaKind.BAKE_PHOTO, "jpg").public_id for image in normalised]


def forget_bake_files(public_ids: list[str]) -> None:
    """Before deleting a bake: its photos go once the deletion commits."""
    for public_id in public_ids:
        delete_after_commit(MediaKind.BAKE_PHOTO, public_id)


def _video_extension(filename: str | None, head: bytes) -> str:
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if extension not in VIDEO_FORMATS:
        raise UploadRejected("El video debe ser MP4, MOV o WebM.")
    # Check the content too: an ISO media box (MP4/MOV) or an EBML header (WebM).
    iso_media = head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")
    webm = head.startswith(b"\x1a\x45\xdf\xa3")
    if not ((extension in ("mp4", "mov") and iso_media) or (extension == "webm" and webm)):
        raise UploadRejected("El archivo no es un video MP4, MOV o WebM válido.")
    return extension


def replace_lesson_video(
    lesson: Lesson, upload: BinaryIO, filename: str | None, browser_duration: float | None = None
) -> None:
    """A video uploaded through the server (local storage), copied to a temporary file (never
    held in memory) and read with ffmpeg first: its duration and a poster frame. A video
    ffmpeg cannot read is refused before anything is stored. `browser_duration` (what the
    admin's browser read from the file) is used only where there is no ffmpeg to run."""
    head = upload.read(16)
    if not head:
        raise UploadRejected("El archivo está vacío.")
    extension = _video_extension(filename, head)
    upload.seek(0)
    with tempfile.NamedTemporaryFile(suffix=f".{extension}") as copy:
        shutil.copyfileobj(upload, copy, 1024 * 1024)
        copy.flush()
        duration, poster = _read_video(copy.name, browser_duration)
        copy.seek(0)
        stored = save_file(copy, MediaKind.VIDEO, extension)
    poster_id = save_file(poster.data, MediaKind.POSTER, "jpg").public_id if poster else None
    delete_after_commit(MediaKind.VIDEO, lesson.video_public_id)
    delete_after_commit(MediaKind.POSTER, lesson.poster_public_id)
    lesson.video_url, lesson.video_public_id = stored.url, stored.public_id
    lesson.poster_public_id = poster_id
    lesson.video_duration_seconds = max(1, round(duration))
    db.session.flush()


def _read_video(path: str, browser_duration: float | None):
    """(duration, normalised poster or None) of a video file; raises UploadRejected."""
    try:
        probed = video_probe.probe_video(path)
    except video_probe.VideoUnreadable as error:
        raise UploadRejected(str(error)) from error
    except video_probe.ProbeUnavailable:
        if not browser_duration or not 0 < browser_duration < video_probe.MAX_DURATION_SECONDS:
            raise UploadRejected("No pudimos leer la duración del video.") from None
        return browser_duration, None
    try:
        poster = images.normalize_photo(probed.poster_jpeg) if probed.poster_jpeg else None
    except images.ImageRejected:
        poster = None  # the video plays without one; the page falls back to the cover
    return probed.duration_seconds, poster


def remove_lesson_video(lesson: Lesson) -> None:
    delete_after_commit(MediaKind.VIDEO, lesson.video_public_id)
    delete_after_commit(MediaKind.POSTER, lesson.poster_public_id)
    lesson.poster_public_id = None
    length = clock(lesson.video_duration_seconds)
    before = f"video{f' de {length}' if length else ''}"
    lesson.video_url = lesson.video_public_id = None
    db.session.flush()
    audit.record(
        "video.delete",
        target=lesson,
        summary=f"{audit.content_words(lesson)}: {audit.change(before, 'sin video')}",
    )


def forget_course_files(course: Course) -> None:
    """Before deleting a course: its files go once the deletion commits."""
    delete_after_commit(MediaKind.THUMBNAIL, course.thumbnail_public_id)
    delete_after_commit(MediaKind.SIGNATURE, course.signature_public_id)
    delete_after_commit(MediaKind.INSTRUCTOR_PHOTO, course.instructor_photo_public_id)
    delete_after_commit(MediaKind.RECIPE_BOOK, course.recipe_pdf_public_id)
    for lesson in course.lessons:
        forget_lesson_files(lesson)
    for recipe in course.recipes:
        delete_after_commit(MediaKind.RECIPE_IMAGE, recipe.image_public_id)


def forget_recipe_files(recipe: Recipe) -> None:
    delete_after_commit(MediaKind.RECIPE_IMAGE, recipe.image_public_id)


def forget_lesson_files(lesson: Lesson) -> None:
    delete_after_commit(MediaKind.VIDEO, lesson.video_public_id)
    delete_after_commit(MediaKind.POSTER, lesson.poster_public_id)
