"""Student pages through HTTP: dashboard, catalog, course, lesson, progress, recipes, book."""

import io
import re
import threading
from contextlib import contextmanager
from datetime import timedelta

import pypdf
import pytest
import sqlalchemy as sa
from sqlalchemy import event

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, LessonProgress, Recipe, utcnow
from dulcevicio.services.media import uploads
from dulcevicio.services.recipe_book import rebuild_recipe_book
from tests import media
from tests.admin.conftest import counting_queries
from tests.helpers import count_rows

RECIPE_TEXT = "Ingredientes secretos: 3 huevos de codorniz"


@pytest.fixture
def course(app, make_course):
    """A course with three lessons (the first a free preview) with videos, two recipes
    with photos and text, a built book and a WhatsApp group."""
    made = make_course(title="Pan de masa madre", lessons=3)
    with app.app_context():
        stored = db.session.get(Course, made.id)
        stored.whatsapp_group_url = "https://chat.whatsapp.com/GrupoSecreto123"
        for lesson in stored.lessons:
            uploads.replace_lesson_video(lesson, io.BytesIO(media.webm()), "clase.webm")
            lesson.video_duration_seconds = 100
        for title in ("Focaccia", "Pan de campo"):
            recipe = uploads.add_recipe_from_image(stored, media.jpeg(), f"{title}.jpg")
            recipe.recipe_text = f"{RECIPE_TEXT} para {title}"
        rebuild_recipe_book(stored)
        db.session.commit()
        return {
            "id": stored.id,
            "slug": stored.slug,
            "lessons": [lesson.id for lesson in stored.lessons],
            "videos": [lesson.video_url for lesson in stored.lessons],
            "recipes": [recipe.id for recipe in stored.recipes],
        }


def lesson_url(course, index):
    return f"/cursos/{course['slug']}/lecciones/{course['lessons'][index]}"


def recipe_url(course, index):
    return f"/cursos/{course['slug']}/recetas/{course['recipes'][index]}"


def book_url(course):
    return f"/cursos/{course['slug']}/recetario.pdf"


@pytest.fixture
def student(app, client_as, make_user, grant, course):
    """A client logged in as a student enrolled in `course` (`.user` is the student)."""
    user = make_user(email="alumna@example.com", full_name="Camila Rojas")
    grant(user, db_course(app, course))
    return client_as(user)


def db_course(app, course) -> Course:
    with app.app_context():
        stored = db.session.get(Course, course["id"])
        db.session.expunge(stored)
        return stored


def progress_rows(app, user_id):
    with app.app_context():
        return db.session.execute(
            sa.select(
                LessonProgress.lesson_id,
                LessonProgress.completed,
                LessonProgress.last_watched_position,
            )
            .where(LessonProgress.user_id == user_id)
            .order_by(LessonProgress.lesson_id)
        ).all()


def save(client, lesson_id, **payload):
    return client.post(f"/lecciones/{lesson_id}/progreso", json=payload)


def paid_content_of(page: str, course) -> list[str]:
    """What a denied response must not contain."""
    leaks = [url for url in course["videos"][1:] if url in page]
    for needle in (
        RECIPE_TEXT,
        "chat.whatsapp.com/GrupoSecreto123",
        "recetario.pdf",
        "/media/recipes/",
    ):
        if needle in page:
            leaks.append(needle)
    return leaks


# --- Who sees what ----------------------------------------------------------------------


def test_visitor_sees_catalog_and_previews_but_no_paid_content(client, course):
    catalog = client.get("/cursos").get_data(as_text=True)
    assert "Pan de masa madre" in catalog and "Bloqueado" in catalog
    page = client.get(f"/cursos/{course['slug']}").get_data(as_text=True)
    assert "Lección 1" in page and "Lección 3" in page  # titles are public
    assert "2 recetas" in page
    assert paid_content_of(page, course) == []
    preview = client.get(lesson_url(course, 0))
    assert preview.status_code == 200
    assert course["videos"][0] in preview.get_data(as_text=True)
    for url in (lesson_url(course, 1), recipe_url(course, 0), book_url(course)):
        response = client.get(url)
        assert response.status_code == 302 and "/ingresar" in response.headers["Location"]
    assert client.get("/mis-cursos").status_code == 302


