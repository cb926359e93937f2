"""The course forum through HTTP: who may read and write, threads, plain text, limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Role, User, utcnow
from tests.forum.support import (
    add_comment,
    comment_ancestors,
    count_queries,
    forum_url,
    get_comment,
)
from tests.helpers import count_rows


def comment_header(page: str, comment_id: int) -> str:
    """The rendered author line of one comment (from its article to its text)."""
    start = page.index(f'id="comentario-{comment_id}"')
    return page[start : page.index('class="forum-content"', start)]


def comment_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Comment.id).order_by(Comment.id)))


# --- Who may read and write ----------------------------------------------------------


def test_visitor_is_sent_to_login(client, app, course, ana):
    comment_id = add_comment(app, course, ana)
    for method, url in [
        ("GET", forum_url(course)),
        ("POST", forum_url(course)),
        ("GET", f"/foro/comentarios/{comment_id}/editar"),
        ("POST", f"/foro/comentarios/{comment_id}/editar"),
        ("POST", f"/foro/comentarios/{comment_id}/eliminar"),
        ("POST", f"/foro/comentarios/{comment_id}/moderar"),
    ]:
        response = client.open(url, method=method, data={"content": "hola", "hidden": "1"})
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/ingresar?next=")
    assert comment_ids(app) == [comment_id]


def test_student_without_access_gets_403_on_read_and_post(app, course, client_as):
    client = client_as("student", email="sin-acceso@example.com")
    assert client.get(forum_url(course)).status_code == 403
    response = client.post(forum_url(course), data={"content": "¿Puedo comentar?"})
    assert response.status_code == 403
    assert count_rows(app, Comment) == 0


def test_student_without_access_cannot_edit_or_delete_own_old_comment(
    app, course, make_user, grant, client_as
):
    """Losing access keeps the comments but closes the forum, edits included."""
    student = make_user(email="ex@example.com")
    grant(student, course, expires_at=utcnow() - timedelta(minutes=1))
    comment_id = add_comment(app, course, student, "De cuando tenía acceso")
    client = client_as(student)
    assert client.get(f"/foro/comentarios/{comment_id}/editar").status_code == 403
    assert client.post(f"/foro/comentarios/{comment_id}/eliminar").status_code == 403
    assert get_comment(app, comment_id).is_deleted is False


def test_expired_enrollment_gets_403(app, course, make_user, grant, client_as):
    student = make_user(email="vencida@example.com")
    grant(student, course, expires_at=utcnow() - timedelta(seconds=1))
    client = client_as(student)
    assert client.get(forum_url(course)).status_code == 403
    assert client.post(forum_url(course), data={"content": "hola"}).status_code == 403
    assert count_rows(app, Comment) == 0


def test_unknown_course_is_404(app, ana, client_as):
    client = client_as(ana)
    assert client.get("/cursos/no-existe/foro").status_code == 404
    assert client.post("/cursos/no-existe/foro", data={"content": "hola"}).status_code == 404


def test_inactive_course_is_404_for_students_and_open_to_admins(
    app, make_course, make_user, grant, admin, client_as
):
    hidden_course = make_course(title="Curso en preparación", is_active=False)
    student = make_user(email="ana@example.com")
    grant(student, hidden_course)
    comment_id = add_comment(app, hidden_course, student)
    client = client_as(student)
    assert client.get(forum_url(hidden_course)).status_code == 404
    assert client.post(forum_url(hidden_course), data={"content": "hola"}).status_code == 404
    assert client.get(f"/foro/comentarios/{comment_id}/editar").status_code == 404
    admin_client = client_as(admin)
    response = admin_client.get(forum_url(hidden_course))
    assert response.status_code == 200
    assert "Curso en preparación" in response.get_data(as_text=True)


def test_member_reads_and_posts(app, course, make_user, make_membership, client_as):
    member = make_user(email="socia@example.com", full_name="Socia Total")
    make_membership(member, utcnow() - timedelta(days=1), utcnow() + timedelta(days=30))
    client = client_as(member)
    assert client.get(forum_url(course)).status_code == 200
    response = client.post(forum_url(course), data={"content": "Soy socia"})
    assert response.status_code == 302
    assert "Soy socia" in client.get(forum_url(course)).get_data(as_text=True)


def test_admin_reads_and_posts_without_enrollment(app, course, admin, client_as):
    client = client_as(admin)
    assert client.get(forum_url(course)).status_code == 200
    assert client.post(forum_url(course), data={"content": "Bienvenidas"}).status_code == 302
    with app.app_context():
        comment = db.session.scalars(sa.select(Comment)).one()
        assert comment.is_admin_response is True


# --- Threads ---------------------------------------------------------------------------


def test_student_posts_and_replies(app, course, ana, bruno, client_as):
    client = client_as(ana)
    response = client.post(forum_url(course), data={"content": "¿Cuánta agua lleva?"})
    assert response.status_code == 302
    (question_id,) = comment_ids(app)
    assert response.headers["Location"] == f"{forum_url(course)}#comentario-{question_id}"
    assert "Tu comentario quedó publicado." in client.get(forum_url(course)).get_data(as_text=True)

    other = client_as(bruno)
    response = other.post(
        forum_url(course), data={"content": "Unos 350 ml", "parent_id": str(question_id)}
    )
    assert response.status_code == 302
    reply_id = comment_ids(app)[-1]
    assert get_comment(app, reply_id).parent_id == question_id

    page = client.get(forum_url(course)).get_data(as_text=True)
    assert "¿Cuánta agua lleva?" in page and "Unos 350 ml" in page
    assert "Ana Pérez" in page and "Bruno Díaz" in page
    assert "hace " in page  # Spanish relative date
    assert comment_ancestors(page)[reply_id] == [question_id]  # nested under the question
    assert f'name="parent_id" value="{reply_id}"' in page  # every comment can be answered


def test_avatar_image_or_initials(app, course, ana, bruno, client_as):
    with app.app_context():
        db.session.get(User, bruno.id).avatar_url = "https://res.cloudinary.com/demo/bruno.jpg"
        db.session.commit()
    add_comment(app, course, ana, "Hola")
    add_comment(app, course, bruno, "Hola, Ana")
    page = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert '<span class="avatar avatar--md avatar--initials" aria-hidden="true">AP</span>' in page
    assert 'src="https://res.cloudinary.com/demo/bruno.jpg" alt="Foto de Bruno Díaz"' in page


def test_newest_threads_first_twenty_per_page(app, course, ana, client_as):
    start = utcnow() - timedelta(days=1)
    for number in range(25):
        add_comment(
            app,
            course,
            ana,
            f"Tema número {number:02d}",
            created_at=start + timedelta(minutes=number),
        )
    client = client_as(ana)
    first = client.get(forum_url(course)).get_data(as_text=True)
    assert first.index("Tema número 24") < first.index("Tema número 23")
    assert sum(f"Tema número {n:02d}" in first for n in range(25)) == 20
    assert "Tema número 04" not in first
    assert f'href="{forum_url(course, page=2)}"' in first
    second = client.get(forum_url(course, page=2)).get_data(as_text=True)
    assert sum(f"Tema número {n:02d}" in second for n in range(25)) == 5
    assert "Tema número 00" in second


@pytest.mark.parametrize("page", ["abc", "-3", "0", "1.5", ""])
def test_odd_page_numbers_show_the_first_page(app, course, ana, page, client_as):
    add_comment(app, course, ana, "El único tema")
    response = client_as(ana).get(forum_url(course, page=page))
    assert response.status_code == 200
    assert "El único tema" in response.get_data(as_text=True)


def test_page_past_the_end_is_empty_not_an_error(app, course, ana, client_as):
    add_comment(app, course, ana, "El único tema")
    client = client_as(ana)
    for page in ("2", "999", "100001", str(2**70)):
        response = client.get(forum_url(course, page=page))
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "El único tema" not in text
        assert "No hay comentarios en esta página." in text


def test_deep_replies_are_indented_three_levels_then_flattened(app, course, ana, bruno, client_as):
    start = utcnow() - timedelta(hours=1)
    ids = [add_comment(app, course, ana, "Nivel 0", created_at=start)]
    for level in range(1, 7):
        author = bruno if level % 2 else ana
        ids.append(
            add_comment(
                app,
                course,
                author,
                f"Nivel {level}",
                parent=ids[-1],
                created_at=start + timedelta(minutes=level),
            )
        )
    # A later reply to level 3 is listed after the deeper ones written before it.
    late = add_comment(
        app, course, bruno, "Tarde", parent=ids[3], created_at=start + timedelta(minutes=30)
    )
    page = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    nesting = comment_ancestors(page)
    assert nesting[ids[1]] == ids[:1]
    assert nesting[ids[2]] == ids[:2]
    assert nesting[ids[3]] == ids[:3]
    for deeper in [*ids[4:], late]:
        assert nesting[deeper] == ids[:3]  # shown at level 3
    assert [page.index(f'id="comentario-{i}"') for i in [*ids[3:], late]] == sorted(
        page.index(f'id="comentario-{i}"') for i in [*ids[3:], late]
    )
    assert "en respuesta a Ana Pérez" in page  # flattened replies say whom they answer


def test_a_long_reply_chain_renders(app, course, ana, client_as):
    """More nested replies than Python's recursion limit: still one page, flattened."""
    parent = None
    with app.app_context():
        for number in range(1200):
            comment = Comment(
                course_id=course.id, user_id=ana.id, parent_id=parent, content=f"eslabón {number}"
            )
            db.session.add(comment)
            db.session.flush()
            parent = comment.id
        db.session.commit()
    try:
        response = client_as(ana).get(forum_url(course))
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "eslabón 1199" in page
        assert max(len(ancestors) for ancestors in comment_ancestors(page).values()) == 3
    finally:
        # SQLite cascades deletes through triggers nested at most 1000 deep: unchain first.
        with app.app_context():
            db.session.execute(sa.update(Comment).values(parent_id=None))
            db.session.commit()


