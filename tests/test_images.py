"""The image service: content validation and normalisation (pure rules), and uploads
refused through HTTP leaving no row and no file behind."""

import io
import os

import pytest
import sqlalchemy as sa
from PIL import Image

from dulcevicio.extensions import db
from dulcevicio.models import Recipe, User
from dulcevicio.services.media import images
from dulcevicio.services.media.images import ImageRejected
from tests import media
from tests.helpers import count_rows, csrf_token_from


def opened(result: images.NormalizedImage) -> Image.Image:
    image = Image.open(io.BytesIO(result.data))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert (image.width, image.height) == (result.width, result.height)
    return image


def test_exif_orientation_is_applied():
    image = opened(images.normalize_photo(media.sideways_phone_photo()))
    assert image.width < image.height  # stored landscape, shown portrait
    top, bottom = image.getpixel((100, 20)), image.getpixel((100, 380))
    assert top[0] > 200 and top[2] < 60  # red on top
    assert bottom[2] > 200 and bottom[0] < 60  # blue at the bottom


def test_all_metadata_is_stripped():
    source = media.sideways_phone_photo()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(media.GPS_IFD)
    result = images.normalize_photo(source)
    image = opened(result)
    assert not image.getexif()
    assert b"Exif" not in result.data[:4096]
    assert "icc_profile" not in image.info


def test_transparent_png_is_flattened_on_white():
    image = opened(images.normalize_photo(media.transparent_png()))
    assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)
    green = image.getpixel((150, 100))
    assert green[1] > 100 and green[0] < 40


@pytest.mark.parametrize("source", [media.cmyk_jpeg(), media.sixteen_bit_png(), media.webp()])
def test_other_accepted_inputs_become_rgb_jpeg(source):
    opened(images.normalize_photo(source))


def test_sixteen_bit_greys_are_scaled_not_clipped():
    image = opened(images.normalize_photo(media.sixteen_bit_png()))
    left, right = image.getpixel((2, 50))[0], image.getpixel((197, 50))[0]
    assert left < 20 and 200 < right < 250


def test_long_side_is_capped_and_phone_photos_decode_at_reduced_scale():
    result = images.normalize_photo(media.jpeg((4000, 3000)))
    assert (result.width, result.height) == (2000, 1500)
    small = images.normalize_photo(media.jpeg((800, 600)))
    assert (small.width, small.height) == (800, 600)  # never enlarged


def test_thumbnail_and_avatar_renditions():
    assert opened(images.make_thumbnail(media.jpeg((3000, 3000)))).size == (1280, 720)
    assert opened(images.make_thumbnail(media.sideways_phone_photo())).size == (1280, 720)
    assert opened(images.make_avatar(media.jpeg((1200, 800)))).size == (256, 256)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (media.SVG, "no es una imagen válida"),
        (media.HTML, "no es una imagen válida"),
        (media.gif(), "no es una imagen válida"),
        (media.truncated_jpeg(), "dañada o incompleta"),
        (b"", "vacío"),
        (media.png_header(30_000, 30_000), "demasiado grande"),
        (media.png_header(7_000, 7_000), "40 megapíxeles"),
    ],
    ids=["svg", "html", "gif", "truncated", "empty", "bomb-900mp", "49mp"],
)
def test_refused_files(data, message):
    with pytest.raises(ImageRejected, match=message):
        images.normalize_photo(data)


def test_oversized_file_is_refused_without_reading_it_all():
    stream = io.BytesIO(b"\xff\xd8" + b"\x00" * (images.MAX_IMAGE_BYTES + 10))
    with pytest.raises(ImageRejected, match="20 MB"):
        images.normalize_photo(stream)


def uploaded_files(app) -> list[str]:
    root = app.config["UPLOAD_FOLDER"]
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("dibujo.svg", media.SVG),
        ("pagina.jpg", media.HTML),
        ("cortada.jpg", media.truncated_jpeg()),
        ("vacia.jpg", b""),
        ("bomba.png", media.png_header(30_000, 30_000)),
    ],
)
def test_refused_recipe_upload_leaves_no_row_and_no_file(
    app, admin_client, make_course, filename, data
):
    course = make_course()
    response = admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={"images": [(io.BytesIO(data), filename)]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Ninguna de las fotos se pudo usar." in page
    assert count_rows(app, Recipe) == 0
    assert uploaded_files(app) == []


def test_mixed_upload_keeps_the_good_photos_and_names_the_bad(app, admin_client, make_course):
    course = make_course()
    response = admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={
            "images": [
                (io.BytesIO(media.jpeg()), "tarta_de-limón.JPG"),
                (io.BytesIO(media.SVG), "malo.svg"),
                (io.BytesIO(media.transparent_png()), "galletas.png"),
            ]
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Se agregaron 2 recetas." in page
    assert "No se pudo usar «Malo»" in page
    with app.app_context():
        titles = db.session.scalars(sa.select(Recipe.title).order_by(Recipe.position)).all()
    assert titles == ["Tarta de limón", "Galletas"]
    # two normalised photos and the rebuilt book
    assert sorted(path.rsplit(".", 1)[1] for path in uploaded_files(app)) == ["jpg", "jpg", "pdf"]


def test_refused_avatar_is_a_form_error(app, client_as):
    client = client_as("student")
    user = client.user
    response = client.post(
        "/cuenta",
        data={"full_name": "Otro Nombre", "avatar": (io.BytesIO(media.HTML), "yo.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "no es una imagen válida" in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.avatar_url is None
        assert stored.full_name == user.full_name  # nothing half-saved
    assert uploaded_files(app) == []


def test_avatar_upload_replace_and_remove(app, client_as):
    client = client_as("student")
    user = client.user
    client.post(
        "/cuenta",
        data={
            "full_name": user.full_name,
            "avatar": (io.BytesIO(media.sideways_phone_photo()), "yo.jpg"),
        },
        content_type="multipart/form-data",
    )
    with app.app_context():
        first = db.session.get(User, user.id).avatar_url
    assert first.startswith("/media/avatars/")
    avatar = client.get(first)
    assert avatar.status_code == 200
    image = Image.open(io.BytesIO(avatar.data))
    assert image.size == (256, 256) and not image.getexif()

    client.post(
        "/cuenta",
        data={"full_name": user.full_name, "avatar": (io.BytesIO(media.jpeg()), "otra.jpg")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        second = db.session.get(User, user.id).avatar_url
    assert second != first
    assert client.get(first).status_code == 404  # the replaced file is gone
    client.post("/cuenta", data={"full_name": user.full_name, "remove_avatar": "y"})
    with app.app_context():
        assert db.session.get(User, user.id).avatar_url is None
    assert uploaded_files(app) == []


def test_recipe_route_accepts_bodies_above_the_global_limit(app_factory, client_as, make_course):
    """A 26 MB photo is over the global 25 MB body limit: the recipe route lets it in to
    say why it is refused; an ordinary route answers 413."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    course = make_course()
    client = client_as("admin", app=app)
    token = csrf_token_from(client.get(f"/admin/cursos/{course.id}/recetas").get_data(as_text=True))
    big = b"\xff\xd8\xff" + b"\x00" * (26 * 1024 * 1024)
    response = client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={"csrf_token": token, "images": [(io.BytesIO(big), "enorme.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "La imagen supera los 20 MB." in response.get_data(as_text=True)
    too_big = client.post(
        "/cuenta",
        data={"csrf_token": token, "full_name": "X", "avatar": (io.BytesIO(big), "yo.jpg")},
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 413
    assert "Archivo demasiado grande" in too_big.get_data(as_text=True)