def test_student_without_access_sees_the_lock_and_the_whatsapp_button(
    app_factory, client_as, course
):
    client = client_as("student", app=app_factory(WHATSAPP_CONTACT_NUMBER="5215512345678"))
    dashboard = client.get("/mis-cursos").get_data(as_text=True)
    assert "Todavía no tienes cursos" in dashboard
    page = client.get(f"/cursos/{course['slug']}").get_data(as_text=True)
    # The configured number is read as a phone number: the old Mexican mobile "1" goes.
    assert "Solicitar acceso" in page and "https://wa.me/525512345678?" in page
    assert paid_content_of(page, course) == []
    for url in (lesson_url(course, 1), recipe_url(course, 1), book_url(course)):
        response = client.get(url)
        assert response.status_code == 403
        denied = response.get_data(as_text=True)
        assert "Este contenido es para alumnos" in denied and "Solicitar acceso" in denied
        assert paid_content_of(denied, course) == []


def test_expired_enrollment_is_locked(app, client_as, make_user, grant, course):
    user = make_user(email="vencida@example.com")
    grant(user, db_course(app, course), expires_at=utcnow() - timedelta(seconds=1))
    client = client_as(user)
    dashboard = client.get("/mis-cursos").get_data(as_text=True)
    assert "Tu acceso terminó el" in dashboard  # the course stays, locked
    assert paid_content_of(dashboard, course) == []
    assert client.get(lesson_url(course, 1)).status_code == 403
    assert save(client, course["lessons"][1], position=5).status_code == 403


def test_enrolled_student_gets_everything(student, course):
    page = student.get(f"/cursos/{course['slug']}").get_data(as_text=True)
    assert "chat.whatsapp.com/GrupoSecreto123" in page
    assert "Descargar recetario (PDF)" in page and "Foro del curso" in page
    assert "Focaccia" in page and "/media/recipes/" in page
    lesson = student.get(lesson_url(course, 2))
    assert lesson.status_code == 200
    assert course["videos"][2] in lesson.get_data(as_text=True)
    assert lesson.headers["Cache-Control"] == "no-store"
    recipe = student.get(recipe_url(course, 0)).get_data(as_text=True)
    assert f"{RECIPE_TEXT} para Focaccia" in recipe
    assert "Pan de campo" in recipe  # the "next" link


def test_member_and_admin_see_every_active_course(
    app, make_user, make_membership, make_course, course, client_as
):
    make_course(title="Curso inactivo", is_active=False)
    member = make_user(email="socia@example.com")
    make_membership(member, utcnow() - timedelta(days=1), utcnow() + timedelta(days=3))
    client = client_as(member)
    dashboard = client.get("/mis-cursos").get_data(as_text=True)
    assert "Pan de masa madre" in dashboard and "Curso inactivo" not in dashboard
    assert "access-end--soon" in dashboard  # 3 days left: highlighted
    assert client.get(lesson_url(course, 1)).status_code == 200

    admin = client_as("admin", email="jefa@example.com")
    page = admin.get("/mis-cursos").get_data(as_text=True)
    assert "Curso inactivo" in page and "Inactivo" in page


def test_access_end_date_on_the_dashboard(app, make_user, grant, course, client_as):
    user = make_user(email="alumna@example.com")
    grant(user, db_course(app, course), expires_at=utcnow() + timedelta(days=40))
    client = client_as(user)
    page = client.get("/mis-cursos").get_data(as_text=True)
    assert re.search(r"Tu acceso vence el \d{1,2} de \w+ de \d{4}", page)
    assert "access-end--soon" not in page
    grant(user, db_course(app, course), expires_at=None)
    assert "Tu acceso vence" not in client.get("/mis-cursos").get_data(as_text=True)


