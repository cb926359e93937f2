"""Admin screens with files: course covers, recipe photos and the book, lesson videos."""

import io
import os

import sqlalchemy as sa
from pypdf import PdfReader

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Lesson, Recipe
from tests import media
from tests.helpers import course_form


def files(app, folder: str) -> list[str]:
    path = os.path.join(app.config["UPLOAD_FOLDER"], folder)
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def course_row(app, course_id) -> Course:
    with app.app_context():
        row = db.session.get(Course, course_id)
        db.session.expunge(row)
        return row


def upload(admin_client, course_id, *names):
    return admin_client.post(
        f"/admin/cursos/{course_id}/recetas/subir",
        data={"images": [(io.BytesIO(media.jpeg()), name) for name in names]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def book_titles(app, course_id) -> list[str]:
    course = course_row(app, course_id)
    path = os.path.join(app.config["UPLOAD_FOLDER"], course.recipe_pdf_public_id)
    return [entry.title for entry in PdfReader(path).outline]


def test_new_course_with_a_cover(app, admin_client):
    response = admin_client.post(
        "/admin/cursos/nuevo",
        data={
            "title": "Chocolatería",
            "difficulty_level": "INTERMEDIATE",
            "is_active": "y",
            "thumbnail": (io.BytesIO(media.jpeg((2400, 1800))), "portada.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        course = db.session.scalar(sa.select(Course).where(Course.title == "Chocolatería"))
        assert course.thumbnail_url.startswith("/media/thumbnails/")
    cover = admin_client.get(course.thumbnail_url)
    assert cover.status_code == 200 and cover.mimetype == "image/jpeg"


def test_a_refused_cover_undoes_the_whole_edit(app, admin_client, make_course):
    course = make_course(title="Título original")
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, title="Título nuevo", thumbnail=(io.BytesIO(media.SVG), "x.svg")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "no es una imagen válida" in response.get_data(as_text=True)
    assert course_row(app, course.id).title == "Título original"
    assert files(app, "thumbnails") == []


def test_replacing_the_cover_removes_the_old_file(app, admin_client, make_course):
    course = make_course()
    for name in ("uno.jpg", "dos.jpg"):
        admin_client.post(
            f"/admin/cursos/{course.id}/editar",
            data=course_form(course, thumbnail=(io.BytesIO(media.jpeg()), name)),
            content_type="multipart/form-data",
        )
    assert len(files(app, "thumbnails")) == 1
    assert course_row(app, course.id).thumbnail_public_id.endswith(files(app, "thumbnails")[0])


def test_every_recipe_change_rebuilds_the_book(app, admin_client, make_course):
    course = make_course(lessons=0)
    upload(admin_client, course.id, "flan.jpg", "churros.jpg", "alfajores.jpg")
    assert book_titles(app, course.id) == ["Flan", "Churros", "Alfajores"]
    with app.app_context():
        ids = dict(db.session.execute(sa.select(Recipe.title, Recipe.id)).all())
    base = f"/admin/cursos/{course.id}/recetas"

    admin_client.post(f"{base}/{ids['Alfajores']}/mover", data={"direccion": "arriba"})
    assert book_titles(app, course.id) == ["Flan", "Alfajores", "Churros"]

    admin_client.post(
        f"{base}/{ids['Flan']}/editar",
        data={"title": "Flan casero", "description": "", "recipe_text": "Huevos", "is_active": "y"},
    )
    assert book_titles(app, course.id) == ["Flan casero", "Alfajores", "Churros"]

    admin_client.post(
        f"{base}/{ids['Churros']}/editar",
        data={"title": "Churros", "description": "", "recipe_text": "", "is_active": ""},
    )
    assert book_titles(app, course.id) == ["Flan casero", "Alfajores"]

    admin_client.post(f"{base}/{ids['Alfajores']}/eliminar")
    assert book_titles(app, course.id) == ["Flan casero"]
    assert len(files(app, "recipes")) == 2  # the deleted recipe's photo is gone
    assert len(files(app, "books")) == 1  # every replaced book is gone too


def test_recipe_photo_replacement_from_the_edit_page(app, admin_client, make_course):
    course = make_course(lessons=0)
    upload(admin_client, course.id, "flan.jpg")
    with app.app_context():
        recipe_id, old = db.session.execute(sa.select(Recipe.id, Recipe.image_public_id)).one()
    page = admin_client.get(f"/admin/cursos/{course.id}/recetas/{recipe_id}/editar")
    assert "Reemplazar foto" in page.get_data(as_text=True)
    response = admin_client.post(
        f"/admin/recetas/{recipe_id}/imagen",
        data={"image": (io.BytesIO(media.transparent_png()), "nuevo.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Foto reemplazada." in response.get_data(as_text=True)
    assert f"{old.rsplit('/', 1)[1]}" not in files(app, "recipes")
    refused = admin_client.post(
        f"/admin/recetas/{recipe_id}/imagen",
        data={"image": (io.BytesIO(media.HTML), "x.jpg")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "no es una imagen válida" in refused.get_data(as_text=True)


def test_deleting_a_lesson_removes_its_video(app, admin_client, make_course):
    course = make_course(lessons=2)
    with app.app_context():
        first, second = db.session.scalars(sa.select(Lesson.id).order_by(Lesson.position)).all()
    for lesson_id in (first, second):
        admin_client.post(
            f"/admin/lecciones/{lesson_id}/video",
            data={"video": (io.BytesIO(media.mp4()), "clase.mp4")},
            content_type="multipart/form-data",
        )
    assert len(files(app, "videos")) == 2
    admin_client.post(f"/admin/cursos/{course.id}/lecciones/{first}/eliminar")
    assert len(files(app, "videos")) == 1


def test_deleting_a_course_removes_all_its_files(app, admin_client, make_course):
    course = make_course(lessons=1)
    admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, thumbnail=(io.BytesIO(media.jpeg()), "p.jpg")),
        content_type="multipart/form-data",
    )
    upload(admin_client, course.id, "flan.jpg")
    with app.app_context():
        lesson_id = db.session.scalar(sa.select(Lesson.id))
    admin_client.post(
        f"/admin/lecciones/{lesson_id}/video",
        data={"video": (io.BytesIO(media.webm()), "clase.webm")},
        content_type="multipart/form-data",
    )
    assert all(files(app, folder) for folder in ("thumbnails", "recipes", "books", "videos"))
    response = admin_client.post(f"/admin/cursos/{course.id}/eliminar", data={})
    assert response.status_code == 302
    assert not any(files(app, folder) for folder in ("thumbnails", "recipes", "books", "videos"))


def test_lesson_pages_link_to_the_video_page(admin_client, make_course):
    course = make_course(lessons=1)
    listing = admin_client.get(f"/admin/cursos/{course.id}/lecciones").get_data(as_text=True)
    assert "/video" in listing and "Video" in listing


def test_overview_lists_unanswered_forum_questions(
    app, admin, admin_client, make_user, make_course
):
    course = make_course()
    student = make_user(full_name="Lucía Pregunta")
    with app.app_context():
        db.session.add(Comment(course_id=course.id, user_id=student.id, content="¿Cuánto levado?"))
        answered = Comment(course_id=course.id, user_id=student.id, content="¿Y la sal?")
        db.session.add(answered)
        db.session.flush()
        db.session.add(
            Comment(
                course_id=course.id,
                user_id=admin.id,
                parent_id=answered.id,
                content="10 g",
                is_admin_response=True,
            )
        )
        db.session.commit()
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "Preguntas sin respuesta del equipo" in page
    assert "¿Cuánto levado?" in page and "¿Y la sal?" not in page
