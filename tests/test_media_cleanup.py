"""`flask prune-media`: stored files that no row uses are found and deleted, on both backends,
and nothing a row points at is ever touched."""

import os
import time
import uuid

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from tests import media
from tests.cloudinary_stub import Asset
from tests.helpers import count_rows, stub_calls, upload_recipe

TWO_DAYS = 2 * 24 * 3600


def prune(app, *args, answer=None):
    return app.test_cli_runner().invoke(args=["prune-media", *args], input=answer)


# --- Local storage ----------------------------------------------------------------------


@pytest.fixture
def local_files(app, admin_client, make_course):
    """A course with a recipe (its photo, a smaller copy of it and the book, all in use),
    files a crash would leave behind, and one unused file too young to judge; every file
    but the young one dated two days ago."""
    course = make_course(lessons=0)
    upload_recipe(admin_client, course.id)
    with app.app_context():
        recipe = db.session.scalar(sa.select(Recipe))
        book = db.session.get(Course, course.id).recipe_pdf_public_id
    assert admin_client.get(f"{recipe.image_url}?w=300").status_code == 200
    root = app.config["UPLOAD_FOLDER"]
    in_use = [recipe.image_public_id, f"{recipe.image_public_id}.w300.jpg", book]
    left_behind = [
        f"recipes/{uuid.uuid4().hex}.jpg",  # written, then the worker died before commit
        f"videos/{uuid.uuid4().hex}.mp4.part",  # the worker died mid-write
        f"recipes/{uuid.uuid4().hex}.jpg.w600.jpg",  # a copy whose original is gone
    ]
    young = f"books/{uuid.uuid4().hex}.pdf"
    for public_id in [*left_behind, young]:
        os.makedirs(os.path.dirname(os.path.join(root, public_id)), exist_ok=True)
        with open(os.path.join(root, public_id), "wb") as file:
            file.write(media.jpeg())
    for public_id in [*in_use, *left_behind]:
        path = os.path.join(root, public_id)
        assert os.path.exists(path), public_id
        os.utime(path, (time.time() - TWO_DAYS,) * 2)
    return root, in_use, left_behind, young, recipe


def exists(root, public_ids):
    return {public_id: os.path.exists(os.path.join(root, public_id)) for public_id in public_ids}


