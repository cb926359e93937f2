"""What makes notifications, in the transaction of their cause: a forum reply, a
certificate, a new lesson or recipe (one per batch), and the access-ending command."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, NotificationKind, utcnow
from tests import media
from tests.forum.support import add_comment
from tests.notifications.support import notifications_of

JSON = {"Accept": "application/json"}


def kinds(app, user) -> list[tuple[str, str, int | None]]:
    return [(n.kind.value, n.target_type, n.target_id) for n in notifications_of(app, user)]


def reply(client, course, parent_id: int):
    answer = client.post(
        f"/cursos/{course.slug}/foro", data={"content": "¡Qué ricos!", "parent_id": str(parent_id)}
    )
    assert answer.status_code == 302


# --- Forum replies -------------------------------------------------------------------------


def test_a_reply_tells_the_parents_author_and_not_the_replier(app, course, ana, bruno, client_as):
    parent = add_comment(app, course, ana, "¿Cuánta maicena?")
    reply(client_as(bruno), course, parent)
    (notification,) = notifications_of(app, ana)
    assert notification.kind is NotificationKind.REPLY
    assert (notification.actor_id, notification.course_id) == (bruno.id, course.id)
    assert notification.target_type == "comment" and notification.target_id != parent
    assert notifications_of(app, bruno) == []
    reply(client_as(ana), course, parent)  # answering her own comment: nothing
    assert len(notifications_of(app, ana)) == 1
    assert notifications_of(app, bruno) == []


def test_the_teams_reply_is_feedback(app, course, ana, admin_client):
    parent = add_comment(app, course, ana, "¿Cuánta maicena?")
    reply(admin_client, course, parent)
    assert [k for k, *_ in kinds(app, ana)] == ["feedback"]


def test_no_reply_notification_after_losing_access(app, course, ana, bruno, client_as, grant):
    parent = add_comment(app, course, ana)
    grant(ana, course, is_active=False)
    reply(client_as(bruno), course, parent)
    assert notifications_of(app, ana) == []


# --- Certificates --------------------------------------------------------------------------


def test_the_save_that_issues_a_certificate_tells_her_once(app, course, ana, client_as):
    client = client_as(ana)
    with app.app_context():
        lesson_ids = [lesson.id for lesson in db.session.get(Course, course.id).lessons]
    for lesson_id in lesson_ids:
        client.post(f"/lecciones/{lesson_id}/completada", data={"completed": "1"})
    client.post(f"/lecciones/{lesson_ids[-1]}/completada", data={"completed": "1"})
    (notification,) = notifications_of(app, ana)
    assert notification.kind is NotificationKind.CERTIFICATE
    assert notification.target_type == "certificate" and notification.course_id == course.id
    page = client.get("/notificaciones").get_data(as_text=True)
    assert "Tu certificado de «Alfajores de maicena» está listo" in page
    answer = client.get(f"/notificaciones/{notification.id}")
    assert answer.headers["Location"].startswith("/mis-certificados/")


# --- New lessons and recipes ---------------------------------------------------------------


def lesson_data(**overrides) -> dict:
    data = {
        "title": "Glaseado espejo",
        "description": "Brillo sin burbujas.",
        "video_duration_seconds": "12:30",
        "is_preview": "",
        "is_active": "y",
    }
    return data | overrides


def test_a_new_lesson_tells_the_students_with_access(
    app, course, ana, bruno, admin_client, make_user, grant, client_as
):
    outsider = make_user(email="fuera@example.com")
    revoked = make_user(email="revocada@example.com")
    grant(revoked, course, is_active=False)
    url = f"/admin/cursos/{course.id}/lecciones/nueva"
    assert admin_client.post(url, data=lesson_data()).status_code == 302
    for student in (ana, bruno):
        ((kind, target, lesson_id),) = kinds(app, student)
        assert (kind, target) == ("new_content", "lesson")
    assert notifications_of(app, outsider) == notifications_of(app, revoked) == []
    page = client_as(ana).get("/notificaciones").get_data(as_text=True)
    assert "Nueva lección en «Alfajores de maicena»: Glaseado espejo" in page
    # A draft tells nobody; publishing it tells them, once.
    admin_client.post(url, data=lesson_data(title="Borrador", is_active=""))
    assert len(notifications_of(app, ana)) == 1
    with app.app_context():
        draft = (
            db.session.scalars(sa.select(Course).where(Course.id == course.id)).one().lessons[-1]
        )
        draft_id = draft.id
    edit = f"/admin/cursos/{course.id}/lecciones/{draft_id}/editar"
    assert admin_client.post(edit, data=lesson_data(title="Borrador")).status_code == 302
    admin_client.post(edit, data=lesson_data(title="Borrador", is_active=""))
    admin_client.post(edit, data=lesson_data(title="Borrador"))
    assert [t for _, _, t in kinds(app, ana)] == [lesson_id, draft_id]


def test_a_lesson_in_an_inactive_course_tells_nobody(app, make_course, ana, grant, admin_client):
    closed = make_course(title="Cerrado", is_active=False)
    grant(ana, closed)
    admin_client.post(f"/admin/cursos/{closed.id}/lecciones/nueva", data=lesson_data())
    assert notifications_of(app, ana) == []


def test_recipes_uploaded_together_make_one_notification(app, course, ana, admin_client):
    photos = [(io.BytesIO(media.jpeg()), f"receta{n}.jpg") for n in range(3)]
    answer = admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={"images": photos},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert kinds(app, ana) == [("new_content", "recipe", None)]


def test_a_browser_batch_makes_one_notification(app, course, ana, admin_client, client_as):
    for number in range(3):
        answer = admin_client.post(
            f"/admin/cursos/{course.id}/recetas/subir",
            data={"photo": (io.BytesIO(media.jpeg()), f"foto{number}.jpg"), "lote": "y"},
            headers=JSON,
            content_type="multipart/form-data",
        )
        assert answer.status_code == 200
    admin_client.post(f"/admin/cursos/{course.id}/recetario", data={"lote": "y"}, headers=JSON)
    assert kinds(app, ana) == [("new_content", "recipe", None)]
    page = client_as(ana).get("/notificaciones").get_data(as_text=True)
    assert "Nuevas recetas en «Alfajores de maicena»" in page
    # A single photo later is told by name.
    admin_client.post(
        f"/admin/cursos/{course.id}/recetas/subir",
        data={"photo": (io.BytesIO(media.jpeg()), "Flan casero.jpg")},
        headers=JSON,
        content_type="multipart/form-data",
    )
    assert [target_id is None for *_, target_id in kinds(app, ana)] == [True, False]


# --- Access ending -------------------------------------------------------------------------


def run(app) -> str:
    result = app.test_cli_runner().invoke(args=["notify-access-ending"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_access_ending_is_told_once_per_end_date(
    app, course, make_user, grant, make_membership, client_as
):
    now = utcnow()
    soon = make_user(email="pronto@example.com")
    later = make_user(email="luego@example.com")
    forever = make_user(email="siempre@example.com")
    member = make_user(email="socia@example.com")
    renewed = make_user(email="renovada@example.com")
    enrollment = grant(soon, course, expires_at=now + timedelta(days=3))
    grant(later, course, expires_at=now + timedelta(days=20))
    grant(forever, course)
    make_membership(member, now - timedelta(days=20), now + timedelta(days=5))
    make_membership(renewed, now - timedelta(days=20), now + timedelta(days=5))
    make_membership(renewed, now + timedelta(days=5), now + timedelta(days=40))

    assert run(app) == "2 avisos creados."
    assert run(app) == "0 avisos creados."
    assert kinds(app, soon) == [("access_ending", "enrollment", enrollment.id)]
    assert [k for k, *_ in kinds(app, member)] == ["access_ending"]
    assert notifications_of(app, later) == notifications_of(app, forever) == []
    assert notifications_of(app, renewed) == []
    page = client_as(soon).get("/notificaciones").get_data(as_text=True)
    assert "Tu acceso a «Alfajores de maicena» termina el " in page
    assert "Tu membresía termina el " in client_as(member).get("/notificaciones").get_data(
        as_text=True
    )

    # Extended, then ending again within the week: told again for the new date.
    with app.app_context():
        db.session.get(Enrollment, enrollment.id).expires_at = now + timedelta(days=6)
        db.session.commit()
    assert run(app) == "1 aviso creado."
    assert len(notifications_of(app, soon)) == 2