# --- Writing rules ---------------------------------------------------------------------


def test_reply_to_a_comment_of_another_course_is_refused(
    app, course, ana, make_course, grant, client_as
):
    other_course = make_course(title="Galletas decoradas")
    grant(ana, other_course)
    foreign = add_comment(app, other_course, ana, "En otro curso")
    client = client_as(ana)
    response = client.post(forum_url(course), data={"content": "Hola", "parent_id": str(foreign)})
    assert response.status_code == 200
    assert "No encontramos el comentario al que quieres responder." in response.get_data(
        as_text=True
    )
    assert comment_ids(app) == [foreign]


@pytest.mark.parametrize(
    "parent_id", ["abc", "-1", "0", "1.5", "１", "999999", "99999999999999999999", "1 OR 1=1"]
)
def test_garbage_parent_id_is_a_form_error(app, course, ana, parent_id, client_as):
    client = client_as(ana)
    response = client.post(forum_url(course), data={"content": "Hola", "parent_id": parent_id})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "No encontramos el comentario al que quieres responder." in page
    assert ">Hola</textarea>" in page  # what was written is kept
    assert count_rows(app, Comment) == 0


def test_reply_to_a_deleted_or_hidden_comment_is_refused(app, course, ana, bruno, client_as):
    deleted = add_comment(app, course, bruno, "Borrado", is_deleted=True)
    hidden = add_comment(app, course, bruno, "Oculto", is_active=False)
    under_hidden = add_comment(app, course, bruno, "Debajo", parent=hidden)
    client = client_as(ana)
    for parent in (deleted, hidden, under_hidden):
        data = {"content": "Hola", "parent_id": str(parent)}
        response = client.post(forum_url(course), data=data)
        assert response.status_code == 200
        assert "No encontramos el comentario" in response.get_data(as_text=True)
    assert count_rows(app, Comment) == 3


