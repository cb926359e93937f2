"""Files and rows stay consistent when storage or the database fails mid-way."""

import io
import os

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.services.storage import local as local_storage
from tests import media
from tests.helpers import count_rows, next_commit_fails


def files_on_disk(app) -> list[str]:
    root = app.config["UPLOAD_FOLDER"]
    return [f for _, _, names in os.walk(root) for f in names]


def post_photo(client, course_id):
    return client.post(
        f"/admin/cursos/{course_id}/recetas/subir",
        data={"images": [(io.BytesIO(media.jpeg()), "flan.jpg")]},
        content_type="multipart/form-data",
    )


def test_commit_failure_after_upload_deletes_the_files(app, admin_client, make_course):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    course = make_course(lessons=0)
    with next_commit_fails():
        response = post_photo(admin_client, course.id)
    assert response.status_code == 503  # the database failed: try again, not a bug
    assert "la base de datos no respondió" in response.get_data(as_text=True)
    assert count_rows(app, Recipe) == 0
    assert files_on_disk(app) == []  # the photo and the book it built were removed


def test_commit_failure_with_cloudinary_destroys_the_uploads(
    cloud_app, cloudinary_stub, cloud_admin, make_course
):
    cloud_app.config["PROPAGATE_EXCEPTIONS"] = False
    course = make_course(lessons=0)
    with next_commit_fails():
        response = post_photo(cloud_admin, course.id)
    assert response.status_code == 503
    uploaded = {
        c["params"]["folder"] + "/" + c["params"]["public_id"]
        for c in cloudinary_stub.calls
        if c["action"] == "upload"
    }
    destroyed = {
        c["params"]["public_id"] for c in cloudinary_stub.calls if c["action"] == "destroy"
    }
    assert len(uploaded) == 2 and uploaded == destroyed  # photo and book
    assert cloudinary_stub.assets == {}
    assert count_rows(cloud_app, Recipe) == 0


def test_storage_failure_before_the_row_leaves_nothing(app, admin_client, make_course, monkeypatch):
    course = make_course(lessons=0)

    def broken_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(local_storage.os, "replace", broken_disk)
    page = post_photo(admin_client, course.id).get_data(as_text=True)
    assert "No pudimos guardar el archivo en el servidor." in page
    assert count_rows(app, Recipe) == 0
    assert files_on_disk(app) == []  # not even the partial file


def test_old_file_survives_until_the_commit(app, admin_client, make_course):
    """A replacement whose commit fails keeps the old photo (and deletes the new one)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    course = make_course(lessons=0)
    post_photo(admin_client, course.id)
    with app.app_context():
        recipe_id, old = db.session.execute(sa.select(Recipe.id, Recipe.image_public_id)).one()
        old_book = db.session.get(Course, course.id).recipe_pdf_public_id
    before = sorted(files_on_disk(app))
    with next_commit_fails():
        response = admin_client.post(
            f"/admin/recetas/{recipe_id}/imagen",
            data={"image": (io.BytesIO(media.jpeg((500, 500))), "nueva.jpg")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 503
    assert sorted(files_on_disk(app)) == before
    with app.app_context():
        assert db.session.get(Recipe, recipe_id).image_public_id == old
        assert db.session.get(Course, course.id).recipe_pdf_public_id == old_book
    assert admin_client.get(f"/media/{old}").status_code == 200