def test_inactive_course_and_foreign_ids_are_404(app, student, course, make_course):
    other = make_course(title="Otro curso", lessons=1)
    with app.app_context():
        other_lesson = db.session.scalar(sa.select(Lesson.id).where(Lesson.course_id == other.id))
    assert student.get(f"/cursos/{course['slug']}/lecciones/{other_lesson}").status_code == 404
    assert student.get(f"/cursos/{course['slug']}/recetas/999999").status_code == 404
    assert student.get("/cursos/no-existe").status_code == 404
    with app.app_context():
        db.session.execute(
            sa.update(Course).where(Course.id == course["id"]).values(is_active=False)
        )
        db.session.commit()
    for url in (
        f"/cursos/{course['slug']}",
        lesson_url(course, 0),
        recipe_url(course, 0),
        book_url(course),
    ):
        assert student.get(url).status_code == 404, url


def test_inactive_lesson_and_recipe_are_hidden_from_students(app, student, course):
    with app.app_context():
        db.session.execute(
            sa.update(Lesson).where(Lesson.id == course["lessons"][1]).values(is_active=False)
        )
        db.session.execute(
            sa.update(Recipe).where(Recipe.id == course["recipes"][0]).values(is_active=False)
        )
        db.session.commit()
    assert student.get(lesson_url(course, 1)).status_code == 404
    assert student.get(recipe_url(course, 0)).status_code == 404
    page = student.get(f"/cursos/{course['slug']}").get_data(as_text=True)
    assert "Lección 2" not in page and "Focaccia" not in page


# --- Progress ---------------------------------------------------------------------------


def test_progress_is_one_row_updated_in_place(app, student, course):
    lesson = course["lessons"][1]
    first = save(student, lesson, position=30, duration=100)
    assert first.status_code == 200 and first.json == {"position": 30, "completed": False}
    assert save(student, lesson, position=45.7).json == {"position": 45, "completed": False}
    assert progress_rows(app, student.user.id) == [(lesson, False, 45)]
    page = student.get(lesson_url(course, 1)).get_data(as_text=True)
    assert 'data-resume="45"' in page


def test_ninety_percent_completes_for_good(app, student, course):
    lesson = course["lessons"][0]
    assert save(student, lesson, position=89, duration=100).json["completed"] is False
    assert save(student, lesson, position=90, duration=100).json["completed"] is True
    assert save(student, lesson, position=10, duration=100).json == {
        "position": 10,
        "completed": True,
    }
    with app.app_context():
        row = db.session.scalar(sa.select(LessonProgress).where(LessonProgress.lesson_id == lesson))
        assert row.completed_at is not None
    dashboard = student.get("/mis-cursos").get_data(as_text=True)
    assert "1 de 3 lecciones" in dashboard
    assert f"/lecciones/{course['lessons'][1]}" in dashboard  # "Continuar" goes to the next


@pytest.mark.parametrize(
    "payload",
    [
        {"position": -1},
        {"position": "10"},
        {"position": True},
        {"position": None},
        {},
        {"position": 1e12},
        {"position": 106},  # beyond the 100 s video (5 s slack)
        {"position": 10, "duration": -5},
        {"position": 10, "duration": "mucho"},
        [10],
    ],
)
def test_bad_positions_get_400_json(app, student, course, payload):
    response = student.post(f"/lecciones/{course['lessons'][0]}/progreso", json=payload)
    assert response.status_code == 400
    assert response.is_json and response.json["error"]
    assert count_rows(app, LessonProgress) == 0


def test_nan_and_garbage_bodies_get_400(app, student, course):
    url = f"/lecciones/{course['lessons'][0]}/progreso"
    nan = student.post(url, data='{"position": NaN}', content_type="application/json")
    assert nan.status_code == 400
    garbage = student.post(url, data="{{{", content_type="application/json")
    assert garbage.status_code == 400
    beacon = student.post(url, data={"position": "abc"})
    assert beacon.status_code == 400
    assert count_rows(app, LessonProgress) == 0