@pytest.mark.parametrize("content", ["", "   ", "\n\r\n\t", "\x00\x00"])
def test_empty_content_is_refused(app, course, ana, content, client_as):
    response = client_as(ana).post(forum_url(course), data={"content": content})
    assert response.status_code == 200
    assert "Escribe un comentario." in response.get_data(as_text=True)
    assert count_rows(app, Comment) == 0


def test_a_20000_character_comment_gets_a_form_error(app, course, ana, client_as):
    client = client_as(ana)
    response = client.post(forum_url(course), data={"content": "a" * 20_000})
    assert response.status_code == 200
    assert "Tu comentario es demasiado largo" in response.get_data(as_text=True)
    assert count_rows(app, Comment) == 0
    assert client.post(forum_url(course), data={"content": " b" * 2500}).status_code == 302
    assert count_rows(app, Comment) == 1  # 5 000 characters once trimmed: accepted


def test_an_overlong_reply_keeps_its_text_in_its_own_form(app, course, ana, client_as):
    question = add_comment(app, course, ana, "Pregunta")
    client = client_as(ana)
    response = client.post(
        forum_url(course), data={"content": "r" * 5001, "parent_id": str(question)}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<details class="forum-reply" open>' in page
    assert page.count("Tu comentario es demasiado largo") == 1
    assert "r" * 5001 in page
    assert count_rows(app, Comment) == 1


def test_control_characters_are_dropped_and_line_breaks_kept(app, course, ana, client_as):
    client = client_as(ana)
    client.post(forum_url(course), data={"content": "  Paso 1\r\nPaso\x00 2\x07\n  "})
    with app.app_context():
        assert db.session.scalars(sa.select(Comment.content)).one() == "Paso 1\nPaso 2"
    page = client.get(forum_url(course)).get_data(as_text=True)
    assert '<div class="forum-content">Paso 1\nPaso 2</div>' in page


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    'https://example.com/"onmouseover="alert(1)',
]


