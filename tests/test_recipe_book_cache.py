"""With Cloudinary, a rebuild of the recipe book reads photos at print width, and only those
it has not read before (the stand-in at the HTTP boundary counts the deliveries)."""

import io

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.services.storage import MediaKind, read_cache
from dulcevicio.services.storage.kinds import BOOK_IMAGE_WIDTH
from tests import media

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def empty_cache():
    read_cache.FILES.clear()
    yield
    read_cache.FILES.clear()


def image_reads(stub) -> list[str]:
    return [path for path in stub.deliveries if "/image/" in path]


def send_photos(client, course_id, count):
    for number in range(count):
        answer = client.post(
            f"/admin/cursos/{course_id}/recetas/subir",
            data={
                "photo": (io.BytesIO(media.jpeg(colour=(number * 20, 90, 60))), f"r{number}.jpg"),
                "lote": "y",
            },
            headers=JSON,
            content_type="multipart/form-data",
        )
        assert answer.status_code == 200, answer.json


def rebuild(client, course_id):
    return client.post(f"/admin/cursos/{course_id}/recetario", headers=JSON)


def test_a_second_rebuild_reads_no_image(cloud_app, cloud_admin, cloudinary_stub, make_course):
    course = make_course(lessons=0)
    send_photos(cloud_admin, course.id, 3)
    assert image_reads(cloudinary_stub) == []  # a batch builds nothing
    cloudinary_stub.deliveries.clear()
    answer = cloud_admin.post(
        f"/admin/cursos/{course.id}/recetario", data={"lote": "y"}, headers=JSON
    )
    assert answer.json["message"] == "Recetario actualizado."
    first = image_reads(cloudinary_stub)
    assert len(first) == 3
    assert all(f"w_{BOOK_IMAGE_WIDTH}" in path for path in first)  # the print width
    cloudinary_stub.deliveries.clear()
    assert rebuild(cloud_admin, course.id).json["message"] == "Recetario actualizado."
    assert image_reads(cloudinary_stub) == []
    with cloud_app.app_context():
        built = db.session.get(Course, course.id)
        book = cloudinary_stub.assets[built.recipe_pdf_public_id].data
        photos = [recipe.image_public_id for recipe in built.recipes]
        assert all(cloudinary_stub.assets[photo].data in book for photo in photos)


def test_after_a_replaced_photo_only_that_one_is_read(
    cloud_app, cloud_admin, cloudinary_stub, make_course
):
    course = make_course(lessons=0)
    send_photos(cloud_admin, course.id, 3)
    rebuild(cloud_admin, course.id)
    with cloud_app.app_context():
        recipe_id = db.session.scalars(db.select(Recipe.id).order_by(Recipe.id)).first()
    cloudinary_stub.deliveries.clear()
    cloud_admin.post(
        f"/admin/recetas/{recipe_id}/imagen",
        data={"image": (io.BytesIO(media.jpeg(colour=(10, 200, 10))), "nueva.jpg")},
        content_type="multipart/form-data",
    )
    with cloud_app.app_context():
        new_id = db.session.get(Recipe, recipe_id).image_public_id
    [read] = image_reads(cloudinary_stub)
    assert new_id in read


def test_a_failed_read_keeps_the_previous_book(
    cloud_app, cloud_admin, cloudinary_stub, make_course
):
    course = make_course(lessons=0)
    send_photos(cloud_admin, course.id, 2)
    rebuild(cloud_admin, course.id)
    with cloud_app.app_context():
        previous = db.session.get(Course, course.id).recipe_pdf_public_id
    send_photos(cloud_admin, course.id, 1)
    with cloud_app.app_context():
        newest = db.session.scalars(db.select(Recipe).order_by(Recipe.id.desc())).first()
        del cloudinary_stub.assets[newest.image_public_id]  # gone from Cloudinary
    answer = rebuild(cloud_admin, course.id)
    assert answer.json["category"] == "warning"
    assert "El recetario anterior sigue disponible" in answer.json["message"]
    with cloud_app.app_context():
        assert db.session.get(Course, course.id).recipe_pdf_public_id == previous


def test_the_cache_is_bounded_and_keeps_the_recent():
    cache = read_cache.ReadCache(max_bytes=100)
    for number in range(5):
        cache.put((MediaKind.RECIPE_IMAGE, f"p{number}", None), bytes(25))
    assert cache.get((MediaKind.RECIPE_IMAGE, "p0", None)) is None  # the oldest went
    assert cache.get((MediaKind.RECIPE_IMAGE, "p4", None)) == bytes(25)
    cache.put((MediaKind.RECIPE_IMAGE, "huge", None), bytes(60))  # over a quarter: skipped
    assert cache.get((MediaKind.RECIPE_IMAGE, "huge", None)) is None
