"""The Cloudinary backend, through the real SDK against a loopback stand-in."""

import io

import sqlalchemy as sa
import urllib3

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.services.storage import MediaKind, get_storage
from tests import media
from tests.cloudinary_stub import CLOUD
from tests.helpers import count_rows, course_form, stub_calls, upload_recipe


def test_recipe_upload_sends_the_right_parameters(
    cloud_app, cloud_admin, cloudinary_stub, make_course
):
    course = make_course(lessons=0)
    upload_recipe(cloud_admin, course.id)
    [image] = stub_calls(cloudinary_stub, "upload", "image")
    params = image["params"]
    assert params["folder"] == "dulcevicio/courses/recipes"
    assert params["type"] == "authenticated"
    assert params["allowed_formats"] == "jpg"
    assert params["overwrite"] in ("0", "false")
    assert image["headers"]["Content-Type"].startswith("multipart/form-data")
    with cloud_app.app_context():
        recipe = db.session.scalar(sa.select(Recipe))
        assert recipe.image_public_id == f"dulcevicio/courses/recipes/{params['public_id']}"
        stored = cloudinary_stub.assets[recipe.image_public_id]
        assert stored.delivery_type == "authenticated" and stored.data.startswith(b"\xff\xd8")
        # The book was built from the photo read back from Cloudinary, then uploaded raw.
        course_row = db.session.get(Course, course.id)
        book = cloudinary_stub.assets[course_row.recipe_pdf_public_id]
        assert book.resource_type == "raw" and book.delivery_type == "authenticated"
        assert course_row.recipe_pdf_public_id.startswith("dulcevicio/courses/books/")
        assert course_row.recipe_pdf_public_id.endswith(".pdf")
        assert stored.data in book.data  # the JPEG is embedded untouched


def test_cover_is_public_and_unsigned(cloud_app, cloud_admin, cloudinary_stub, make_course):
    course = make_course(lessons=0)
    cloud_admin.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, thumbnail=(io.BytesIO(media.jpeg((1600, 900))), "portada.jpg")),
        content_type="multipart/form-data",
    )
    [upload] = stub_calls(cloudinary_stub, "upload", "image")
    assert upload["params"]["folder"] == "dulcevicio/courses/thumbnails"
    assert upload["params"]["type"] == "upload"
    with cloud_app.app_context():
        course_row = db.session.get(Course, course.id)
        url = get_storage().delivery_url(MediaKind.THUMBNAIL, course_row.thumbnail_public_id)
    assert "/s--" not in url
    assert urllib3.request("GET", url).status == 200


def test_paid_content_is_delivered_with_signed_urls(
    cloud_app, cloud_admin, cloudinary_stub, make_course
):
    course = make_course(lessons=0)
    upload_recipe(cloud_admin, course.id)
    with cloud_app.app_context():
        public_id = db.session.scalar(sa.select(Recipe.image_public_id))
        url = get_storage().delivery_url(MediaKind.RECIPE_IMAGE, public_id)
    assert f"/{CLOUD}/image/authenticated/s--" in url
    assert urllib3.request("GET", url).status == 200
    tampered = url.replace("/s--", "/s--X")
    unsigned = url.split("/s--")[0] + "/" + url.split("--/", 1)[1]
    assert urllib3.request("GET", tampered).status == 404
    assert urllib3.request("GET", unsigned).status == 404
    # Pages render signed URLs generated for the viewer, resized ones too.
    with cloud_app.app_context():
        small = get_storage().delivery_url(MediaKind.RECIPE_IMAGE, public_id, width=300)
    assert "/image/authenticated/s--" in small and "w_300" in small
    assert urllib3.request("GET", small).status == 200
    assert urllib3.request("GET", small.replace("w_300", "w_3000")).status == 404
    page = cloud_admin.get(f"/admin/cursos/{course.id}/recetas").get_data(as_text=True)
    assert small in page


def test_replacing_deletes_the_old_file_after_commit(
    cloud_app, cloud_admin, cloudinary_stub, make_course
):
    course = make_course(lessons=0)
    upload_recipe(cloud_admin, course.id)
    with cloud_app.app_context():
        recipe_id, old = db.session.execute(sa.select(Recipe.id, Recipe.image_public_id)).one()
    cloud_admin.post(
        f"/admin/recetas/{recipe_id}/imagen",
        data={"image": (io.BytesIO(media.jpeg((700, 700))), "nueva.jpg")},
        content_type="multipart/form-data",
    )
    destroys = stub_calls(cloudinary_stub, "destroy")
    assert old in [call["params"]["public_id"] for call in destroys]
    destroy = next(call for call in destroys if call["params"]["public_id"] == old)
    assert destroy["resource_type"] == "image" and destroy["params"]["type"] == "authenticated"
    assert old not in cloudinary_stub.assets


def test_error_answer_leaves_no_row(cloud_app, cloud_admin, cloudinary_stub, make_course):
    course = make_course(lessons=0)
    cloudinary_stub.fail_next = (500, "Internal error")
    page = upload_recipe(cloud_admin, course.id).get_data(as_text=True)
    assert "Cloudinary no aceptó el archivo" in page
    assert count_rows(cloud_app, Recipe) == 0
    assert cloudinary_stub.assets == {}


def test_timeout_leaves_no_row(cloud_app, cloud_admin, cloudinary_stub, make_course):
    course = make_course(lessons=0)
    cloudinary_stub.delay_seconds = 2.5  # the app waits 1 s
    page = upload_recipe(cloud_admin, course.id).get_data(as_text=True)
    cloudinary_stub.delay_seconds = 0
    assert "Cloudinary no aceptó el archivo" in page
    assert count_rows(cloud_app, Recipe) == 0


def test_wrong_credentials_are_refused_by_cloudinary(
    app_factory, cloudinary_stub, make_course, client_as
):
    bad = cloudinary_stub.cloudinary_url.replace("stub-secret", "wrong-secret")
    app = app_factory(CLOUDINARY_URL=bad)
    client = client_as("admin", app=app, email="jefa@example.com")
    page = upload_recipe(client, make_course(lessons=0).id).get_data(as_text=True)
    assert "Cloudinary no aceptó el archivo" in page
    assert [call for call in cloudinary_stub.calls if call["action"] == "upload"]
    assert cloudinary_stub.assets == {}
    assert count_rows(app, Recipe) == 0
