"""Forum moderation: hiding and showing comments, and the admin list at /admin/foro."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, utcnow
from tests.forum.support import (
    add_comment,
    comment_ancestors,
    count_queries,
    forum_url,
    get_comment,
)
from tests.helpers import count_rows


def moderate(client, comment_id: int, hidden: str, **extra):
    return client.post(f"/foro/comentarios/{comment_id}/moderar", data={"hidden": hidden, **extra})


# --- Hide and show -----------------------------------------------------------------------


def test_students_cannot_moderate(app, course, ana, bruno, client_as):
    comment_id = add_comment(app, course, bruno, "Algo")
    for student in (ana, bruno):  # not even their own
        client = client_as(student)
        assert moderate(client, comment_id, "1").status_code == 403
        assert moderate(client, 987654, "1").status_code == 403
    assert get_comment(app, comment_id).is_active is True


def test_hidden_thread_vanishes_for_students_and_is_marked_for_admins(
    app, course, ana, bruno, admin, client_as
):
    question = add_comment(app, course, ana, "Pregunta abusiva")
    reply = add_comment(app, course, bruno, "Respuesta a lo abusivo", parent=question)
    other = add_comment(app, course, bruno, "Otro tema")
    admin_client = client_as(admin)
    response = moderate(admin_client, question, "1")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{forum_url(course)}#comentario-{question}"
    assert get_comment(app, question).is_active is False

    student_page = client_as(bruno).get(forum_url(course))
    text = student_page.get_data(as_text=True)
    assert "Otro tema" in text
    assert "Pregunta abusiva" not in text and "Respuesta a lo abusivo" not in text
    assert "Oculto" not in text
    assert set(comment_ancestors(text)) == {other}

    admin_page = admin_client.get(forum_url(course)).get_data(as_text=True)
    assert "El comentario quedó oculto." in admin_page
    assert "Pregunta abusiva" in admin_page and "Respuesta a lo abusivo" in admin_page
    header = admin_page[admin_page.index(f'id="comentario-{question}"') :]
    header = header[: header.index("forum-content")]
    assert ">Oculto</span>" in header
    assert 'class="forum-comment forum-comment--hidden"' in admin_page
    assert re.search(
        rf'/foro/comentarios/{question}/moderar".*?name="hidden" value="0"', admin_page, re.S
    )
    assert f'name="parent_id" value="{question}"' not in admin_page  # no replies in hiding
    assert (
        f'id="comentario-{reply}" class="forum-comment forum-comment--reply forum-comment--hidden"'
        in admin_page
    )

    assert moderate(admin_client, question, "0").status_code == 302
    text = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert "Pregunta abusiva" in text and "Respuesta a lo abusivo" in text


def test_hiding_a_reply_keeps_the_rest_of_the_thread(app, course, ana, bruno, admin, client_as):
    question = add_comment(app, course, ana, "¿Horno con vapor?")
    abusive = add_comment(app, course, bruno, "Insulto", parent=question)
    add_comment(app, course, ana, "Contestación al insulto", parent=abusive)
    kind = add_comment(app, course, bruno, "Sí, con una bandeja de agua", parent=question)
    assert moderate(client_as(admin), abusive, "1").status_code == 302
    text = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert "¿Horno con vapor?" in text and "Sí, con una bandeja de agua" in text
    assert "Insulto" not in text and "Contestación al insulto" not in text
    assert comment_ancestors(text) == {question: [], kind: [question]}


def test_hidden_top_level_comments_do_not_take_page_slots(app, course, ana, admin, client_as):
    start = utcnow() - timedelta(hours=1)
    for number in range(21):
        add_comment(
            app, course, ana, f"Tema {number:02d}", created_at=start + timedelta(minutes=number)
        )
    add_comment(app, course, ana, "Tema oculto", is_active=False)
    text = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert text.count("forum-thread card") == 20
    assert "Tema 01" in text and "Tema oculto" not in text
    admin_text = client_as(admin).get(forum_url(course)).get_data(as_text=True)
    assert "Tema oculto" in admin_text and "Tema 01" not in admin_text


def test_a_deleted_comment_whose_replies_are_hidden_disappears_for_students(
    app, course, ana, bruno, admin, client_as
):
    question = add_comment(app, course, ana, "Borrada", is_deleted=True)
    add_comment(app, course, bruno, "Respuesta oculta", parent=question, is_active=False)
    student = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert "Comentario eliminado" not in student and "Respuesta oculta" not in student
    admin_text = client_as(admin).get(forum_url(course)).get_data(as_text=True)
    assert "Comentario eliminado" in admin_text and "Respuesta oculta" in admin_text


@pytest.mark.parametrize("hidden", ["", "2", "true", "sí"])
def test_moderation_needs_hidden_1_or_0(app, course, ana, admin, hidden, client_as):
    comment_id = add_comment(app, course, ana)
    response = moderate(client_as(admin), comment_id, hidden)
    assert response.status_code == 400
    assert get_comment(app, comment_id).is_active is True


def test_moderation_returns_to_a_safe_next_only(app, course, ana, admin, client_as):
    comment_id = add_comment(app, course, ana)
    client = client_as(admin)
    response = moderate(client, comment_id, "1", next="/admin/foro?filtro=ocultos")
    assert response.headers["Location"] == "/admin/foro?filtro=ocultos"
    response = moderate(client, comment_id, "0", next="https://malo.example.com/")
    assert response.headers["Location"] == f"{forum_url(course)}#comentario-{comment_id}"


def test_admins_moderate_comments_of_inactive_courses(
    app, make_course, make_user, admin, client_as
):
    closed = make_course(title="Curso cerrado", is_active=False)
    author = make_user(email="vieja@example.com")
    comment_id = add_comment(app, closed, author)
    assert moderate(client_as(admin), comment_id, "1").status_code == 302
    assert get_comment(app, comment_id).is_active is False


# --- The admin list --------------------------------------------------------------------


@pytest.fixture
def conversation(app, course, make_course, ana, bruno, admin):
    """A question answered by the team, one not answered, a hidden one and a team post."""
    other_course = make_course(title="Galletas decoradas")
    start = utcnow() - timedelta(hours=2)

    def at(minutes: int):
        return start + timedelta(minutes=minutes)

    ids = {}
    ids["answered"] = add_comment(app, course, ana, "Pregunta respondida", created_at=at(1))
    ids["answer"] = add_comment(
        app,
        course,
        admin,
        "Respuesta del equipo",
        parent=ids["answered"],
        is_admin_response=True,
        created_at=at(2),
    )
    ids["open"] = add_comment(app, other_course, bruno, "Pregunta sin respuesta", created_at=at(3))
    ids["student_reply"] = add_comment(
        app, course, bruno, "Yo también quiero saber", parent=ids["open"], created_at=at(4)
    )
    ids["hidden_answer_only"] = add_comment(
        app, course, ana, "Respondida en oculto", created_at=at(5)
    )
    ids["hidden_answer"] = add_comment(
        app,
        course,
        admin,
        "Respuesta oculta",
        parent=ids["hidden_answer_only"],
        is_admin_response=True,
        is_active=False,
        created_at=at(6),
    )
    ids["hidden"] = add_comment(
        app, course, bruno, "Spam oculto", is_active=False, created_at=at(7)
    )
    ids["deleted"] = add_comment(app, course, ana, "Borrado", is_deleted=True, created_at=at(8))
    ids["news"] = add_comment(
        app, course, admin, "Aviso del equipo", is_admin_response=True, created_at=at(9)
    )
    return ids


def listed_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="card mb-3[^"]*" id="comentario-(\d+)"', html)]


def test_admin_list_shows_newest_comments_across_courses(app, conversation, client_as, admin):
    page = client_as(admin).get("/admin/foro").get_data(as_text=True)
    ids = conversation
    newest_first = [
        "news",
        "hidden",
        "hidden_answer",
        "hidden_answer_only",
        "student_reply",
        "open",
        "answer",
        "answered",
    ]
    assert listed_ids(page) == [ids[key] for key in newest_first]
    assert "Borrado" not in page
    assert "Galletas decoradas" in page and "Pan de masa madre" in page
    assert "en respuesta a Ana Pérez" in page
    assert page.count(">Respondido</span>") == 1


def test_admin_list_filters(app, conversation, client_as, admin):
    client = client_as(admin)
    ids = conversation
    hidden = client.get("/admin/foro?filtro=ocultos").get_data(as_text=True)
    assert listed_ids(hidden) == [ids["hidden"], ids["hidden_answer"]]
    unanswered = client.get("/admin/foro?filtro=sin-respuesta").get_data(as_text=True)
    assert listed_ids(unanswered) == [ids["hidden_answer_only"], ids["student_reply"], ids["open"]]
    unknown = client.get("/admin/foro?filtro=<script>").get_data(as_text=True)
    assert len(listed_ids(unknown)) == 8  # an unknown filter lists everything
    assert "<script>" not in unknown


def test_admin_answers_from_the_list(app, conversation, course, client_as, admin):
    client = client_as(admin)
    ids = conversation
    response = client.post(
        f"/admin/foro/{ids['open']}/responder?filtro=sin-respuesta",
        data={"content": "Te escribimos por WhatsApp."},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/foro?filtro=sin-respuesta"
    with app.app_context():
        answer = db.session.scalars(sa.select(Comment).order_by(Comment.id.desc())).first()
        assert (answer.parent_id, answer.is_admin_response) == (ids["open"], True)
        assert answer.course_id != course.id  # the question's course, not another
    unanswered = client.get("/admin/foro?filtro=sin-respuesta").get_data(as_text=True)
    assert ids["open"] not in listed_ids(unanswered)
    assert "Tu respuesta quedó publicada en el foro." in unanswered


def test_admin_answer_errors_show_on_the_list(app, conversation, client_as, admin):
    client = client_as(admin)
    ids = conversation
    before = count_rows(app, Comment)
    response = client.post(f"/admin/foro/{ids['open']}/responder", data={"content": "z" * 20_000})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Tu comentario es demasiado largo" in page
    assert '<details class="forum-reply" open>' in page
    response = client.post(f"/admin/foro/{ids['hidden']}/responder", data={"content": "Hola"})
    assert "No se publicó tu respuesta: No encontramos el comentario" in response.get_data(
        as_text=True
    )
    assert (
        client.post(f"/admin/foro/{ids['deleted']}/responder", data={"content": "x"}).status_code
        == 404
    )
    assert client.post("/admin/foro/424242/responder", data={"content": "x"}).status_code == 404
    assert count_rows(app, Comment) == before


def test_admin_list_pages_and_odd_page_numbers(app, course, ana, admin, client_as):
    start = utcnow() - timedelta(hours=1)
    for number in range(31):
        add_comment(
            app,
            course,
            ana,
            f"Comentario {number:02d}",
            created_at=start + timedelta(minutes=number),
        )
    client = client_as(admin)
    first = client.get("/admin/foro").get_data(as_text=True)
    assert len(listed_ids(first)) == 30 and 'href="/admin/foro?page=2"' in first
    assert len(listed_ids(client.get("/admin/foro?page=2").get_data(as_text=True))) == 1
    for page in ("abc", "-1", "999", str(2**80)):
        assert client.get(f"/admin/foro?page={page}").status_code == 200


def test_admin_list_query_count_is_fixed(app, make_course, make_user, admin, client_as):
    client = client_as(admin)
    add_comment(app, make_course(), make_user(email="una@example.com"), "Uno")
    client.get("/admin/foro")  # warm up
    one, _ = count_queries(app, client, "/admin/foro")
    for number in range(29):  # each in its own course, by its own author, answered
        course = make_course()
        writer = make_user(email=f"autora{number}@example.com")
        parent = add_comment(app, course, writer, f"Tema {number}")
        add_comment(app, course, admin, "Respuesta", parent=parent, is_admin_response=True)
    many, page = count_queries(app, client, "/admin/foro")
    assert len(listed_ids(page)) == 30
    assert page.count("Respondido") == 15
    assert one == many <= 8
