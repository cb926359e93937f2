"""GET /media/<path>: local files behind the access rule, with ranges for video seeking."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, utcnow
from tests import media
from tests.helpers import course_form


@pytest.fixture
def files(app, admin_client, make_course):
    """A course with a cover, a recipe photo, a book, a preview video and a paid video."""
    course = make_course(lessons=2)
    with app.app_context():
        preview_id, paid_id = db.session.scalars(
            sa.select(Lesson.id).where(Lesson.course_id == course.id).order_by(Lesson.position)
        )
    admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, thumbnail=(io.BytesIO(media.jpeg((1600, 900))), "portada.png")),
        content_type="multipart/form-data",
    )
    admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={"images": [(io.BytesIO(media.jpeg()), "flan.jpg")]},
        content_type="multipart/form-data",
    )
    for lesson_id in (preview_id, paid_id):
        admin_client.post(
            f"/admin/lecciones/{lesson_id}/video",
            data={"video": (io.BytesIO(media.mp4(50_000)), "clase.mp4")},
            content_type="multipart/form-data",
        )
    with app.app_context():
        stored = db.session.get(Course, course.id)
        recipe = db.session.scalar(sa.select(Recipe).where(Recipe.course_id == course.id))
        preview, paid = db.session.get(Lesson, preview_id), db.session.get(Lesson, paid_id)
        urls = {
            "cover": stored.thumbnail_url,
            "recipe": recipe.image_url,
            "book": stored.recipe_pdf_url,
            "preview_video": preview.video_url,
            "paid_video": paid.video_url,
        }
    assert all(url and url.startswith("/media/") for url in urls.values()), urls
    return course, urls


def status_of(client, urls) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_visitor_gets_public_files_and_previews_only(client, files):
    _, urls = files
    assert status_of(client, urls) == {
        "cover": 200,
        "recipe": 404,
        "book": 404,
        "preview_video": 200,
        "paid_video": 404,
    }


def test_student_without_access_is_refused_paid_files(client_as, files):
    _, urls = files
    client = client_as("student")
    assert status_of(client, urls)["recipe"] == 404
    assert status_of(client, urls)["paid_video"] == 404
    assert status_of(client, urls)["book"] == 404


def test_expired_student_is_refused(make_user, grant, files, client_as):
    course, urls = files
    student = make_user(email="vencida@example.com")
    grant(student, course, expires_at=utcnow() - timedelta(seconds=1))
    client = client_as(student)
    assert set(status_of(client, urls).values()) == {200, 404}
    assert status_of(client, urls)["paid_video"] == 404


def test_enrolled_student_gets_everything(make_user, grant, files, client_as):
    course, urls = files
    student = make_user(email="alumna@example.com")
    grant(student, course)
    client = client_as(student)
    assert set(status_of(client, urls).values()) == {200}


def test_inactive_recipe_is_hidden_from_students_not_admins(
    app, client_as, admin_client, make_user, grant, files
):
    course, urls = files
    with app.app_context():
        db.session.execute(sa.update(Recipe).values(is_active=False))
        db.session.commit()
    student = make_user(email="alumna@example.com")
    grant(student, course)
    client = client_as(student)
    assert client.get(urls["recipe"]).status_code == 404
    assert admin_client.get(urls["recipe"]).status_code == 200


def test_video_ranges_for_seeking(admin_client, files):
    _, urls = files
    whole = admin_client.get(urls["paid_video"])
    assert whole.status_code == 200
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = admin_client.get(urls["paid_video"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.data)}"
    assert part.data == whole.data[100:200]


def test_headers_of_private_and_public_files(admin_client, client, files):
    _, urls = files
    private = admin_client.get(urls["recipe"])
    assert private.headers["X-Content-Type-Options"] == "nosniff"
    assert private.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert private.mimetype == "image/jpeg"
    public = client.get(urls["cover"])
    assert "max-age=31536000" in public.headers["Cache-Control"]
    book = admin_client.get(urls["book"])
    assert book.mimetype == "application/pdf" and book.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config.py",
        "/media/recipes/../../config.py",
        "/media/recipes/%2e%2e/%2e%2e/config.py",
        "/media/unknown/file.jpg",
        "/media/recipes/",
        "/media/thumbnails/nope.jpg",
        "/media/recipes/nope.jpg",
        "/media/thumbnails/..%2f..%2fdulcevicio.sqlite3",
    ],
)
def test_bad_paths_are_404(admin_client, files, path):
    assert admin_client.get(path).status_code == 404


def test_media_route_is_off_with_cloudinary(cloud_app, client_as, admin, files):
    _, urls = files
    client = client_as(admin, app=cloud_app)
    assert client.get(urls["cover"]).status_code == 404


def test_local_video_upload_checks_the_content(app, admin_client, make_course):
    course = make_course(lessons=1)
    with app.app_context():
        lesson_id = db.session.scalar(sa.select(Lesson.id).where(Lesson.course_id == course.id))
    cases = [
        ("clase.avi", media.mp4(), "MP4, MOV o WebM"),
        ("clase.mp4", media.HTML, "no es un video"),
        ("clase.webm", media.mp4(), "no es un video"),
        ("clase.mp4", b"", "está vacío"),
    ]
    for filename, data, message in cases:
        response = admin_client.post(
            f"/admin/lecciones/{lesson_id}/video",
            data={"video": (io.BytesIO(data), filename)},
            content_type="multipart/form-data",
        )
        assert message in response.get_data(as_text=True), filename
    ok = admin_client.post(
        f"/admin/lecciones/{lesson_id}/video",
        data={"video": (io.BytesIO(media.webm()), "clase.webm")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(Lesson, lesson_id).video_public_id.endswith(".webm")


def test_admin_routes_refuse_students(client_as, make_course):
    client = client_as("student")
    course = make_course()
    assert client.post(f"/admin/cursos/{course.id}/recetario").status_code == 403