def test_beacon_form_saves_like_json(app, student, course):
    response = student.post(
        f"/lecciones/{course['lessons'][0]}/progreso", data={"position": "33.4", "duration": "100"}
    )
    assert response.json == {"position": 33, "completed": False}


def test_progress_needs_login_and_a_watchable_lesson(app, client, course):
    assert save(client, course["lessons"][0], position=5).status_code == 401
    assert client.post("/lecciones/999999/progreso", json={"position": 1}).status_code == 401


def test_fifty_parallel_saves_make_one_row(app, student, course, client_as):
    """The player's timer, pause and beacon (and other tabs) can race: the upsert keeps one
    row, and none of them fails."""
    cookie = client_as(student.user).get_cookie("dulcevicio_session").value
    lesson = course["lessons"][2]
    statuses, barrier = [], threading.Barrier(50)

    def post(position):
        client = app.test_client()
        client.set_cookie("dulcevicio_session", cookie)
        barrier.wait()
        statuses.append(save(client, lesson, position=position, duration=100).status_code)

    threads = [threading.Thread(target=post, args=(position,)) for position in range(20, 70)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 50
    rows = progress_rows(app, student.user.id)
    assert len(rows) == 1 and rows[0][0] == lesson and 20 <= rows[0][2] < 70


def test_a_save_is_three_statements(app, student, course):
    """The user from the session, the access rule, and the upsert that returns the row:
    the first save (an insert) and the later ones (updates) alike."""
    lesson = course["lessons"][1]
    student.get("/mis-cursos")  # the device was just seen: no touch of it inside the count
    with counting_queries(app) as first:
        assert save(student, lesson, position=10, duration=100).json["position"] == 10
    with counting_queries(app) as later:
        assert save(student, lesson, position=20, duration=100).json["position"] == 20
    assert len(first) == len(later) == 3, first
    assert progress_rows(app, student.user.id) == [(lesson, False, 20)]


@contextmanager
def commit_modes(app):
    """How each commit inside the block waits for the disk: PostgreSQL's
    `synchronous_commit` for that transaction, SQLite's `synchronous` pragma."""
    with app.app_context():
        engine = db.engine
    modes: list[str] = []
    ask = "SHOW synchronous_commit" if engine.dialect.name == "postgresql" else "PRAGMA synchronous"

    def record(connection):
        cursor = connection.connection.dbapi_connection.cursor()
        cursor.execute(ask)
        modes.append(str(cursor.fetchone()[0]))
        cursor.close()

    event.listen(engine, "commit", record)
    try:
        yield modes
    finally:
        event.remove(engine, "commit", record)


def test_a_position_save_commits_without_waiting_for_the_disk_a_completion_waits(
    app, student, course
):
    """A crash may lose the last second of positions, never a completion, its certificate
    or a toggle: PostgreSQL relaxes only the player's saves that complete nothing; SQLite's WAL
    commits with synchronous=NORMAL (1), which makes the same trade for every commit."""
    lesson = course["lessons"][1]
    with commit_modes(app) as modes:
        assert save(student, lesson, position=10, duration=100).json == {
            "position": 10,
            "completed": False,
        }
        assert save(student, lesson, position=95, duration=100).json["completed"] is True
        assert save(student, lesson, position=97, duration=100).json["completed"] is True
        toggle = f"/lecciones/{lesson}/completada"
        assert student.post(toggle, data={"completed": "0"}).status_code == 302
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    assert modes == (["off", "on", "off", "on"] if postgresql else ["1", "1", "1", "1"])
    assert progress_rows(app, student.user.id) == [(lesson, False, 97)]


def test_a_save_refuses_without_access_in_its_three_statements(app, client_as, course):
    outsider = client_as("student", email="otra@example.com")
    paid, preview = course["lessons"][1], course["lessons"][0]
    with counting_queries(app) as refused:
        assert save(outsider, paid, position=10, duration=100).status_code == 403
    assert len(refused) <= 2  # the user and the rule; nothing written
    assert save(outsider, preview, position=10, duration=100).status_code == 200
    assert save(outsider, 999_999, position=10).status_code == 404
    with app.app_context():
        db.session.get(Lesson, paid).is_active = False
        db.session.commit()
    admin = client_as("admin")
    assert save(admin, paid, position=10, duration=100).status_code == 200  # admins see all
    assert save(outsider, paid, position=10, duration=100).status_code == 404
    assert progress_rows(app, outsider.user.id) == [(preview, False, 10)]


def test_completion_toggle(app, student, course):
    lesson = course["lessons"][1]
    url = f"/lecciones/{lesson}/completada"
    response = student.post(url, data={"completed": "1"}, follow_redirects=True)
    assert "¡Lección completada!" in response.get_data(as_text=True)
    assert progress_rows(app, student.user.id) == [(lesson, True, 0)]
    student.post(url, data={"completed": "0"})
    assert progress_rows(app, student.user.id) == [(lesson, False, 0)]
    assert student.post(url, data={"completed": "quizás"}).status_code == 400
    assert student.post(url).status_code == 400
    course_page = student.get(f"/cursos/{course['slug']}").get_data(as_text=True)
    assert "0 de 3 lecciones" in course_page


def test_progress_survives_losing_access(app, student, course):
    save(student, course["lessons"][1], position=50, duration=100)
    with app.app_context():
        db.session.execute(sa.text("UPDATE enrollments SET is_active = false"))
        db.session.commit()
    assert student.get(lesson_url(course, 1)).status_code == 403
    assert progress_rows(app, student.user.id) == [(course["lessons"][1], False, 50)]
    with app.app_context():
        db.session.execute(sa.text("UPDATE enrollments SET is_active = true"))
        db.session.commit()
    assert 'data-resume="50"' in student.get(lesson_url(course, 1)).get_data(as_text=True)


# --- Recipe book --------------------------------------------------------------------------


def test_recipe_book_download(app, student, course):
    response = student.get(book_url(course))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert f"filename=recetario-{course['slug']}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_missing_recipe_book_gets_a_friendly_page(app, student, course):
    with app.app_context():
        db.session.execute(
            sa.update(Course).where(Course.id == course["id"]).values(recipe_pdf_public_id=None)
        )
        db.session.commit()
    response = student.get(book_url(course))
    assert response.status_code == 404
    assert "El recetario todavía no está listo" in response.get_data(as_text=True)


@pytest.fixture
def cloud_book_course(cloud_app, make_course):
    """A course whose recipe book is built and stored on Cloudinary (the stand-in)."""
    course = make_course()
    with cloud_app.app_context():
        stored = db.session.get(Course, course.id)
        uploads.add_recipe_from_image(stored, media.jpeg(), "flan.jpg")
        rebuild_recipe_book(stored)
        db.session.commit()
    return course


def test_with_cloudinary_a_student_gets_a_stamped_copy_fetched_once_per_book(
    cloud_app, client_as, make_user, grant, cloudinary_stub, cloud_book_course
):
    course = cloud_book_course
    user = make_user(email="alumna@example.com", full_name="Ana Nube")
    grant(user, course)
    client = client_as(user, app=cloud_app)
    copies = [client.get(f"/cursos/{course.slug}/recetario.pdf") for _ in range(3)]
    assert all(copy.status_code == 200 for copy in copies)
    texts = [pypdf.PdfReader(io.BytesIO(copy.data)).pages[-1].extract_text() for copy in copies]
    assert all("Preparado para Ana Nube" in text for text in texts)
    assert len(set(texts)) == 3  # a code of its own each time
    books = [path for path in cloudinary_stub.deliveries if "/raw/" in path]
    assert len(books) == 1, books  # the book came from Cloudinary once, then from disk


def test_with_cloudinary_an_admin_is_sent_to_the_signed_book(cloud_admin, cloud_book_course):
    course = cloud_book_course
    response = cloud_admin.get(f"/cursos/{course.slug}/recetario.pdf")
    assert response.status_code == 302
    assert "/raw/authenticated/s--" in response.headers["Location"]
    assert response.headers["Cache-Control"] == "no-store"
