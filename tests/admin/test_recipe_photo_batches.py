"""Recipe photos sent by the browser one request each (JSON answers), and the recipe book
rebuilt once per batch: at the batch's end, or before the next download."""

import io
import os
import threading
import time

import pytest
from pypdf import PdfReader

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.services import recipe_book
from dulcevicio.services.media.images import MAX_IMAGE_BYTES
from tests import media
from tests.helpers import next_commit_fails

JSON = {"Accept": "application/json"}


def files(app, folder: str) -> list[str]:
    path = os.path.join(app.config["UPLOAD_FOLDER"], folder)
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def send_photo(client, course_id, data=None, name="flan.jpg", batch=True):
    fields = {"photo": (io.BytesIO(media.jpeg() if data is None else data), name)}
    if batch:
        fields["lote"] = "y"
    return client.post(
        f"/admin/cursos/{course_id}/recetas/subir",
        data=fields,
        headers=JSON,
        content_type="multipart/form-data",
    )


def finish(client, course_id):
    return client.post(f"/admin/cursos/{course_id}/recetario", data={"lote": "y"}, headers=JSON)


def book_titles(app, course: Course) -> list[str]:
    path = os.path.join(app.config["UPLOAD_FOLDER"], course.recipe_pdf_public_id)
    return [item.title for item in PdfReader(path).outline]


def test_one_photo_answers_json_and_marks_the_book_outdated(app, admin_client, make_course, fetch):
    course = make_course(lessons=0)
    answer = send_photo(admin_client, course.id, name="tarta_de-limón.jpg")
    assert answer.status_code == 200
    recipe = fetch(Recipe, Recipe.course_id == course.id)
    assert answer.json["id"] == recipe.id and answer.json["title"] == "Tarta de limón"
    assert answer.json["thumbnail"] == f"/media/{recipe.image_public_id}?w=300"
    assert answer.json["edit_url"].endswith(f"/recetas/{recipe.id}/editar")
    stored = fetch(Course, id=course.id)
    assert stored.recipe_pdf_public_id is None and stored.recipe_book_outdated_at is not None
    assert files(app, "books") == []


def test_outside_a_batch_the_book_is_built_at_once(app, admin_client, make_course, fetch):
    course = make_course(lessons=0)
    answer = send_photo(admin_client, course.id, batch=False)
    assert answer.status_code == 200 and answer.json["book"] == "Recetario actualizado."
    stored = fetch(Course, id=course.id)
    assert stored.recipe_pdf_public_id and stored.recipe_book_outdated_at is None


def test_the_batch_end_builds_the_book_once(app, admin_client, make_course, fetch):
    course = make_course(lessons=0)
    for name in ("flan.jpg", "churros.jpg", "alfajores.jpg"):
        assert send_photo(admin_client, course.id, name=name).status_code == 200
    assert files(app, "books") == []
    answer = finish(admin_client, course.id)
    assert answer.status_code == 200
    assert answer.json == {"message": "Recetario actualizado.", "category": "success"}
    built = fetch(Course, id=course.id)
    assert built.recipe_book_outdated_at is None
    assert book_titles(app, built) == ["Flan", "Churros", "Alfajores"]
    # A second "end" (a retried photo's batch that added nothing) builds nothing.
    again = finish(admin_client, course.id)
    assert again.json["message"] == "El recetario ya estaba al día."
    assert fetch(Course, id=course.id).recipe_pdf_generated_at == built.recipe_pdf_generated_at
    assert len(files(app, "books")) == 1


def test_the_rebuild_button_still_rebuilds_and_redirects(app, admin_client, make_course, fetch):
    course = make_course(lessons=0)
    send_photo(admin_client, course.id)
    page = admin_client.post(f"/admin/cursos/{course.id}/recetario", follow_redirects=True)
    assert "Recetario actualizado." in page.get_data(as_text=True)
    assert fetch(Course, id=course.id).recipe_book_outdated_at is None


@pytest.mark.parametrize(
    ("data", "name", "status", "reason"),
    [
        (b"GIF89a not really", "dibujo.gif", 400, "imagen"),
        (media.truncated_jpeg(), "cortada.jpg", 400, "imagen"),
        (b"", "vacia.jpg", 400, "vacío"),
        (b"\xff\xd8" + b"\x00" * (MAX_IMAGE_BYTES + 10), "enorme.jpg", 413, "20 MB"),
    ],
)
def test_a_refused_photo_says_why_and_saves_nothing(
    app, admin_client, make_course, rows, data, name, status, reason
):
    course = make_course(lessons=0)
    answer = send_photo(admin_client, course.id, data=data, name=name)
    assert answer.status_code == status
    assert reason in answer.json["error"]
    assert rows(Recipe) == [] and files(app, "recipes") == []


def test_a_request_without_a_photo_is_a_400(admin_client, make_course, rows):
    course = make_course(lessons=0)
    answer = admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir", data={"lote": "y"}, headers=JSON
    )
    assert answer.status_code == 400 and answer.json["error"].startswith("Elige una foto")
    assert rows(Recipe) == []