def test_html_is_shown_as_text(app, course, ana, client_as):
    client = client_as(ana)
    for content in XSS:
        assert client.post(forum_url(course), data={"content": content}).status_code == 302
    page = client.get(forum_url(course)).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "<script>alert(1)" not in page
    assert "onerror=" not in page.replace("onerror=&#34;", "")
    assert "<svg" not in page and "onmouseover=" not in page.replace("onmouseover=&#34;", "")
    assert 'href="javascript:' not in page
    assert 'href="https://example.com/&#34;onmouseover=&#34;alert(1)"' in page


def test_links_are_clickable_with_nofollow_noopener(app, course, ana, client_as):
    add_comment(app, course, ana, "Mira https://example.com/receta y www.dulcevicio.test")
    page = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert (
        '<a href="https://example.com/receta" rel="nofollow noopener" target="_blank">'
        "https://example.com/receta</a>"
    ) in page
    assert 'href="https://www.dulcevicio.test" rel="nofollow noopener"' in page


@pytest.mark.parametrize(
    "text",
    [
        "¿Puedo usar harina integral?\nGracias & saludos <3",
        "Mira https://example.com/receta y www.dulcevicio.test",
        "Escríbeme a ana@example.com o en receta.org/pan (ver nota).",
        'Sin enlaces, pero con "comillas" y <etiquetas> y punto final.',
        "HTTP en mayúsculas: HTTPS://EXAMPLE.COM",
    ],
)
def test_linkify_is_jinjas_urlize_with_a_shortcut(app, text):
    """The forum's filter skips urlize for text without links; the HTML is the same."""
    with app.app_context():
        environment = app.jinja_env
        expected = environment.from_string(
            '{{ text|urlize(nofollow=True, rel="noopener", target="_blank") }}'
        ).render(text=text)
        assert environment.from_string("{{ text|linkify }}").render(text=text) == expected


def test_admin_answers_carry_the_team_badge(app, course, ana, admin, client_as):
    question = add_comment(app, course, ana, "¿Puedo usar harina integral?")
    client = client_as(admin)
    response = client.post(
        forum_url(course), data={"content": "Sí, hasta un 30 %.", "parent_id": str(question)}
    )
    assert response.status_code == 302
    answer = comment_ids(app)[-1]
    assert get_comment(app, answer).is_admin_response is True
    page = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert page.count("Equipo DulceVicio") == 1
    assert "Equipo DulceVicio" in comment_header(page, answer)
    assert "Equipo DulceVicio" not in comment_header(page, question)


# --- Edit and delete ---------------------------------------------------------------------


