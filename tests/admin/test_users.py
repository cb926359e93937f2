"""Admin users pages: list filters, create, invitation links, edit, (de)activation, detail."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Course, LessonProgress, Role, User, utcnow
from dulcevicio.services import accounts
from dulcevicio.services.accounts import AccountRuleError
from tests.admin.conftest import field_errors, flashes
from tests.helpers import PASSWORD, count_rows, submit_login

LINK = re.compile(r'id="password-link" value="(http://localhost/clave/[^"]+)"')


def new_user_data(**overrides) -> dict:
    data = {
        "full_name": "Lucía Fernández",
        "email": "Lucia@Example.com",
        "username": "",
        "role": "USER",
        "access_method": "invitation",
        "password": "",
    }
    return data | overrides


def link_from(html: str) -> str:
    match = LINK.search(html)
    assert match, "no password link in the page"
    return match.group(1).removeprefix("http://localhost")


# --- List ------------------------------------------------------------------------------


def test_list_search_and_filters(admin_client, make_user, make_course, grant):
    with_access = make_user(email="ana@example.com", full_name="Ana Torres", username="anita")
    make_user(email="beto@example.com", full_name="Beto Ruiz")
    make_user(email="carla@example.com", full_name="Carla Díaz", is_active=False)
    grant(with_access, make_course())

    def names(query: str) -> set[str]:
        html = admin_client.get("/admin/usuarios" + query).get_data(as_text=True)
        return set(re.findall(r'/admin/usuarios/\d+">([^<]+)</a>', html))

    assert names("") == {"Ana Torres", "Beto Ruiz", "Carla Díaz", "Jefa Pérez"}
    assert names("?q=ANIT") == {"Ana Torres"}  # username, case-insensitive
    assert names("?q=beto%40example") == {"Beto Ruiz"}  # e-mail
    assert names("?q=díaz") == {"Carla Díaz"}  # name
    assert names("?q=DIAZ") == names("?q=DÍAZ") == {"Carla Díaz"}  # case and accents aside
    assert names("?q=PEREZ") == {"Jefa Pérez"}
    assert names("?q=any_ta") == set()  # a literal _, not a wildcard
    assert names("?q=%25") == set()  # a literal %, not a wildcard
    assert names("?role=ADMIN") == {"Jefa Pérez"}
    assert names("?active=0") == {"Carla Díaz"}
    # "With access" is the access rule now: the enrolled student and the (active) admin.
    assert names("?access=1") == {"Ana Torres", "Jefa Pérez"}
    assert names("?access=0&role=USER") == {"Beto Ruiz", "Carla Díaz"}


def test_list_survives_garbage_query_strings(admin_client):
    response = admin_client.get("/admin/usuarios?page=abc&role=ROOT&active=maybe&per_page=-1")
    assert response.status_code == 200
    assert "Opción inválida." in field_errors(response.get_data(as_text=True))
    assert admin_client.get("/admin/usuarios?page=999999999999999999999999").status_code == 200


def test_list_is_paginated(app_factory, client_as, make_user):
    client = client_as("admin", app=app_factory(ADMIN_PAGE_SIZE=2))
    for number in range(3):
        make_user(email=f"alumno{number}@example.com", full_name=f"Alumno {number}")
    first = client.get("/admin/usuarios").get_data(as_text=True)
    assert "4 cuentas · página 1 de 2" in first
    assert "page=2" in first
    second = client.get("/admin/usuarios?page=2").get_data(as_text=True)
    assert len(re.findall(r'href="/admin/usuarios/\d+"', second)) == 2


# --- Create ----------------------------------------------------------------------------


def test_create_with_password(app, admin_client, fetch):
    response = admin_client.post(
        "/admin/usuarios/nuevo",
        data=new_user_data(access_method="password", password="una-clave-larga", username="Lu"),
    )
    assert field_errors(response.get_data(as_text=True)) == [
        "El usuario debe tener entre 3 y 30 caracteres."
    ]
    response = admin_client.post(
        "/admin/usuarios/nuevo",
        data=new_user_data(access_method="password", password="una-clave-larga", username="Lucia"),
    )
    user = fetch(User, User.email == "lucia@example.com")
    assert response.headers["Location"] == f"/admin/usuarios/{user.id}"
    assert (user.full_name, user.username, user.role) == ("Lucía Fernández", "lucia", Role.USER)
    assert user.password_hash and "una-clave-larga" not in user.password_hash
    assert submit_login(app.test_client(), "lucia", "una-clave-larga").status_code == 302


def test_create_with_invitation_shows_a_one_time_link(app, admin_client, fetch):
    response = admin_client.post("/admin/usuarios/nuevo", data=new_user_data())
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Cuenta creada para Lucía Fernández" in html
    assert fetch(User, User.email == "lucia@example.com").password_hash is None
    link = link_from(html)
    # The WhatsApp button carries a Spanish message with the same absolute link.
    share = re.search(r'href="https://wa\.me/\?text=([^"]+)"', html).group(1)
    assert "http://localhost" + link in unquote(share)
    # The invitation message of the settings; she has no course yet: the business's name.
    assert unquote(share).startswith(
        "Hola, Lucía Fernández. ¡Te damos la bienvenida a «DulceVicio»!"
    )

    student = app.test_client()
    assert student.get(link).status_code == 200
    done = student.post(link, data={"password": "mi-clave-nueva", "confirm": "mi-clave-nueva"})
    assert done.headers["Location"] == "/mis-cursos"
    assert app.test_client().get(link).status_code == 400  # works once


def test_a_new_link_kills_the_old_one(app, admin_client, make_user):
    user = make_user(email="ana@example.com")
    first = admin_client.post(f"/admin/usuarios/{user.id}/enlace")
    second = admin_client.post(f"/admin/usuarios/{user.id}/enlace")
    assert second.headers["Cache-Control"] == "no-store"
    old, new = link_from(first.get_data(as_text=True)), link_from(second.get_data(as_text=True))
    assert old != new
    assert "para cambiar tu contraseña" in unquote(second.get_data(as_text=True))
    student = app.test_client()
    assert student.get(old).status_code == 400
    assert (
        student.post(new, data={"password": "otra-clave-1", "confirm": "otra-clave-1"}).status_code
        == 302
    )
    assert submit_login(app.test_client(), "ana@example.com", "otra-clave-1").status_code == 302


def test_no_link_for_a_deactivated_account(admin_client, make_user, fetch):
    user = make_user(email="ana@example.com", is_active=False)
    response = admin_client.post(f"/admin/usuarios/{user.id}/enlace", follow_redirects=True)
    assert "reactívala antes de generar un enlace" in response.get_data(as_text=True)
    assert fetch(User, id=user.id).password_link_nonce is None


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": "no-es-un-correo"}, "Escribe un correo válido, por ejemplo nombre@ejemplo.com."),
        ({"email": "JEFA@example.com"}, "Ya hay una cuenta con ese correo."),
        ({"full_name": ""}, "Escribe el nombre."),
        (
            {"username": "con espacio"},
            "Usa solo letras sin acentos, números, punto, guion y guion bajo.",
        ),
        ({"role": "ROOT"}, "Opción inválida."),
        ({"access_method": "password"}, "Escribe una contraseña o elige el enlace de invitación."),
        (
            {"access_method": "password", "password": "corta"},
            "La contraseña debe tener entre 8 y 128 caracteres.",
        ),
    ],
)
def test_create_refuses_bad_input(app, admin_client, overrides, error):
    response = admin_client.post("/admin/usuarios/nuevo", data=new_user_data(**overrides))
    assert response.status_code == 200
    assert error in field_errors(response.get_data(as_text=True))
    assert count_rows(app, User) == 1  # only the admin


def test_admins_create_admins(admin_client, fetch):
    admin_client.post(
        "/admin/usuarios/nuevo",
        data=new_user_data(
            email="otra@example.com",
            role="ADMIN",
            access_method="password",
            password="clave-de-admin",
        ),
    )
    assert fetch(User, User.email == "otra@example.com").role is Role.ADMIN


def test_students_cannot_create_anyone(app, client_as):
    client = client_as("student")
    response = client.post("/admin/usuarios/nuevo", data=new_user_data(role="ADMIN"))
    assert response.status_code == 403
    assert count_rows(app, User) == 1


def test_the_service_refuses_admin_accounts_from_non_admins(app, make_user):
    student = make_user(email="alumna@example.com")
    with app.app_context(), pytest.raises(AccountRuleError, match="Solo un administrador"):
        accounts.create_account(
            acting=student, email="x@example.com", full_name="X", role=Role.ADMIN
        )
    assert count_rows(app, User) == 1


# --- Edit and (de)activation -------------------------------------------------------------


def test_edit_an_account(admin_client, make_user, fetch):
    user = make_user(email="ana@example.com", username="ana")
    form = admin_client.get(f"/admin/usuarios/{user.id}/editar").get_data(as_text=True)
    assert 'value="ana@example.com"' in form
    response = admin_client.post(
        f"/admin/usuarios/{user.id}/editar",
        data={
            "full_name": " Ana María ",
            "email": "AnaMaria@example.com",
            "username": "",
            "role": "ADMIN",
        },
    )
    assert response.headers["Location"] == f"/admin/usuarios/{user.id}"
    user = fetch(User, id=user.id)
    assert (user.full_name, user.email, user.username, user.role) == (
        "Ana María",
        "anamaria@example.com",
        None,
        Role.ADMIN,
    )


def test_edit_refuses_taken_email_and_username(admin_client, make_user, fetch):
    make_user(email="beto@example.com", username="beto")
    user = make_user(email="ana@example.com", username="ana")
    data = {"full_name": "Ana", "email": "beto@example.com", "username": "BETO", "role": "USER"}
    html = admin_client.post(f"/admin/usuarios/{user.id}/editar", data=data).get_data(as_text=True)
    assert "Ya hay una cuenta con ese correo." in field_errors(html)
    assert "Ese usuario ya está en uso. Elige otro." in field_errors(html)
    assert fetch(User, id=user.id).email == "ana@example.com"


def test_an_empty_post_is_an_invalid_form_not_a_save(admin_client, make_user, fetch):
    user = make_user(email="ana@example.com", full_name="Ana")
    response = admin_client.post(f"/admin/usuarios/{user.id}/editar")
    assert response.status_code == 200
    assert "Escribe el nombre." in field_errors(response.get_data(as_text=True))
    assert fetch(User, id=user.id).full_name == "Ana"


def test_admins_cannot_demote_themselves(admin_client, admin, fetch):
    data = {"full_name": "Jefa", "email": admin.email, "username": "", "role": "USER"}
    html = admin_client.post(f"/admin/usuarios/{admin.id}/editar", data=data).get_data(as_text=True)
    assert field_errors(html) == ["No puedes quitarte el rol de administrador."]
    me = fetch(User, id=admin.id)
    assert (me.role, me.full_name) == (Role.ADMIN, "Jefa Pérez")


def test_admins_cannot_deactivate_themselves(admin_client, admin, fetch):
    response = admin_client.post(
        f"/admin/usuarios/{admin.id}/estado", data={"activo": "0"}, follow_redirects=True
    )
    assert "No puedes desactivar tu propia cuenta." in flashes(response.get_data(as_text=True))
    assert fetch(User, id=admin.id).is_active
    assert admin_client.get("/admin/").status_code == 200


def test_deactivation_ends_the_students_open_session(app, admin_client, client_as, fetch):
    student = client_as("student", email="ana@example.com")
    user = student.user
    assert student.get("/mis-cursos").status_code == 200

    response = admin_client.post(f"/admin/usuarios/{user.id}/estado", data={"activo": "0"})
    assert response.headers["Location"] == f"/admin/usuarios/{user.id}"
    assert not fetch(User, id=user.id).is_active
    logged_out = student.get("/mis-cursos")
    assert logged_out.status_code == 302
    assert logged_out.headers["Location"].startswith("/ingresar")

    admin_client.post(f"/admin/usuarios/{user.id}/estado", data={"activo": "1"})
    assert fetch(User, id=user.id).is_active
    assert submit_login(app.test_client(), "ana@example.com", PASSWORD).status_code == 302


@pytest.mark.parametrize("data", [{}, {"activo": "si"}])
def test_state_change_needs_a_clear_value(admin_client, make_user, fetch, data):
    user = make_user(email="ana@example.com")
    assert admin_client.post(f"/admin/usuarios/{user.id}/estado", data=data).status_code == 400
    assert fetch(User, id=user.id).is_active


def test_unknown_user_is_404(admin_client):
    assert admin_client.get("/admin/usuarios/999999").status_code == 404
    assert (
        admin_client.post("/admin/usuarios/999999/estado", data={"activo": "0"}).status_code == 404
    )


# --- Detail ----------------------------------------------------------------------------


def test_detail_shows_enrollments_memberships_and_progress(
    app, admin_client, make_user, make_course, grant, make_membership
):
    now = utcnow()
    user = make_user(email="ana@example.com", full_name="Ana Torres")
    active = make_course(title="Panes", lessons=4)
    expired = make_course(title="Tortas", lessons=2)
    revoked = make_course(title="Galletas", lessons=1)
    grant(user, active, expires_at=now + timedelta(days=10))
    grant(user, expired, expires_at=now - timedelta(days=1))
    grant(user, revoked, is_active=False)
    make_membership(user, now - timedelta(days=1), now + timedelta(days=5))
    make_membership(user, now + timedelta(days=5), now + timedelta(days=50))
    make_membership(user, now - timedelta(days=50), now - timedelta(days=5))
    make_membership(user, now - timedelta(days=1), now + timedelta(days=5), is_active=False)
    with app.app_context():
        for lesson in db.session.get(Course, active.id).lessons[:3]:
            db.session.add(
                LessonProgress(
                    user_id=user.id,
                    course_id=active.id,
                    lesson_id=lesson.id,
                    completed=lesson.position <= 2,
                    completed_at=now,
                )
            )
        db.session.commit()

    html = admin_client.get(f"/admin/usuarios/{user.id}").get_data(as_text=True)
    for text in ("Activa", "Vencida", "Revocada", "Vigente", "Programada", "Desactivada"):
        assert f">{text}</span>" in html
    assert html.count(">Vencida</span>") == 2  # one enrollment, one membership
    assert html.count(">Activa</span>") == 2  # the account and one enrollment
    assert re.search(r"Panes</td>\s*<td class=\"progress-cell\">.*?2 / 4", html, re.S)
    assert re.search(
        r"Tortas</td>\s*<td class=\"progress-cell\">.*?0 / 2.*?Sin actividad", html, re.S
    )
    assert "Volver a inscribir" in html  # the revoked enrollment
