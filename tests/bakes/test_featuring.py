"""Featuring a bake on the public course page: only with consent, withdrawn at once, and the
visitors' kept copy of the page follows."""

from __future__ import annotations

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Bake
from tests import media
from tests.bakes.support import get, photo_files, photo_ids, post_bake


def _posted(app, client, course, **fields) -> int:
    assert post_bake(client, course, photo_files(media.jpeg()), **fields).status_code == 302
    with app.app_context():
        return db.session.query(Bake.id).order_by(Bake.id.desc()).limit(1).scalar()


def _feature(admin_client, bake_id: int, featured: str = "1"):
    return admin_client.post(f"/admin/lo-hice/{bake_id}/destacar", data={"featured": featured})


def test_featuring_is_refused_without_consent(app, admin_client, client_as, course, ana):
    bake_id = _posted(app, client_as(ana), course)
    response = _feature(admin_client, bake_id)
    assert response.status_code == 302
    assert get(app, Bake, bake_id).is_featured is False
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "permiso de su autora" in page
    assert _feature(admin_client, bake_id, "maybe").status_code == 400


def test_students_cannot_feature(app, client_as, course, ana, bruno):
    bake_id = _posted(app, client_as(ana), course, consent="y")
    assert _feature(client_as(ana), bake_id).status_code == 403
    assert _feature(client_as(bruno), bake_id).status_code == 403
    assert get(app, Bake, bake_id).is_featured is False


def test_a_visitor_sees_a_featured_bake_until_consent_is_withdrawn(
    app, admin_client, client, client_as, course, make_user, grant
):
    valentina = make_user(email="vale@example.com", full_name="Valentina Sosa")
    grant(valentina, course)
    author = client_as(valentina)
    bake_id = _posted(app, author, course, consent="y", text="Mi lemon pie")
    other_id = _posted(app, author, course, consent="y", text="Sin destacar")
    [photo] = photo_ids(app, bake_id)
    [other_photo] = photo_ids(app, other_id)
    course_page = f"/cursos/{course.slug}"
    before = client.get(course_page).get_data(as_text=True)  # kept for visitors
    assert "Mi lemon pie" not in before
    assert client.get(f"/media/{photo}").status_code == 404

    assert _feature(admin_client, bake_id).status_code == 302
    page = client.get(course_page).get_data(as_text=True)
    assert "Mi lemon pie" in page and "Valentina S." in page and "Valentina Sosa" not in page
    assert "Sin destacar" not in page
    assert client.get(f"/media/{photo}").status_code == 200
    assert client.get(f"/media/{photo}?w=600").status_code == 200
    assert client.get(f"/media/{other_photo}").status_code == 404

    edited = author.post(
        f"/lo-hice/{bake_id}/editar", data={"text": "Mi lemon pie", "question": ""}
    )  # the consent box left unticked: consent withdrawn
    assert edited.status_code == 302
    assert get(app, Bake, bake_id).is_featured is False
    assert "Mi lemon pie" not in client.get(course_page).get_data(as_text=True)
    assert client.get(f"/media/{photo}").status_code == 404


def test_unfeaturing_and_hiding_update_the_visitors_page(
    app, admin_client, client, client_as, course, ana
):
    bake_id = _posted(app, client_as(ana), course, consent="y", text="Budín de limón")
    course_page = f"/cursos/{course.slug}"
    _feature(admin_client, bake_id)
    assert "Budín de limón" in client.get(course_page).get_data(as_text=True)
    _feature(admin_client, bake_id, "0")
    assert "Budín de limón" not in client.get(course_page).get_data(as_text=True)
    _feature(admin_client, bake_id)
    assert "Budín de limón" in client.get(course_page).get_data(as_text=True)
    admin_client.post(f"/lo-hice/{bake_id}/moderar", data={"hidden": "1"})
    assert "Budín de limón" not in client.get(course_page).get_data(as_text=True)
    admin_client.post(f"/lo-hice/{bake_id}/moderar", data={"hidden": "0"})
    assert "Budín de limón" in client.get(course_page).get_data(as_text=True)
    assert client_as(ana).post(f"/lo-hice/{bake_id}/eliminar").status_code == 302
    assert "Budín de limón" not in client.get(course_page).get_data(as_text=True)


@pytest.mark.parametrize(
    "change",
    ["course inactive", "bake hidden", "consent withdrawn", "not featured"],
)
def test_a_featured_photo_is_public_only_while_every_condition_holds(
    app, client, client_as, course, ana, change
):
    bake_id = _posted(app, client_as(ana), course, consent="y")
    [photo] = photo_ids(app, bake_id)
    with app.app_context():
        bake = db.session.get(Bake, bake_id)
        bake.is_featured = True
        db.session.commit()
    assert client.get(f"/media/{photo}").status_code == 200
    with app.app_context():
        bake = db.session.get(Bake, bake_id)
        if change == "course inactive":
            bake.course.is_active = False
        elif change == "bake hidden":
            bake.is_active = False
        elif change == "consent withdrawn":
            bake.testimonial_consent = False
        else:
            bake.is_featured = False
        db.session.commit()
    assert client.get(f"/media/{photo}").status_code == 404
    assert client_as(ana).get(f"/media/{photo}").status_code == (
        404 if change in ("course inactive", "bake hidden") else 200
    )