def test_student_edits_own_comment(app, course, ana, client_as):
    comment_id = add_comment(app, course, ana, "Con erorr")
    client = client_as(ana)
    form = client.get(f"/foro/comentarios/{comment_id}/editar").get_data(as_text=True)
    assert "Con erorr</textarea>" in form
    back = f"{forum_url(course, page=1)}#comentario-{comment_id}"
    response = client.post(
        f"/foro/comentarios/{comment_id}/editar",
        query_string={"next": back},
        data={"content": "Sin error <b>ya</b>"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == back
    assert get_comment(app, comment_id).content == "Sin error <b>ya</b>"
    page = client.get(forum_url(course)).get_data(as_text=True)
    assert "Sin error &lt;b&gt;ya&lt;/b&gt;" in page


def test_edit_refuses_bad_content_and_unsafe_next(app, course, ana, client_as):
    comment_id = add_comment(app, course, ana, "Original")
    client = client_as(ana)
    url = f"/foro/comentarios/{comment_id}/editar"
    response = client.post(url, data={"content": "x" * 20_000})
    assert "Tu comentario es demasiado largo" in response.get_data(as_text=True)
    response = client.post(url, data={"content": "  "})
    assert "Escribe un comentario." in response.get_data(as_text=True)
    assert get_comment(app, comment_id).content == "Original"
    response = client.post(
        url, query_string={"next": "//malo.example.com/"}, data={"content": "Nuevo"}
    )
    assert response.headers["Location"] == f"{forum_url(course)}#comentario-{comment_id}"


def test_students_cannot_edit_or_delete_another_users_comment(
    app, course, ana, bruno, admin, client_as
):
    comment_id = add_comment(app, course, ana, "Mío")
    for user in (bruno, admin):
        client = client_as(user)
        assert client.get(f"/foro/comentarios/{comment_id}/editar").status_code == 403
        response = client.post(f"/foro/comentarios/{comment_id}/editar", data={"content": "Tuyo"})
        assert response.status_code == 403
        assert client.post(f"/foro/comentarios/{comment_id}/eliminar").status_code == 403
    comment = get_comment(app, comment_id)
    assert (comment.content, comment.is_deleted) == ("Mío", False)
    page = client_as(bruno).get(forum_url(course)).get_data(as_text=True)
    assert f"/foro/comentarios/{comment_id}/editar" not in page  # no edit link on others'


def test_deleting_a_comment_without_replies_makes_it_disappear(app, course, ana, client_as):
    comment_id = add_comment(app, course, ana, "Me equivoqué de curso")
    client = client_as(ana)
    response = client.post(f"/foro/comentarios/{comment_id}/eliminar")
    assert response.status_code == 302
    assert get_comment(app, comment_id).is_deleted is True
    page = client.get(forum_url(course)).get_data(as_text=True)
    assert "Tu comentario se eliminó." in page
    assert "Me equivoqué de curso" not in page
    assert "Comentario eliminado" not in page
    assert f'id="comentario-{comment_id}"' not in page
    assert "Todavía no hay comentarios" in page


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(app, course, ana, bruno, client_as):
    question = add_comment(app, course, ana, "Pregunta que borraré")
    add_comment(app, course, bruno, "Respuesta que queda", parent=question)
    client = client_as(ana)
    assert client.post(f"/foro/comentarios/{question}/eliminar").status_code == 302
    page = client.get(forum_url(course)).get_data(as_text=True)
    assert "Comentario eliminado" in page
    assert "Pregunta que borraré" not in page
    assert "Respuesta que queda" in page
    assert f'name="parent_id" value="{question}"' not in page  # no replying to it


def test_a_deleted_reply_without_replies_disappears_from_its_thread(
    app, course, ana, bruno, client_as
):
    question = add_comment(app, course, ana, "Pregunta")
    gone = add_comment(app, course, bruno, "Respuesta borrada", parent=question, is_deleted=True)
    kept = add_comment(app, course, bruno, "Respuesta que queda", parent=question)
    page = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert f'id="comentario-{gone}"' not in page
    assert "Comentario eliminado" not in page and "Respuesta borrada" not in page
    assert comment_ancestors(page)[kept] == [question]


def test_a_deleted_chain_without_live_replies_disappears(app, course, ana, bruno, client_as):
    """Deleted comments whose replies are all deleted leave nothing, not even a page slot."""
    question = add_comment(app, course, ana, "Uno", is_deleted=True)
    add_comment(app, course, bruno, "Dos", parent=question, is_deleted=True)
    add_comment(app, course, ana, "Tema vivo")
    page = client_as(ana).get(forum_url(course)).get_data(as_text=True)
    assert "Comentario eliminado" not in page
    assert f'id="comentario-{question}"' not in page
    assert "Tema vivo" in page


def test_edit_or_delete_of_a_deleted_comment_is_404(app, course, ana, client_as):
    comment_id = add_comment(app, course, ana, "Ya borrado", is_deleted=True)
    client = client_as(ana)
    assert client.get(f"/foro/comentarios/{comment_id}/editar").status_code == 404
    response = client.post(f"/foro/comentarios/{comment_id}/editar", data={"content": "Otra"})
    assert response.status_code == 404
    assert client.post(f"/foro/comentarios/{comment_id}/eliminar").status_code == 404
    assert get_comment(app, comment_id).content == "Ya borrado"


def test_edit_or_delete_of_a_hidden_comment_is_404_for_its_author(app, course, ana, client_as):
    hidden = add_comment(app, course, ana, "Oculto por moderación", is_active=False)
    under = add_comment(app, course, ana, "Respuesta en hilo oculto", parent=hidden)
    client = client_as(ana)
    for comment_id in (hidden, under):
        assert client.get(f"/foro/comentarios/{comment_id}/editar").status_code == 404
        response = client.post(f"/foro/comentarios/{comment_id}/editar", data={"content": "x"})
        assert response.status_code == 404
        assert client.post(f"/foro/comentarios/{comment_id}/eliminar").status_code == 404
    assert get_comment(app, hidden).content == "Oculto por moderación"
    assert get_comment(app, under).is_deleted is False


@pytest.mark.parametrize("comment_id", ["12345", "99999999999999999999", "abc", "-1"])
def test_unknown_comment_ids_are_404(app, course, ana, admin, comment_id, client_as):
    client = client_as(ana)
    assert client.get(f"/foro/comentarios/{comment_id}/editar").status_code == 404
    assert client.post(f"/foro/comentarios/{comment_id}/eliminar").status_code == 404
    admin_client = client_as(admin)
    response = admin_client.post(f"/foro/comentarios/{comment_id}/moderar", data={"hidden": "1"})
    assert response.status_code == 404


# --- Rate limit and speed ----------------------------------------------------------------


def test_posting_is_rate_limited_per_user(app_factory, course, ana, bruno, client_as):
    app = app_factory(RATELIMIT_FORUM_POST="3 per minute")
    client = client_as(ana, app=app)
    for _ in range(5):
        assert client.get(forum_url(course)).status_code == 200  # reading does not count
    for number in range(3):
        assert client.post(forum_url(course), data={"content": f"#{number}"}).status_code == 302
    response = client.post(forum_url(course), data={"content": "uno más"})
    assert response.status_code == 429
    assert "Demasiados intentos" in response.get_data(as_text=True)
    assert count_rows(app, Comment) == 3
    other = client_as(bruno, app=app)  # another user has their own allowance
    assert other.post(forum_url(course), data={"content": "Hola"}).status_code == 302


def seed_threads(app, course, threads: int, replies: int = 10) -> None:
    """`threads` threads of `replies` replies each, nested up to 5 levels deep, every
    comment by a different author (so per-author queries would show)."""

    def comment(number: int, reply_number: int, parent: Comment | None) -> Comment:
        author = User(
            email=f"{course.slug}-{number}-{reply_number}@example.com",
            full_name=f"Autora {number}-{reply_number}",
            role=Role.ADMIN if reply_number == 3 else Role.USER,
        )
        made = Comment(
            course_id=course.id,
            user=author,
            parent_id=parent.id if parent else None,
            content=f"Respuesta {reply_number}" if parent else f"Tema {number}",
            is_admin_response=reply_number == 3,
            is_deleted=reply_number == 2,  # has a reply: shown as a placeholder
            created_at=start + timedelta(minutes=number, seconds=reply_number),
        )
        db.session.add(made)
        db.session.flush()
        return made

    start = utcnow() - timedelta(days=1)
    with app.app_context():
        for number in range(threads):
            root = parent = comment(number, 0, None)
            for reply_number in range(1, replies + 1):
                reply = comment(number, reply_number, parent)
                # Every fifth reply starts a new branch under the thread's first comment.
                parent = root if reply_number % 5 == 0 else reply
        db.session.commit()


@pytest.mark.parametrize("reader", ["ana", "admin"])
def test_query_count_does_not_grow_with_threads(
    app, make_course, ana, bruno, admin, grant, client_as, reader
):
    few, many = make_course(title="Pocos"), make_course(title="Muchos")
    for student in (ana, bruno):
        grant(student, few)
        grant(student, many)
    seed_threads(app, few, threads=1)
    seed_threads(app, many, threads=20)
    client = client_as({"ana": ana, "admin": admin}[reader])
    client.get(forum_url(few))  # warm up: connection and first-request work
    one, one_page = count_queries(app, client, forum_url(few))
    twenty, twenty_page = count_queries(app, client, forum_url(many))
    assert one_page.count("forum-thread card") == 1
    assert twenty_page.count("forum-thread card") == 20
    assert twenty_page.count('class="forum-comment') == 20 * 11
    assert one == twenty
    assert one <= 10
