"""The bell, /notificaciones, following one, marking them read, and the per-kind
preferences on "Mi cuenta", through HTTP."""

from __future__ import annotations

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, NotificationKind, NotificationMute
from tests.admin.conftest import counting_queries
from tests.forum.support import add_comment
from tests.notifications.support import add_notifications, bell, items, notifications_of


def reply(client, course, parent_id: int, text: str = "¡Qué ricos!"):
    answer = client.post(
        f"/cursos/{course.slug}/foro", data={"content": text, "parent_id": str(parent_id)}
    )
    assert answer.status_code == 302
    return answer


def test_the_bell_counts_unread_and_visitors_have_none(app, course, ana, bruno, client_as):
    assert bell(app.test_client().get("/cursos").get_data(as_text=True)) is None
    ana_client = client_as(ana)
    assert (
        bell(ana_client.get("/mis-cursos").get_data(as_text=True)) == "Notificaciones, 0 sin leer"
    )
    parent = add_comment(app, course, ana, "Mis alfajores")
    reply(client_as(bruno), course, parent)
    page = ana_client.get("/mis-cursos").get_data(as_text=True)
    assert bell(page) == "Notificaciones, 1 sin leer"
    assert 'href="/notificaciones"' in page


def test_the_bell_says_99_plus_and_costs_no_query_of_its_own(app, course, ana, client_as):
    client = client_as(ana)
    client.get("/mis-cursos")
    with counting_queries(app) as before:
        client.get("/mis-cursos")
    add_notifications(app, ana, 120, course=course)
    with counting_queries(app) as after:
        page = client.get("/mis-cursos").get_data(as_text=True)
    assert bell(page) == "Notificaciones, 99+ sin leer"
    assert len(after) == len(before)
    # Counted inside the statement that loads her session's user and device.
    counting = [statement for statement in after if "notifications" in statement]
    assert len(counting) == 1 and "device_sessions" in counting[0]


def test_the_page_shows_sentences_newest_first_with_links(app, course, ana, bruno, client_as):
    first = add_comment(app, course, ana, "Primera")
    second = add_comment(app, course, ana, "Segunda")
    valentina = client_as(bruno)
    reply(valentina, course, first)
    reply(valentina, course, second)
    page = client_as(ana).get("/notificaciones").get_data(as_text=True)
    sentences = items(page)
    said = "Sin leer: Valentina respondió tu comentario en el foro de «Alfajores de maicena»"
    assert sentences == [said] * 2
    assert page.count("notification--unread") == 2
    assert "Marcar todas como leídas" in page
    ids = [n.id for n in notifications_of(app, ana)]
    assert page.index(f"notificacion-{ids[1]}") < page.index(f"notificacion-{ids[0]}")


def add_mixed(app, course, ana, bruno, recipe_id, comment_id, count: int) -> None:
    """`count` notifications, a fifth of each kind of target."""
    each = count // 5
    add = add_notifications
    add(app, ana, each, course=course, target_id=comment_id, actor_id=bruno.id)
    add(
        app,
        ana,
        each,
        course=course,
        target_id=recipe_id,
        target_type="recipe",
        kind=NotificationKind.NEW_CONTENT,
    )
    add(
        app,
        ana,
        each,
        course=course,
        target_id=course.id,
        target_type="lesson",
        kind=NotificationKind.NEW_CONTENT,
    )
    add(
        app,
        ana,
        each,
        course=course,
        target_id=1,
        target_type="enrollment",
        kind=NotificationKind.ACCESS_ENDING,
    )
    add(
        app,
        ana,
        each,
        course=course,
        target_id=123,
        target_type="bake",
        kind=NotificationKind.FEEDBACK,
    )


def test_the_page_costs_the_same_queries_with_5_and_50(
    app, course, ana, bruno, client_as, make_recipe
):
    client = client_as(ana)
    recipe = make_recipe(course, "Alfajores", 1)
    comment_id = add_comment(app, course, ana)

    def measure() -> tuple[int, str]:
        with counting_queries(app) as statements:
            page = client.get("/notificaciones").get_data(as_text=True)
        return len(statements), page

    client.get("/notificaciones")  # warm up
    add_mixed(app, course, ana, bruno, recipe.id, comment_id, 5)
    few, page = measure()
    assert page.count('id="notificacion-') == 5
    assert "Nueva receta en «Alfajores de maicena»: Alfajores" in page
    assert "Valentina respondió tu comentario" in page
    assert "Tu acceso a «Alfajores de maicena» termina" in page
    assert "El equipo de DulceVicio respondió tu «¡Lo hice!»" in page  # a bake that is gone
    assert "(ya no está disponible)" in page
    add_mixed(app, course, ana, bruno, recipe.id, comment_id, 45)
    many, page = measure()
    assert page.count('id="notificacion-') == 20 and "?page=3" in page
    # The user (with the bell's count), the page's count and rows, and every target in one.
    assert few == many == 4


def test_following_one_marks_it_read_and_goes_to_its_place(app, course, ana, bruno, client_as):
    parent = add_comment(app, course, ana)
    reply(client_as(bruno), course, parent)
    (notification,) = notifications_of(app, ana)
    client = client_as(ana)
    answer = client.get(f"/notificaciones/{notification.id}")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/foro/comentarios/{notification.target_id}"
    assert notifications_of(app, ana)[0].read_at is not None
    assert bell(client.get("/mis-cursos").get_data(as_text=True)) == "Notificaciones, 0 sin leer"