def test_an_interrupted_upload_leaves_nothing(app, admin_client, make_course, rows):
    """The connection drops halfway through the photo: the form cannot be read whole."""
    course = make_course(lessons=0)
    boundary = "----cortado"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    photo = media.jpeg((1200, 900))
    body = head + photo[: len(photo) // 2]
    answer = admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        input_stream=io.BytesIO(body),
        content_length=len(body) + len(photo),  # more than ever arrives
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=JSON,
    )
    assert answer.status_code == 400
    assert rows(Recipe) == [] and files(app, "recipes") == []


def test_a_storage_failure_is_a_503_without_a_row(
    app, admin_client, make_course, rows, monkeypatch
):
    from dulcevicio.services.storage import StorageError
    from dulcevicio.services.storage.local import LocalStorage

    def fail(*_args, **_kwargs):
        raise StorageError("No pudimos guardar el archivo en el servidor.")

    monkeypatch.setattr(LocalStorage, "save", fail)
    course = make_course(lessons=0)
    answer = send_photo(admin_client, course.id)
    assert answer.status_code == 503 and "No pudimos guardar" in answer.json["error"]
    assert rows(Recipe) == []


def test_the_download_rebuilds_an_outdated_book_first(
    app, admin_client, client_as, make_course, grant, fetch
):
    course = make_course(lessons=0)
    for name in ("flan.jpg", "churros.jpg"):
        send_photo(admin_client, course.id, name=name)
    student = client_as("student")
    grant(student.user, course)
    answer = student.get(f"/cursos/{course.slug}/recetario.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    built = fetch(Course, id=course.id)
    assert built.recipe_book_outdated_at is None
    assert book_titles(app, built) == ["Flan", "Churros"]
    # The next download finds it current: nothing is rebuilt.
    student.get(f"/cursos/{course.slug}/recetario.pdf")
    assert fetch(Course, id=course.id).recipe_pdf_generated_at == built.recipe_pdf_generated_at
    assert len(files(app, "books")) == 1


def test_a_failed_rebuild_on_download_sends_the_previous_book(
    app, admin_client, make_course, fetch
):
    course = make_course(lessons=0)
    send_photo(admin_client, course.id, name="flan.jpg", batch=False)
    previous = fetch(Course, id=course.id).recipe_pdf_public_id
    send_photo(admin_client, course.id, name="churros.jpg")
    churros = fetch(Recipe, Recipe.title == "Churros")
    os.remove(os.path.join(app.config["UPLOAD_FOLDER"], churros.image_public_id))
    answer = admin_client.get(f"/cursos/{course.slug}/recetario.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    kept = fetch(Course, id=course.id)
    assert kept.recipe_pdf_public_id == previous and kept.recipe_book_outdated_at is not None


def test_the_list_page_says_the_book_waits(admin_client, make_course):
    course = make_course(lessons=0)
    send_photo(admin_client, course.id)
    page = admin_client.get(f"/admin/cursos/{course.id}/recetas").get_data(as_text=True)
    assert "el recetario se actualizará al terminar la subida" in page
    with admin_client.application.app_context():
        assert db.session.get(Course, course.id).recipe_book_outdated_at is not None


def test_two_downloads_at_once_rebuild_once(app, admin_client, make_course, monkeypatch, fetch):
    """Two workers (or dynos) find the book outdated together: on PostgreSQL the row lock
    makes the second wait, then find the mark cleared and send the new book. SQLite has no
    row locks: there both may rebuild (a harmless duplicate), and both still get a book."""
    row_locks = not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    course = make_course(lessons=0)
    for name in ("flan.jpg", "churros.jpg"):
        send_photo(admin_client, course.id, name=name)
    builds, build = [], recipe_book.build_recipe_book

    def slow(*args, **kwargs):
        builds.append(threading.get_ident())
        time.sleep(0.5)
        return build(*args, **kwargs)

    monkeypatch.setattr(recipe_book, "build_recipe_book", slow)
    together = threading.Barrier(2)
    books = []

    def download():
        with app.app_context():
            stored = db.session.get(Course, course.id)
            together.wait()
            if recipe_book.ensure_recipe_book_current(stored):
                db.session.commit()
            books.append(stored.recipe_pdf_public_id)

    workers = [threading.Thread(target=download) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=20)
    assert len(builds) == 1 if row_locks else len(builds) in (1, 2)
    assert len(books) == 2 and None not in books
    if row_locks:
        assert books[0] == books[1]
    kept = fetch(Course, id=course.id)
    assert kept.recipe_book_outdated_at is None and kept.recipe_pdf_public_id in books


def test_a_commit_failure_after_the_photo_is_stored_leaves_nothing(
    app, admin_client, make_course, rows, fetch
):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    course = make_course(lessons=0)
    with next_commit_fails():
        answer = send_photo(admin_client, course.id)
    assert answer.status_code == 503 and "base de datos" in answer.json["error"]
    assert rows(Recipe) == [] and files(app, "recipes") == []
    assert fetch(Course, id=course.id).recipe_book_outdated_at is None