def test_dry_run_lists_what_no_row_uses_and_deletes_nothing(app, local_files):
    root, in_use, left_behind, young, _ = local_files
    result = prune(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "sin uso: 3" in result.output
    assert all(public_id in result.output for public_id in left_behind)
    assert not any(public_id in result.output for public_id in [*in_use, young])
    assert all(exists(root, [*in_use, *left_behind, young]).values())


def test_answering_no_deletes_nothing(app, local_files):
    root, in_use, left_behind, young, _ = local_files
    result = prune(app, answer="n\n")
    assert result.exit_code == 1 and "¿Borrar estos archivos?" in result.output
    assert all(exists(root, [*in_use, *left_behind, young]).values())


def test_prune_deletes_old_unused_files_and_keeps_the_rest(
    app, local_files, admin_client, client, make_user, grant
):
    root, in_use, left_behind, young, recipe = local_files
    rows_before = count_rows(app, Recipe)
    result = prune(app, "--yes")
    assert result.exit_code == 0, result.output
    assert "Borrados: 3." in result.output
    assert exists(root, left_behind) == dict.fromkeys(left_behind, False)
    assert all(exists(root, [*in_use, young]).values())
    assert count_rows(app, Recipe) == rows_before
    # What the rows point at still serves.
    assert admin_client.get(recipe.image_url).status_code == 200
    assert admin_client.get(f"{recipe.image_url}?w=300").status_code == 200

    # With no grace period the young file goes too; files in use still stay.
    result = prune(app, "--older-than", "0", "--yes")
    assert result.exit_code == 0, result.output
    assert "Borrados: 1." in result.output
    assert exists(root, [young]) == {young: False}
    assert all(exists(root, in_use).values())


def test_nothing_to_prune_says_so(app, admin_client, make_course):
    upload_recipe(admin_client, make_course(lessons=0).id)
    result = prune(app, "--older-than", "0", "--yes")
    assert result.exit_code == 0, result.output
    assert "Archivos revisados: 2; sin uso: 0 (0,0 MB)." in result.output
    assert "Borrados" not in result.output


def test_a_negative_grace_period_is_refused(app):
    result = prune(app, "--older-than", "-1", "--yes")
    assert result.exit_code == 2 and "-1" in result.output


# --- Cloudinary ---------------------------------------------------------------------------


def plant(stub, public_id, resource_type="image", delivery_type="authenticated", age=TWO_DAYS):
    """An asset that reached Cloudinary but never got its row."""
    stub.assets[public_id] = Asset(
        public_id, resource_type, delivery_type, "jpg", b"x" * 1000, 1, time.time() - age
    )


def test_prune_removes_what_a_timed_out_upload_left_on_cloudinary(
    cloud_app, cloud_admin, cloudinary_stub, make_course
):
    course = make_course(lessons=0)
    upload_recipe(cloud_admin, course.id)
    in_use = set(cloudinary_stub.assets)  # the photo and the book
    assert len(in_use) == 2
    # The app gives up after 1 s and stores no row; Cloudinary finishes the upload anyway.
    cloudinary_stub.delay_seconds = 2.5
    page = upload_recipe(cloud_admin, course.id).get_data(as_text=True)
    cloudinary_stub.delay_seconds = 0
    assert "Cloudinary no aceptó el archivo" in page
    deadline = time.monotonic() + 5
    while len(cloudinary_stub.assets) == 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    [late] = set(cloudinary_stub.assets) - in_use
    # A direct video upload the admin never confirmed, two days ago.
    unconfirmed = "dulcevicio/courses/videos/lesson-1-0123456789abcdef"
    plant(cloudinary_stub, unconfirmed, resource_type="video")
    cloudinary_stub.page_size = 1  # one asset per page: the listing must follow the cursor

    result = prune(cloud_app, "--yes")  # the late upload is younger than a day
    assert result.exit_code == 0, result.output
    assert [call["params"]["public_id"] for call in stub_calls(cloudinary_stub, "destroy")] == [
        unconfirmed
    ]
    result = prune(cloud_app, "--older-than", "0", "--yes")
    assert result.exit_code == 0, result.output
    assert "Borrados: 1." in result.output
    destroys = stub_calls(cloudinary_stub, "destroy")
    assert [call["params"]["public_id"] for call in destroys] == [unconfirmed, late]
    assert destroys[-1]["resource_type"] == "image"
    assert destroys[-1]["params"]["type"] == "authenticated"
    assert set(cloudinary_stub.assets) == in_use
    assert count_rows(cloud_app, Recipe) == 1

    listings = stub_calls(cloudinary_stub, "list")
    prefixes = {
        (call["resource_type"], call["params"]["prefix"], call["params"].get("next_cursor"))
        for call in listings
    }
    assert ("image", "dulcevicio/courses/recipes/", "1") in prefixes  # the second page
    assert {prefix for _, prefix, _ in prefixes} == {
        "dulcevicio/courses/thumbnails/",
        "dulcevicio/avatars/",
        "dulcevicio/courses/videos/",
        "dulcevicio/courses/recipes/",
        "dulcevicio/courses/books/",
        "dulcevicio/courses/signatures/",
        "dulcevicio/courses/instructors/",
        "dulcevicio/courses/posters/",
        "dulcevicio/courses/bakes/",
        "dulcevicio/receipts/",
    }
    assert all(call["headers"]["Authorization"].startswith("Basic ") for call in listings)


def test_a_folder_cloudinary_cannot_list_is_left_alone(cloud_app, cloudinary_stub):
    plant(cloudinary_stub, "dulcevicio/courses/thumbnails/0123456789abcdef", "image", "upload")
    plant(cloudinary_stub, "dulcevicio/courses/recipes/fedcba9876543210")
    cloudinary_stub.fail_next, cloudinary_stub.fail_action = (500, "Internal error"), "list"
    result = prune(cloud_app, "--yes")
    assert result.exit_code == 1
    assert "thumbnails: No pudimos listar los archivos de Cloudinary." in result.output
    assert "1 carpeta(s) no se pudieron revisar" in result.output
    # The first folder listed (thumbnails) failed and kept its file; the others were pruned.
    assert set(cloudinary_stub.assets) == {"dulcevicio/courses/thumbnails/0123456789abcdef"}


def test_a_failed_delete_is_reported(cloud_app, cloudinary_stub):
    orphan = "dulcevicio/courses/recipes/fedcba9876543210"
    plant(cloudinary_stub, orphan)
    cloudinary_stub.fail_next, cloudinary_stub.fail_action = (500, "Internal error"), "destroy"
    result = prune(cloud_app, "--yes")
    assert result.exit_code == 1
    assert f"{orphan}: No pudimos borrar el archivo en Cloudinary." in result.output
    assert "1 archivo(s) no se pudieron borrar." in result.output
    assert orphan in cloudinary_stub.assets
