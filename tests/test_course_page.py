"""The course page that sells: what the admin enters (learning points, instructor, price,
samples, testimonials), what the page shows of it, and who gets the files it links to."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from dulcevicio import models
from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, Settings
from dulcevicio.services import messages
from dulcevicio.services.storage import MediaKind, save_file
from dulcevicio.services.storage.cleanup import find_unused_files
from tests import media
from tests.admin.conftest import counting_queries, field_errors
from tests.helpers import course_form

NEW_HEADINGS = (
    "Lo que vas a aprender",
    "Recetas de muestra",
    "Quién te enseña",
    "Lo que dicen del curso",
    "Precio:",
    "Vista previa gratis",
)
POINTS = "Masa choux sin grumos\n\n  Crema pastelera   estable \nGlaseado brillante\n"


def page_of(client, course) -> str:
    response = client.get(f"/cursos/{course.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def edit(client, course, **changes):
    return client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, **changes),
        content_type="multipart/form-data",
    )


def photo(name="retrato.jpg"):
    return (io.BytesIO(media.jpeg((600, 800))), name)


def selling_fields(course) -> tuple:
    return (
        course.learning_points,
        course.instructor_name,
        course.instructor_bio,
        course.instructor_photo_public_id,
        course.price_amount,
        course.price_currency,
    )


def media_urls(html: str, folder: str) -> list[str]:
    return re.findall(rf'(/media/{folder}/[^"?]+)', html)


# --- The admin saves the selling fields ---------------------------------------------------


def test_admin_saves_every_selling_field_and_the_page_shows_them(
    admin_client, client, make_course, fetch
):
    course = make_course()
    response = edit(
        admin_client,
        course,
        learning_points=POINTS,
        instructor_name="  Carla   Gómez ",
        instructor_bio="Pastelera en Córdoba desde 2009.\nEnseña con paciencia.",
        instructor_photo=photo(),
        price_amount="25.000,50",
        price_currency="ARS",
    )
    assert response.headers["Location"] == f"/admin/cursos/{course.id}/editar"
    saved = fetch(Course, id=course.id)
    assert (
        saved.learning_points
        == "Masa choux sin grumos\nCrema pastelera estable\nGlaseado brillante"
    )
    assert saved.instructor_name == "Carla Gómez"
    assert saved.instructor_bio.startswith("Pastelera en Córdoba")
    assert saved.price_amount == Decimal("25000.50") and saved.price_currency == "ARS"
    assert saved.instructor_photo_public_id.startswith("instructors/")

    html = page_of(client, course)
    assert "Lo que vas a aprender" in html
    assert html.count('class="bi bi-check2-circle"') == 3
    assert "<span>Crema pastelera estable</span>" in html
    assert "Precio: 25.000,50\u00a0ARS" in html
    assert "Quién te enseña" in html and "Carla Gómez" in html
    [photo_url] = media_urls(html, "instructors")
    assert client.get(photo_url).status_code == 200  # public, like a cover


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("25000", "25,000.00\u00a0MXN"), ("25000.5", "25,000.50\u00a0MXN"), ("1.250", "1,250.00")],
)
def test_price_formats_and_the_settings_currency_by_default(
    admin_client, client, make_course, typed, shown
):
    course = make_course()
    edit(admin_client, course, price_amount=typed, price_currency="")
    assert f"Precio: {shown}" in page_of(client, course)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (
            {"learning_points": "\n".join(f"Punto {n}" for n in range(13))},
            "Escribe como máximo 12 puntos (hay 13).",
        ),
        (
            {"learning_points": "Corto\n" + "x" * 161},
            "El punto 2 tiene 161 caracteres: cada punto puede tener como máximo 160.",
        ),
        (
            {"instructor_name": "N" * 121},
            "El nombre puede tener como máximo 120 caracteres.",
        ),
        (
            {"instructor_bio": "b" * 601},
            "La presentación puede tener como máximo 600 caracteres.",
        ),
        ({"price_amount": "gratis"}, "Escribe el precio con números"),
        ({"price_amount": "0"}, "El precio debe ser mayor que cero."),
        ({"price_amount": "-5"}, "El precio debe ser mayor que cero."),
        ({"price_amount": "10,555"}, None),  # read as 10555: thousands, accepted
        ({"price_amount": "12.5555"}, "El precio admite como máximo dos decimales."),
        ({"price_amount": "10000000000"}, "El precio es demasiado grande."),
        ({"price_currency": "XXX"}, "Opción inválida."),
        (
            {"instructor_photo": (io.BytesIO(b"not an image"), "foto.jpg")},
            "imagen",
        ),
    ],
)
def test_bad_selling_input_is_refused_and_nothing_is_saved(
    admin_client, make_course, fetch, changes, error
):
    course = make_course()
    before = selling_fields(fetch(Course, id=course.id))
    response = edit(admin_client, course, **changes)
    if error is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True))
    assert len(errors) == 1 and error.lower() in errors[0].lower(), errors
    assert selling_fields(fetch(Course, id=course.id)) == before


def test_removing_the_instructor_photo(app, admin_client, client, make_course, fetch):
    course = make_course()
    edit(admin_client, course, instructor_name="Carla", instructor_photo=photo())
    stored = fetch(Course, id=course.id).instructor_photo_public_id
    [url] = media_urls(page_of(client, course), "instructors")
    edit(admin_client, course, instructor_name="Carla", remove_instructor_photo="y")
    assert fetch(Course, id=course.id).instructor_photo_public_id is None
    assert client.get(url).status_code == 404  # the file went after the commit
    assert stored not in page_of(client, course)


# --- The default instructor from the settings --------------------------------------------


def settings_form(**changes) -> dict:
    data = {"business_name": "DulceVicio", "whatsapp_number": "", "currency": "ARS"}
    data |= {f"message_{key}": message.default for key, message in messages.MESSAGES.items()}
    return data | changes


def test_default_instructor_shows_where_a_course_names_none(
    admin_client, client, make_course, fetch
):
    plain, own = make_course(), make_course()
    edit(admin_client, own, instructor_name="Lucía Ferraro", instructor_bio="Chocolatera.")
    assert "Quién te enseña" not in page_of(client, plain)  # neither: no block

    response = admin_client.post(
        "/admin/ajustes",
        data=settings_form(
            instructor_name="Marta Ruiz",
            instructor_bio="Fundadora de la escuela.",
            instructor_photo=photo(),
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))
    row = fetch(Settings, id=1)
    assert (row.instructor_name, row.instructor_bio) == ("Marta Ruiz", "Fundadora de la escuela.")
    assert row.instructor_photo_public_id.startswith("instructors/")

    html = page_of(client, plain)
    assert "Quién te enseña" in html and "Marta Ruiz" in html and "Fundadora" in html
    assert len(media_urls(html, "instructors")) == 1
    html = page_of(client, own)
    assert "Lucía Ferraro" in html and "Marta Ruiz" not in html


def test_settings_refuse_a_bad_photo_and_a_long_bio(admin_client, fetch):
    response = admin_client.post(
        "/admin/ajustes",
        data=settings_form(instructor_name="Marta", instructor_bio="b" * 601),
        content_type="multipart/form-data",
    )
    assert field_errors(response.get_data(as_text=True)) == [
        "La presentación puede tener como máximo 600 caracteres."
    ]
    response = admin_client.post(
        "/admin/ajustes",
        data=settings_form(
            instructor_name="Marta", instructor_photo=(io.BytesIO(b"nope"), "marta.jpg")
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert len(field_errors(response.get_data(as_text=True))) == 1
    assert fetch(Settings, id=1) is None  # nothing saved


def test_settings_photo_is_replaced_and_removed(admin_client, client, fetch):
    def save(**changes):
        response = admin_client.post(
            "/admin/ajustes",
            data=settings_form(instructor_name="Marta", **changes),
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
        return fetch(Settings, id=1).instructor_photo_public_id

    first = save(instructor_photo=photo())
    second = save(instructor_photo=photo())
    assert first != second
    assert client.get(f"/media/{first}").status_code == 404
    assert save() == second  # a save without a file keeps the photo
    assert save(remove_instructor_photo="y") is None
    assert client.get(f"/media/{second}").status_code == 404


# --- The empty page ------------------------------------------------------------------------


def test_the_page_of_a_course_with_nothing_filled_has_none_of_the_new_blocks(client, make_course):
    html = page_of(client, make_course())
    for heading in NEW_HEADINGS:
        assert heading not in html
    assert "<video" not in html and "<blockquote" not in html


# --- Sample recipes --------------------------------------------------------------------------


def recipe_form(recipe, **changes) -> dict:
    return {
        "title": recipe.title,
        "description": "",
        "recipe_text": recipe.recipe_text or "",
        "is_active": "y",
        **changes,
    }


@pytest.fixture
def recipes_with_photos(app, admin_client, make_course):
    """A course with four recipes, each with a stored photo."""
    course = make_course()
    for name in ("flan", "alfajores", "budín", "chocotorta"):
        admin_client.post(
            f"/admin/cursos/{course.id}/recetas/subir",
            data={"images": [(io.BytesIO(media.jpeg()), f"{name}.jpg")]},
            content_type="multipart/form-data",
        )
    with app.app_context():
        recipes = db.session.scalars(
            sa.select(Recipe).where(Recipe.course_id == course.id).order_by(Recipe.position)
        ).all()
        for recipe in recipes:
            db.session.expunge(recipe)
    assert len(recipes) == 4
    return course, recipes


def mark_sample(client, course, recipe, flag=True):
    return client.post(
        f"/admin/cursos/{course.id}/recetas/{recipe.id}/editar",
        data=recipe_form(recipe, **({"is_sample": "y"} if flag else {})),
    )


def test_at_most_three_samples_per_course(admin_client, recipes_with_photos, fetch):
    course, recipes = recipes_with_photos
    for recipe in recipes[:3]:
        assert mark_sample(admin_client, course, recipe).status_code == 302
    response = mark_sample(admin_client, course, recipes[3])
    assert field_errors(response.get_data(as_text=True)) == [
        "Este curso ya tiene 3 recetas de muestra, el máximo. Desmarca otra antes de marcar esta."
    ]
    assert fetch(Recipe, id=recipes[3].id).is_sample is False
    # A sample saved again stays one; unmarking one frees a place.
    assert mark_sample(admin_client, course, recipes[0]).status_code == 302
    mark_sample(admin_client, course, recipes[0], flag=False)
    assert mark_sample(admin_client, course, recipes[3]).status_code == 302
    assert [fetch(Recipe, id=r.id).is_sample for r in recipes] == [False, True, True, True]


def test_a_sample_photo_is_public_while_the_recipe_stays_locked(
    admin_client, client, client_as, recipes_with_photos
):
    course, recipes = recipes_with_photos
    sample, other = recipes[0], recipes[1]
    mark_sample(admin_client, course, sample)
    html = page_of(client, course)
    assert "Recetas de muestra" in html and sample.title in html
    assert other.title not in html
    # The tile links nowhere for a viewer without access.
    assert f"/recetas/{sample.id}" not in html
    [photo_url] = media_urls(html, "recipes")
    assert client.get(photo_url).status_code == 200
    assert client.get(f"/media/{other.image_public_id}").status_code == 404
    recipe_page = f"/cursos/{course.slug}/recetas/{sample.id}"
    assert client.get(recipe_page).status_code == 302  # to the login page
    stranger = client_as("student")
    assert stranger.get(recipe_page).status_code == 403
    assert stranger.get(f"/media/{sample.image_public_id}").status_code == 200
    assert stranger.get(f"/media/{other.image_public_id}").status_code == 404


def test_an_inactive_sample_or_course_makes_the_photo_private_again(
    app, admin_client, client, recipes_with_photos
):
    course, recipes = recipes_with_photos
    sample = recipes[0]
    mark_sample(admin_client, course, sample)
    admin_client.post(
        f"/admin/cursos/{course.id}/recetas/{sample.id}/editar",
        data=recipe_form(sample, is_sample="y", is_active=""),
    )
    assert client.get(f"/media/{sample.image_public_id}").status_code == 404
    assert "Recetas de muestra" not in page_of(client, course)
    mark_sample(admin_client, course, sample)  # active again
    assert client.get(f"/media/{sample.image_public_id}").status_code == 200
    with app.app_context():
        db.session.get(Course, course.id).is_active = False
        db.session.commit()
    assert client.get(f"/media/{sample.image_public_id}").status_code == 404


def test_students_with_access_see_the_whole_gallery_not_a_samples_block(
    admin_client, client_as, grant, recipes_with_photos
):
    course, recipes = recipes_with_photos
    mark_sample(admin_client, course, recipes[0])
    student = client_as("student")
    grant(student.user, course)
    html = page_of(student, course)
    assert "Recetas de muestra" not in html
    assert all(f"/recetas/{recipe.id}" in html for recipe in recipes)


# --- The preview video and its poster ------------------------------------------------------


def upload_video(client, lesson_id):
    response = client.post(
        f"/admin/lecciones/{lesson_id}/video",
        data={"video": (io.BytesIO(media.mp4(50_000)), "clase.mp4")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


def lesson_ids(app, course) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(Lesson.id).where(Lesson.course_id == course.id).order_by(Lesson.position)
            )
        )


def store_poster(app, lesson_id) -> str:
    with app.app_context():
        stored = save_file(media.jpeg((320, 180)), MediaKind.POSTER, "jpg")
        db.session.get(Lesson, lesson_id).poster_public_id = stored.public_id
        db.session.commit()
        return stored.public_id


def test_the_preview_plays_first_with_the_cover_as_poster(app, admin_client, client, make_course):
    course = make_course(lessons=2)  # lesson 1 is a preview
    preview_id, paid_id = lesson_ids(app, course)
    upload_video(admin_client, paid_id)
    assert "<video" not in page_of(client, course)  # the paid lesson never plays here
    edit(admin_client, course, thumbnail=(io.BytesIO(media.jpeg((1600, 900))), "portada.jpg"))
    upload_video(admin_client, preview_id)
    with app.app_context():
        lesson = db.session.get(Lesson, preview_id)
        if lesson.poster_public_id:  # a frame taken at upload, when the machine can
            lesson.poster_public_id = None
            db.session.commit()
        video_url, cover = lesson.video_url, db.session.get(Course, course.id).thumbnail_url
    html = page_of(client, course)
    assert html.index("<video") < html.index("<h1")
    [tag] = re.findall(r"<video[^>]*>", html)
    assert f'src="{video_url}"' in tag and f'poster="{cover}"' in tag
    assert client.get(video_url).status_code == 200


def test_a_poster_follows_its_lesson(app, admin_client, client, client_as, grant, make_course):
    course = make_course(lessons=2)
    preview_id, paid_id = lesson_ids(app, course)
    upload_video(admin_client, preview_id)
    preview_poster = store_poster(app, preview_id)
    paid_poster = store_poster(app, paid_id)
    [tag] = re.findall(r"<video[^>]*>", page_of(client, course))
    assert f'poster="/media/{preview_poster}"' in tag
    assert client.get(f"/media/{preview_poster}").status_code == 200
    assert client.get(f"/media/{paid_poster}").status_code == 404
    student = client_as("student")
    assert student.get(f"/media/{paid_poster}").status_code == 404
    grant(student.user, course)
    assert student.get(f"/media/{paid_poster}").status_code == 200


def test_with_cloudinary_the_poster_is_the_frame_cloudinary_derives(
    cloud_app, cloud_admin, make_course
):
    course = make_course(lessons=1)
    with cloud_app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.course_id == course.id))
        lesson.video_public_id = "dulcevicio/courses/videos/lesson-1-abc"
        lesson.video_url = "https://example.invalid/video.mp4"
        db.session.commit()
    html = page_of(cloud_app.test_client(), course)
    [tag] = re.findall(r"<video[^>]*>", html)
    poster = re.search(r'poster="([^"]+)"', tag).group(1)
    assert "/video/authenticated/" in poster and "so_auto" in poster
    assert poster.endswith("/dulcevicio/courses/videos/lesson-1-abc.jpg")


# --- Testimonials on the page and the fixed query count ----------------------------------


def add_testimonials(app, course, count):
    with app.app_context():
        for number in range(count):
            db.session.add(
                models.Testimonial(
                    course_id=course.id,
                    author_name=f"Alumna {number}",
                    author_detail="Alumna de Córdoba",
                    text=f"Me encantó el curso {number}.",
                    position=number + 1,
                )
            )
        db.session.commit()


def test_testimonials_show_in_order_as_quotes(app, client, make_course):
    course = make_course()
    add_testimonials(app, course, 2)
    html = page_of(client, course)
    assert "Lo que dicen del curso" in html
    assert html.count("<blockquote") == 2
    assert html.index("Alumna 0") < html.index("Alumna 1")
    assert "Alumna de Córdoba" in html


def fill(app, course, *, samples: int, testimonials: int):
    add_testimonials(app, course, testimonials)
    with app.app_context():
        for number in range(samples):
            db.session.add(
                Recipe(
                    course_id=course.id,
                    title=f"Muestra {number}",
                    position=number + 1,
                    image_public_id=f"recipes/{number}-{course.id}.jpg",
                    is_sample=True,
                )
            )
        db.session.get(Course, course.id).instructor_name = "Carla"
        db.session.get(Course, course.id).learning_points = "Uno\nDos"
        db.session.commit()


@pytest.mark.parametrize("viewer", ["visitor", "student", "admin"])
def test_the_course_page_query_count_does_not_grow_with_its_content(
    app, client, client_as, make_course, viewer
):
    small, large = make_course(lessons=1), make_course(lessons=5)
    fill(app, small, samples=1, testimonials=1)
    fill(app, large, samples=3, testimonials=5)
    who = {"visitor": client, "student": None, "admin": None}[viewer] or client_as(viewer)
    counts = []
    for course in (small, large):
        page_of(who, course)  # warm the caches of this worker
        with counting_queries(app) as statements:
            html = page_of(who, course)
        counts.append(len(statements))
        assert "Quién te enseña" in html
    assert counts[0] == counts[1], counts


# --- The demo --------------------------------------------------------------------------------


def test_the_demo_fills_every_course_page_once(app, client, rows, fetch):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--skip-videos"]).exit_code == 0
    courses = rows(Course)
    testimonials = rows(models.Testimonial)
    samples = rows(Recipe, Recipe.is_sample)
    assert len(testimonials) == 3 * len(courses)
    assert all(2 <= sum(r.course_id == c.id for r in samples) <= 3 for c in courses)
    default = fetch(Settings, id=1)
    assert default.instructor_name and default.instructor_photo_public_id
    for course in courses:
        assert course.instructor_name and course.instructor_photo_public_id
        assert course.price_amount and course.learning_points
        html = page_of(client, course)
        for heading in NEW_HEADINGS[:-1]:  # the demo's videos were skipped
            assert heading in html, (course.slug, heading)
        for url in media_urls(html, "instructors") + media_urls(html, "recipes"):
            assert client.get(url).status_code == 200, url
    assert runner.invoke(args=["seed-demo", "--skip-videos"]).exit_code == 0
    assert len(rows(models.Testimonial)) == len(testimonials)
    assert len(rows(Recipe, Recipe.is_sample)) == len(samples)


# --- Storage clean-up knows who owns instructor photos and posters ------------------------


def test_the_clean_up_keeps_instructor_photos_and_posters_in_use(app, admin_client, make_course):
    course = make_course(lessons=1)
    edit(admin_client, course, instructor_name="Carla", instructor_photo=photo())
    admin_client.post(
        "/admin/ajustes",
        data=settings_form(instructor_name="Marta", instructor_photo=photo()),
        content_type="multipart/form-data",
    )
    store_poster(app, lesson_ids(app, course)[0])
    with app.app_context():
        orphans = {
            kind: save_file(media.jpeg(), kind, "jpg").public_id
            for kind in (MediaKind.INSTRUCTOR_PHOTO, MediaKind.POSTER)
        }
        db.session.commit()  # files without rows: what a killed worker leaves
        report = find_unused_files(timedelta(0))
    unused = {(item.kind, item.file.public_id) for item in report.unused}
    assert unused == set(orphans.items())
    assert report.files_seen >= 5


def test_a_new_course_takes_the_selling_fields_too(admin_client, client, fetch):
    data = {
        "title": "Alfajores",
        "slug": "",
        "description": "",
        "difficulty_level": "BEGINNER",
        "is_active": "y",
        "learning_points": "Masa sablée\nDulce de leche repostero",
        "price_amount": "9.500",
        "price_currency": "ARS",
        "instructor_name": "Carla",
        "instructor_photo": photo(),
    }
    response = admin_client.post(
        "/admin/cursos/nuevo", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))
    course = fetch(Course, Course.slug == "alfajores")
    assert selling_fields(course)[:2] == ("Masa sablée\nDulce de leche repostero", "Carla")
    assert course.instructor_photo_public_id and course.price_amount == Decimal("9500")
    assert "Precio: 9.500,00\u00a0ARS" in page_of(client, course)


def test_with_cloudinary_the_instructor_photo_is_a_public_image(
    cloud_app, cloud_admin, cloudinary_stub, make_course, fetch
):
    course = make_course()
    response = cloud_admin.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, instructor_name="Carla", instructor_photo=photo()),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    public_id = fetch(Course, id=course.id).instructor_photo_public_id
    asset = cloudinary_stub.assets[public_id]
    assert (asset.resource_type, asset.delivery_type) == ("image", "upload")
    html = page_of(cloud_app.test_client(), course)
    assert re.search(rf'src="[^"]+/image/upload/[^"]*{re.escape(public_id)}\.jpg"', html)
