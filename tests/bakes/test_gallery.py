"""The gallery: pages with a fixed number of queries, edits and deletions by the author
only, comments, the instructor's feedback and its queue, moderation, notifications."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import (
    Bake,
    BakeComment,
    BakePhoto,
    Enrollment,
    Notification,
    NotificationKind,
    utcnow,
)
from tests.admin.conftest import counting_queries
from tests.bakes.support import add_bake, count, gallery_url, get, post_bake, stored_bake_files

BAKE_ARTICLE = re.compile(r'<article id="horneado-\d+"')


def _seed(app, course, make_user, grant, bakes: int) -> None:
    """`bakes` bakes by different students, 3 photos and 2 comments each."""
    for number in range(bakes):
        author = make_user(
            email=f"autora{bakes}-{number}@example.com", full_name=f"Autora {number}"
        )
        friend = make_user(email=f"amiga{bakes}-{number}@example.com", full_name=f"Amiga {number}")
        grant(author, course)
        add_bake(app, course, author, photos=3, comments=[friend, author], age_minutes=number)


@pytest.mark.parametrize("viewer", ["student", "admin"])
def test_the_gallery_query_count_does_not_grow_with_bakes(
    app, make_course, make_user, grant, client_as, viewer
):
    small, large = make_course(title="Pequeño"), make_course(title="Grande")
    _seed(app, small, make_user, grant, 5)
    _seed(app, large, make_user, grant, 40)
    client = client_as(viewer)
    if viewer == "student":
        grant(client.user, small)
        grant(client.user, large)
    counts = []
    for course in (small, large):
        client.get(gallery_url(course))  # warm the caches of this worker
        with counting_queries(app) as statements:
            page = client.get(gallery_url(course)).get_data(as_text=True)
        counts.append(len(statements))
        assert len(BAKE_ARTICLE.findall(page)) == min(5 if course is small else 40, 12)
    assert counts[0] == counts[1], counts
    second = client.get(gallery_url(large, page=2)).get_data(as_text=True)
    assert len(BAKE_ARTICLE.findall(second)) == 12 and "Autora 12" in second


def test_the_gallery_filters_by_recipe_and_the_recipe_page_counts(
    app, client_as, course, recipe, ana
):
    client = client_as(ana)
    post_bake(client, course, recipe_id=str(recipe.id), text="Con manzana")
    post_bake(client, course, text="Sin receta")
    filtered = client.get(gallery_url(course, receta=recipe.id)).get_data(as_text=True)
    assert "Con manzana" in filtered and "Sin receta" not in filtered
    page = client.get(f"/cursos/{course.slug}/recetas/{recipe.id}").get_data(as_text=True)
    assert "¡Lo hice!" in page and "1 alumna lo hizo" in page
    assert f"lo-hice?receta={recipe.id}" in page
    post_bake(client, course, recipe_id=str(recipe.id), text="Otra vez")
    page = client.get(f"/cursos/{course.slug}/recetas/{recipe.id}").get_data(as_text=True)
    assert "2 horneados de esta receta" in page


def _bake_of(app, course, ana, **fields) -> int:
    return add_bake(app, course, ana, **fields)


def test_authors_edit_and_delete_their_own_bakes_only(app, client_as, course, ana, bruno):
    assert post_bake(client_as(ana), course).status_code == 302
    with app.app_context():
        bake_id = db.session.query(Bake.id).scalar()
    [photo] = stored_bake_files(app)
    other = client_as(bruno)
    assert other.get(f"/lo-hice/{bake_id}/editar").status_code == 403
    assert other.post(f"/lo-hice/{bake_id}/editar", data={"text": "pirata"}).status_code == 403
    assert other.post(f"/lo-hice/{bake_id}/eliminar").status_code == 403
    owner = client_as(ana)
    assert owner.get(f"/lo-hice/{bake_id}/editar").status_code == 200
    edited = owner.post(f"/lo-hice/{bake_id}/editar", data={"text": "Mejor así", "question": ""})
    assert edited.status_code == 302
    assert get(app, Bake, bake_id).text == "Mejor así"
    assert count(app, BakePhoto) == 1  # photos stay as they are
    assert owner.post(f"/lo-hice/{bake_id}/eliminar").status_code == 302
    assert count(app, Bake) == 0 and count(app, BakePhoto) == 0
    assert photo not in stored_bake_files(app)  # the file went after the commit


def test_comments_notify_the_author_but_never_the_actor(app, client_as, course, ana, bruno):
    bake_id = add_bake(app, course, ana)
    friend = client_as(bruno)
    response = friend.post(f"/lo-hice/{bake_id}/comentarios", data={"content": "¡Qué rica!"})
    assert response.status_code == 302
    client_as(ana).post(f"/lo-hice/{bake_id}/comentarios", data={"content": "¡Gracias!"})
    assert count(app, BakeComment) == 2
    assert count(app, Notification) == 1
    [note] = _notifications(app)
    assert (note.user_id, note.kind, note.target_type, note.target_id, note.course_id) == (
        ana.id,
        NotificationKind.REPLY,
        "bake",
        bake_id,
        course.id,
    )
    assert get(app, Bake, bake_id).feedback_at is None  # students' comments are not feedback
    # An empty comment is refused with a message, nothing saved.
    friend.post(f"/lo-hice/{bake_id}/comentarios", data={"content": "  "})
    assert count(app, BakeComment) == 2


def test_authors_delete_their_own_comments_only(app, client_as, course, ana, bruno):
    bake_id = add_bake(app, course, ana, comments=[bruno])
    with app.app_context():
        comment_id = db.session.query(BakeComment.id).scalar()
    assert client_as(ana).post(f"/lo-hice/comentarios/{comment_id}/eliminar").status_code == 403
    assert client_as(bruno).post(f"/lo-hice/comentarios/{comment_id}/eliminar").status_code == 302
    assert count(app, BakeComment) == 0 and count(app, Bake, Bake.id == bake_id) == 1


def _notifications(app) -> list[Notification]:
    with app.app_context():
        notes = db.session.query(Notification).order_by(Notification.id).all()
        for note in notes:
            db.session.expunge(note)
        return notes


def test_feedback_sets_feedback_at_leaves_the_queue_and_notifies(
    app, admin_client, course, ana, client_as
):
    waiting = add_bake(app, course, ana, text="¿Está bien cocida?", age_minutes=5)
    answered = add_bake(app, course, ana, text="Otra más")
    queue = admin_client.get("/admin/lo-hice").get_data(as_text=True)
    assert "¿Está bien cocida?" in queue and "Otra más" in queue
    assert queue.index("¿Está bien cocida?") < queue.index("Otra más")  # oldest first
    overview = admin_client.get("/admin/").get_data(as_text=True)
    assert re.search(r'stat-value mb-0">2</p>\s*<p[^>]*>¡Lo hice! esperando devolución', overview)
    assert 'href="/admin/lo-hice"' in overview
    response = admin_client.post(
        f"/lo-hice/{answered}/comentarios",
        data={"content": "Perfecta, la próxima bájale 10 grados.", "next": "/admin/lo-hice"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/admin/lo-hice"
    first = get(app, Bake, answered).feedback_at
    assert first is not None and get(app, Bake, waiting).feedback_at is None
    queue = admin_client.get("/admin/lo-hice").get_data(as_text=True)
    assert "Otra más" not in queue and "¿Está bien cocida?" in queue
    [note] = _notifications(app)
    assert note.kind is NotificationKind.FEEDBACK and note.user_id == ana.id
    admin_client.post(f"/lo-hice/{answered}/comentarios", data={"content": "Y otra cosa"})
    assert get(app, Bake, answered).feedback_at == first  # only the first one counts
    page = client_as(ana).get(gallery_url(course)).get_data(as_text=True)
    assert "Equipo DulceVicio" in page


def test_a_student_who_lost_access_keeps_her_bakes_but_hears_and_posts_nothing(
    app, client_as, course, ana, bruno
):
    bake_id = add_bake(app, course, ana, text="Mi primera tarta")
    with app.app_context():
        enrollment = db.session.query(Enrollment).filter_by(user_id=ana.id).one()
        enrollment.expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
    friend = client_as(bruno)
    friend.post(f"/lo-hice/{bake_id}/comentarios", data={"content": "¡Linda!"})
    assert count(app, BakeComment) == 1 and count(app, Notification) == 0
    assert "Mi primera tarta" in friend.get(gallery_url(course)).get_data(as_text=True)
    assert post_bake(client_as(ana), course).status_code == 403


def test_hidden_bakes_and_comments_vanish_for_students(
    app, admin_client, client_as, course, ana, bruno
):
    bake_id = add_bake(app, course, ana, text="Tarta oculta", comments=[bruno])
    with app.app_context():
        comment_id = db.session.query(BakeComment.id).scalar()
    student = client_as(bruno)
    assert student.post(f"/lo-hice/{bake_id}/moderar", data={"hidden": "1"}).status_code == 403
    assert admin_client.post(f"/lo-hice/{bake_id}/moderar", data={"hidden": "x"}).status_code == 400
    assert admin_client.post(f"/lo-hice/{bake_id}/moderar", data={"hidden": "1"}).status_code == 302
    assert "Tarta oculta" not in student.get(gallery_url(course)).get_data(as_text=True)
    admin_page = admin_client.get(gallery_url(course)).get_data(as_text=True)
    assert "Tarta oculta" in admin_page and "Oculto" in admin_page
    assert student.get(f"/lo-hice/{bake_id}").status_code == 404
    assert student.post(f"/lo-hice/{bake_id}/comentarios", data={"content": "x"}).status_code == 404
    admin_client.post(f"/lo-hice/{bake_id}/moderar", data={"hidden": "0"})
    assert "Tarta oculta" in student.get(gallery_url(course)).get_data(as_text=True)
    hide = admin_client.post(f"/lo-hice/comentarios/{comment_id}/moderar", data={"hidden": "1"})
    assert hide.status_code == 302
    assert "¡Qué rico!" not in student.get(gallery_url(course)).get_data(as_text=True)
    assert "¡Qué rico!" in admin_client.get(gallery_url(course)).get_data(as_text=True)
