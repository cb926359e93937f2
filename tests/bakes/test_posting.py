"""Posting a bake: 1–3 photos normalised like recipe photos, nothing half-saved, limits."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dulcevicio.models import Bake, BakePhoto
from tests import media
from tests.bakes.support import (
    count,
    gallery_url,
    photo_files,
    photo_ids,
    post_bake,
    stored_bake_files,
)


@pytest.mark.parametrize("photos", [1, 2, 3])
def test_a_student_posts_a_bake_with_one_to_three_photos(
    app, client_as, course, recipe, ana, photos
):
    client = client_as(ana)
    response = post_bake(
        client,
        course,
        photo_files(*[media.jpeg() for _ in range(photos)]),
        recipe_id=str(recipe.id),
        question="¿Por qué se me bajó?",
        consent="y",
    )
    assert response.status_code == 302
    assert "#horneado-" in response.headers["Location"]
    assert count(app, Bake) == 1 and count(app, BakePhoto) == photos
    assert len(stored_bake_files(app)) == photos
    page = client.get(gallery_url(course)).get_data(as_text=True)
    assert "Me quedó riquísima" in page and "¿Por qué se me bajó?" in page
    assert "Pregunta para la profesora" in page and "Tarta de manzana" in page
    assert "Aceptaste que se use como testimonio" in page
    assert page.count('class="bake-photo rounded object-fit-cover"') == photos


@pytest.mark.parametrize("photos", [0, 4])
def test_no_photo_or_four_photos_are_refused(app, client_as, course, ana, photos):
    client = client_as(ana)
    response = post_bake(client, course, photo_files(*[media.jpeg() for _ in range(photos)]))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Sube al menos una foto" in page or "como máximo 3 fotos" in page
    assert count(app, Bake) == 0 and stored_bake_files(app) == []


def test_a_bad_third_photo_refuses_the_whole_bake_and_stores_nothing(app, client_as, course, ana):
    client = client_as(ana)
    photos = photo_files(media.jpeg(), media.jpeg(), media.HTML)
    response = post_bake(client, course, photos)
    assert response.status_code == 200
    assert "Foto 3:" in response.get_data(as_text=True)
    assert count(app, Bake) == 0 and count(app, BakePhoto) == 0
    assert stored_bake_files(app) == []


def test_a_decompression_bomb_is_refused(app, client_as, course, ana):
    client = client_as(ana)
    response = post_bake(client, course, photo_files(media.png_header(30_000, 30_000)))
    assert response.status_code == 200 and "Foto 1:" in response.get_data(as_text=True)
    assert count(app, Bake) == 0 and stored_bake_files(app) == []


def test_gps_and_exif_never_reach_other_students(app, client_as, course, ana, bruno):
    source = media.sideways_phone_photo()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(media.GPS_IFD)
    assert post_bake(client_as(ana), course, photo_files(source)).status_code == 302
    [public_id] = photo_ids(app, _only_bake_id(app))
    served = client_as(bruno).get(f"/media/{public_id}")
    assert served.status_code == 200
    image = Image.open(io.BytesIO(served.data))
    assert not image.getexif().get_ifd(media.GPS_IFD)
    assert image.size == (200, 400)  # turned upright, like recipe photos
    assert "private" in served.headers["Cache-Control"]


def _only_bake_id(app) -> int:
    from dulcevicio.extensions import db

    with app.app_context():
        return db.session.query(Bake.id).scalar()


def test_text_too_long_is_refused(app, client_as, course, ana):
    response = post_bake(client_as(ana), course, text="a" * 1001)
    assert response.status_code == 200
    assert "como máximo 1000 caracteres" in response.get_data(as_text=True)
    assert count(app, Bake) == 0 and stored_bake_files(app) == []


def test_a_recipe_of_another_course_is_refused(
    app, client_as, make_course, make_recipe, course, ana
):
    other = make_recipe(make_course(title="Otro"), "Pan", 1)
    for value in (str(other.id), "abc", "99999999999"):
        response = post_bake(client_as(ana), course, recipe_id=value)
        assert response.status_code == 200, value
        assert "Elige una receta de este curso" in response.get_data(as_text=True)
    assert count(app, Bake) == 0 and stored_bake_files(app) == []


def test_posting_is_rate_limited_per_user(app_factory, course, ana, bruno, client_as):
    app = app_factory(RATELIMIT_BAKE_POST="2 per minute")
    client = client_as(ana, app=app)
    for _ in range(4):
        assert client.get(gallery_url(course)).status_code == 200  # reading does not count
    for _ in range(2):
        assert post_bake(client, course).status_code == 302
    response = post_bake(client, course)
    assert response.status_code == 429
    assert count(app, Bake) == 2
    assert post_bake(client_as(bruno, app=app), course).status_code == 302


def test_a_student_without_access_cannot_post_or_see_the_gallery(
    app, client, client_as, course, make_user
):
    assert client.get(gallery_url(course)).status_code == 302  # visitors log in first
    stranger = client_as(make_user(email="x@example.com"))
    assert stranger.get(gallery_url(course)).status_code == 403
    assert post_bake(stranger, course).status_code == 403
    assert count(app, Bake) == 0 and stored_bake_files(app) == []