def test_another_persons_notification_is_404(app, course, ana, bruno, client_as):
    (notification_id,) = add_notifications(app, ana, 1, course=course)
    valentina = client_as(bruno)
    assert valentina.get(f"/notificaciones/{notification_id}").status_code == 404
    assert valentina.post(f"/notificaciones/{notification_id}/leida").status_code == 404
    assert valentina.get("/notificaciones/99999").status_code == 404
    assert notifications_of(app, ana)[0].read_at is None


def test_a_target_that_is_gone_or_no_longer_accessible_does_not_fail(
    app, course, ana, bruno, client_as, grant, make_course
):
    parent = add_comment(app, course, ana)
    reply(client_as(bruno), course, parent, "Se borrará")
    (notification,) = notifications_of(app, ana)
    with app.app_context():
        db.session.get(Comment, notification.target_id).is_deleted = True
        db.session.commit()
    client = client_as(ana)
    page = client.get("/notificaciones").get_data(as_text=True)
    assert "(ya no está disponible)" in page
    assert f'href="/notificaciones/{notification.id}"' not in page
    answer = client.get(f"/notificaciones/{notification.id}", follow_redirects=True)
    assert answer.status_code == 200 and "Esto ya no está disponible." in answer.get_data(
        as_text=True
    )

    other = make_course(title="Budines")
    grant(ana, other)
    (lost,) = add_notifications(
        app,
        ana,
        1,
        course=other,
        target_type="lesson",
        target_id=1,
        kind=NotificationKind.NEW_CONTENT,
    )
    grant(ana, other, is_active=False)  # her access to Budines is revoked
    answer = client.get(f"/notificaciones/{lost}")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/cursos/{other.slug}"
    assert "Ya no tienes acceso a «Budines»." in client.get(answer.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        db.session.get(Course, other.id).is_active = False
        db.session.commit()
    answer = client.get(f"/notificaciones/{lost}")
    assert answer.status_code == 302 and answer.headers["Location"] == "/notificaciones"


def test_mark_one_and_all_read(app, course, ana, client_as):
    ids = add_notifications(app, ana, 3, course=course)
    client = client_as(ana)
    answer = client.post(f"/notificaciones/{ids[0]}/leida", data={"next": "/notificaciones?page=1"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/notificaciones?page=1"
    assert [n.read_at is None for n in notifications_of(app, ana)] == [False, True, True]
    answer = client.post("/notificaciones/leidas", follow_redirects=True)
    assert "Marcamos todas tus notificaciones como leídas." in answer.get_data(as_text=True)
    assert all(n.read_at is not None for n in notifications_of(app, ana))
    assert bell(answer.get_data(as_text=True)) == "Notificaciones, 0 sin leer"


def test_visitors_are_sent_to_log_in(app):
    client = app.test_client()
    for method, url in (
        ("get", "/notificaciones"),
        ("get", "/notificaciones/1"),
        ("post", "/notificaciones/1/leida"),
        ("post", "/notificaciones/leidas"),
        ("post", "/notificaciones/preferencias"),
    ):
        answer = getattr(client, method)(url)
        assert answer.status_code == 302 and "/ingresar" in answer.headers["Location"], url


def muted(app, user) -> list[NotificationKind]:
    with app.app_context():
        query = sa.select(NotificationMute.kind).where(NotificationMute.user_id == user.id)
        return list(db.session.scalars(query))


def test_preferences_mute_a_kind(app, course, ana, bruno, client_as, rows):
    client = client_as(ana)
    page = client.get("/cuenta").get_data(as_text=True)
    assert page.count('class="form-check-input"') >= 5
    assert 'id="avisos-kind_reply" name="avisos-kind_reply" type="checkbox" value="y"' in page
    wanted = {
        f"avisos-kind_{kind.value}": "y"
        for kind in NotificationKind
        if kind is not NotificationKind.REPLY
    }
    answer = client.post("/notificaciones/preferencias", data=wanted)
    assert answer.status_code == 302 and answer.headers["Location"] == "/cuenta#notificaciones"
    assert muted(app, ana) == [NotificationKind.REPLY]
    page = client.get("/cuenta").get_data(as_text=True)
    assert 'checked class="form-check-input" id="avisos-kind_reply"' not in page
    assert 'checked class="form-check-input" id="avisos-kind_feedback"' in page

    reply(client_as(bruno), course, add_comment(app, course, ana))
    assert notifications_of(app, ana) == []
    client.post("/notificaciones/preferencias", data={**wanted, "avisos-kind_reply": "y"})
    assert muted(app, ana) == []


def test_the_bell_counts_only_her_own_unread(app, course, ana, bruno, client_as):
    add_notifications(app, ana, 3, course=course)
    add_notifications(app, bruno, 5, course=course)
    assert bell(client_as(ana).get("/mis-cursos").get_data(as_text=True)) == (
        "Notificaciones, 3 sin leer"
    )
    assert bell(client_as(bruno).get("/mis-cursos").get_data(as_text=True)) == (
        "Notificaciones, 5 sin leer"
    )
