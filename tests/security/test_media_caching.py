"""Stored files' caching per kind and per viewer: paid images and videos are kept by the
viewer's browser only (private, immutable: a key is new for every upload), receipts and
books never; a refusal is a 404 that nobody keeps. The figures go to the security report.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson
from dulcevicio.services.storage import MediaKind, get_storage
from tests import media
from tests.helpers import course_form

SECTION = "Media caching"
KEPT_PRIVATE = {"private", "max-age=31536000", "immutable"}
KEPT_BY_ANYONE = {"public", "max-age=31536000", "immutable"}
NEVER_KEPT = {"no-store"}
PAID = ("recipe photo", "recipe photo 300 px", "video poster", "lesson video", "book")


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")} - {""}


@dataclass
class Files:
    course: Course
    urls: dict[str, str]  # what the file is -> its media URL


@pytest.fixture
def files(app, make_course, make_recipe) -> Files:
    """A course whose second (paid) lesson has a video and its poster, a recipe with its
    photo, the course's cover and book, and a payment receipt."""
    course = make_course(lessons=2)

    def stored(kind: MediaKind, extension: str, content: bytes) -> str:
        return get_storage().save(content, kind, extension).public_id

    with app.app_context():
        row = db.session.get(Course, course.id)
        paid = db.session.scalar(
            sa.select(Lesson).where(Lesson.course_id == course.id, Lesson.is_preview.is_(False))
        )
        paid.video_public_id = stored(MediaKind.VIDEO, "webm", media.webm())
        paid.video_url = "/media/" + paid.video_public_id
        paid.poster_public_id = stored(MediaKind.POSTER, "jpg", media.jpeg())
        row.thumbnail_public_id = stored(MediaKind.THUMBNAIL, "jpg", media.jpeg())
        row.recipe_pdf_public_id = stored(MediaKind.RECIPE_BOOK, "pdf", b"%PDF-1.4 recetario")
        receipt = stored(MediaKind.RECEIPT, "jpg", media.jpeg())
        urls = {
            "video poster": paid.poster_public_id,
            "lesson video": paid.video_public_id,
            "course cover": row.thumbnail_public_id,
            "book": row.recipe_pdf_public_id,
            "payment receipt": receipt,
        }
        db.session.commit()
    with app.app_context():
        photo = stored(MediaKind.RECIPE_IMAGE, "jpg", media.jpeg())
    make_recipe(course, "Flan", 1, image_public_id=photo, image_url="/media/" + photo)
    urls["recipe photo"] = photo
    urls = {name: "/media/" + key for name, key in urls.items()}
    urls["recipe photo 300 px"] = urls["recipe photo"] + "?w=300"
    return Files(course, urls)


@pytest.fixture
def viewers(client, client_as, make_user, grant, files):
    enrolled = make_user(email="alumna@example.com")
    grant(enrolled, files.course)
    return {
        "visitor": client,
        "student without access": client_as("student"),
        "student with access": client_as(enrolled),
        "admin": client_as("admin"),
    }


# What each kind's allowed viewer gets, and who is refused it.
EXPECTED = {
    "recipe photo": ("student with access", KEPT_PRIVATE),
    "recipe photo 300 px": ("student with access", KEPT_PRIVATE),
    "video poster": ("student with access", KEPT_PRIVATE),
    "lesson video": ("student with access", KEPT_PRIVATE),
    "book": ("student with access", NEVER_KEPT),
    "payment receipt": ("admin", NEVER_KEPT),
    "course cover": ("visitor", KEPT_BY_ANYONE),
}


def test_each_kind_is_cached_as_its_content_allows(files, viewers, figures):
    seen = {}
    for name, (viewer, _expected) in EXPECTED.items():
        response = viewers[viewer].get(files.urls[name])
        assert response.status_code == 200, name
        seen[name] = directives(response)
        figures.set(SECTION, f"{name} ({viewer})", response.headers["Cache-Control"])
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert seen == {name: expected for name, (_viewer, expected) in EXPECTED.items()}
    # Never `public` for paid content: no proxy or shared cache may keep it.
    assert not any("public" in seen[name] for name in PAID)


def test_a_refused_viewer_gets_a_404_nobody_keeps(files, viewers, figures):
    refused = {"visitor", "student without access"}
    answers = set()
    for name in (*PAID, "payment receipt"):
        for viewer in (*refused, "student with access") if name == "payment receipt" else refused:
            response = viewers[viewer].get(files.urls[name])
            answers.add(f"{response.status_code} {response.headers['Cache-Control']}")
    figures.set(SECTION, "refused viewers (every paid kind)", ", ".join(sorted(answers)))
    assert answers == {"404 no-store"}


def test_a_kept_paid_image_revalidates_with_a_304(files, viewers):
    student = viewers["student with access"]
    url = files.urls["recipe photo"]
    first = student.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = student.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert directives(again) == KEPT_PRIVATE
    assert student.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    # The access rule comes first: a validator from someone else's copy proves nothing.
    stranger = viewers["student without access"].get(url, headers={"If-None-Match": etag})
    assert stranger.status_code == 404
    assert stranger.headers["Cache-Control"] == "no-store"


def test_a_video_range_is_kept_privately_too(files, viewers):
    part = viewers["student with access"].get(
        files.urls["lesson video"], headers={"Range": "bytes=0-99"}
    )
    assert part.status_code == 206 and len(part.data) == 100
    assert directives(part) == KEPT_PRIVATE


def test_pages_around_the_files_stay_no_store(files, viewers):
    student = viewers["student with access"]
    for url in ("/mis-cursos", f"/cursos/{files.course.slug}"):
        assert student.get(url).headers["Cache-Control"] == "no-store", url


def test_every_upload_gets_a_new_key_so_a_kept_copy_is_never_stale(app, admin_client, files):
    """The same bytes stored twice get two keys; a replaced file gets a new URL and the old
    one is gone, so a browser's kept copy can never stand for newer content."""
    with app.app_context():
        storage = get_storage()
        first = storage.save(media.jpeg(), MediaKind.RECIPE_IMAGE, "jpg").public_id
        second = storage.save(media.jpeg(), MediaKind.RECIPE_IMAGE, "jpg").public_id
        assert first != second
        storage.delete(MediaKind.RECIPE_IMAGE, first)
        storage.delete(MediaKind.RECIPE_IMAGE, second)
    old = files.urls["course cover"]
    response = admin_client.post(
        f"/admin/cursos/{files.course.id}/editar",
        data=course_form(
            files.course, thumbnail=(io.BytesIO(media.jpeg((1600, 900))), "portada.jpg")
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        new = "/media/" + db.session.get(Course, files.course.id).thumbnail_public_id
    assert new != old
    assert admin_client.get(old).status_code == 404
    assert admin_client.get(new).status_code == 200
