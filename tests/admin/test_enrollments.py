"""Admin enrollment pages: list, grant, bulk grant, extend, revoke."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from dulcevicio.models import Enrollment, User, utcnow
from dulcevicio.services import periods
from tests.admin.conftest import field_errors, flashes
from tests.helpers import count_rows


def in_app(app, function, *args):
    with app.app_context():
        return function(*args)


def end_of_local_day(app, day: date):
    return in_app(app, periods.end_of_day, day)


def local_today(app) -> date:
    return in_app(app, periods.today)


def grant_data(user, course, /, **overrides) -> dict:
    return {"user": user.email, "course": str(course.id), "duration": "90"} | overrides


def test_grant_for_90_days(app, admin_client, admin, client_as, make_user, make_course, fetch):
    student = make_user(email="ana@example.com", full_name="Ana Torres")
    course = make_course(title="Panes")
    response = admin_client.post(
        "/admin/inscripciones/nueva", data=grant_data(student, course), follow_redirects=True
    )
    enrollment = fetch(Enrollment, Enrollment.user_id == student.id)
    expected = end_of_local_day(app, local_today(app) + timedelta(days=90))
    assert (enrollment.course_id, enrollment.is_active) == (course.id, True)
    assert enrollment.expires_at == expected
    assert enrollment.granted_by_id == admin.id
    html = response.get_data(as_text=True)
    assert any("Ana Torres tiene acceso a «Panes» hasta el" in flash for flash in flashes(html))
    student_client = client_as(student)
    assert "Panes" in student_client.get("/mis-cursos").get_data(as_text=True)


def test_grant_by_username_without_end_or_until_a_date(
    app, admin_client, make_user, make_course, fetch
):
    student = make_user(email="ana@example.com", username="anita")
    first, second = make_course(), make_course()
    admin_client.post(
        "/admin/inscripciones/nueva",
        data={"user": "ANITA", "course": first.id, "duration": "never"},
    )
    assert fetch(Enrollment, Enrollment.course_id == first.id).expires_at is None
    day = local_today(app) + timedelta(days=3)
    admin_client.post(
        "/admin/inscripciones/nueva",
        data=grant_data(student, second, duration="date", expires_on=day.isoformat()),
    )
    expires_at = fetch(Enrollment, Enrollment.course_id == second.id).expires_at
    assert expires_at == end_of_local_day(app, day)
    assert in_app(app, periods.local_date, expires_at) == day  # |long_date shows that day


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"user": "nadie@example.com"}, "No hay ninguna cuenta con ese correo o usuario."),
        ({"user": ""}, "Escribe el correo o el usuario de la persona."),
        ({"course": "999999"}, "Opción inválida."),
        ({"course": "abc"}, None),
        ({"duration": "1000"}, "Opción inválida."),
        ({"duration": "date"}, "Elige la fecha de vencimiento."),
        (
            {"duration": "date", "expires_on": "2020-01-01"},
            "La fecha de vencimiento no puede estar en el pasado.",
        ),
        ({"duration": "date", "expires_on": "31/12/2030"}, "No es una fecha válida."),
    ],
)
def test_grant_refuses_bad_input(app, admin_client, make_user, make_course, overrides, error):
    student, course = make_user(), make_course()
    response = admin_client.post(
        "/admin/inscripciones/nueva", data=grant_data(student, course, **overrides)
    )
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True))
    assert errors and (error is None or error in errors)
    assert count_rows(app, Enrollment) == 0


def test_granting_again_reactivates_the_same_row(
    admin_client, make_user, make_course, grant, fetch
):
    student, course = make_user(), make_course()
    old = grant(student, course, expires_at=utcnow() + timedelta(days=200), is_active=False)
    admin_client.post("/admin/inscripciones/nueva", data=grant_data(student, course, duration="30"))
    row = fetch(Enrollment, id=old.id)
    assert row.is_active and row.expires_at < old.expires_at
    page = admin_client.get(f"/admin/inscripciones/nueva?usuario={student.id}&curso={course.id}")
    assert f'value="{student.email}"' in page.get_data(as_text=True)


def test_bulk_grant(app, admin_client, make_user, make_course, grant, fetch, rows):
    course = make_course(title="Panes")
    new = make_user(email="nueva@example.com", full_name="Nueva Alumna")
    active = make_user(email="activa@example.com", full_name="Ya Activa")
    expired = make_user(email="vencida@example.com", full_name="Ya Vencida")
    revoked = make_user(email="revocada@example.com", full_name="Ya Revocada")
    kept_until = utcnow() + timedelta(days=400)
    grant(active, course, expires_at=kept_until)
    old_expired = grant(expired, course, expires_at=utcnow() - timedelta(days=2))
    grant(revoked, course, is_active=False)
    pasted = (
        "nueva@example.com\n  ACTIVA@example.com \n\nvencida@example.com, revocada@example.com\n"
        "desconocida@example.com\nno-es-correo\nnueva@example.com\n"
    )
    response = admin_client.post(
        "/admin/inscripciones/masiva",
        data={"course": course.id, "emails": pasted, "duration": "30"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)

    def section(key: str) -> str:
        return re.search(rf'id="resultado-{key}".*?</section>', html, re.S).group(0)

    assert "Nueva Alumna" in section("granted")
    assert "Ya Vencida" in section("renewed") and "Ya Revocada" in section("renewed")
    assert "Ya Activa" in section("unchanged")
    assert "desconocida@example.com" in section("unknown")
    assert "no-es-correo" not in html  # a free word is not an unknown e-mail

    ends = end_of_local_day(app, local_today(app) + timedelta(days=30))
    by_user = {row.user_id: row for row in rows(Enrollment, Enrollment.course_id == course.id)}
    assert len(by_user) == 4
    assert (by_user[new.id].is_active, by_user[new.id].expires_at) == (True, ends)
    assert (by_user[revoked.id].is_active, by_user[revoked.id].expires_at) == (True, ends)
    assert by_user[expired.id].id == old_expired.id and by_user[expired.id].expires_at == ends
    assert by_user[active.id].expires_at == kept_until  # left as it was


def test_unknown_emails_become_enrolled_accounts_from_the_result(
    app, admin_client, make_course, rows
):
    course = make_course(title="Panes")
    pasted = "Las nuevas: Rosa <rosa@example.com>, tere@example.com y lu@gmail (sin .com)"
    response = admin_client.post(
        "/admin/inscripciones/masiva",
        data={"course": course.id, "emails": pasted, "duration": "90"},
    )
    html = response.get_data(as_text=True)
    assert 'value="rosa@example.com"' in html and 'value="tere@example.com"' in html
    assert "No parecen correos" in html and "lu@gmail" in html
    created = admin_client.post(
        "/admin/inscripciones/masiva/cuentas",
        data={
            "course": course.id,
            "duration": "90",
            "expires_on": "",
            "email": ["rosa@example.com", "tere@example.com"],
            "name": ["Rosa Quispe", ""],
            "create": ["rosa@example.com"],  # Tere is left out
        },
    )
    page = created.get_data(as_text=True)
    assert created.status_code == 200 and "Rosa Quispe" in page and "tere@" not in page
    [rosa] = [user for user in rows(User) if user.email == "rosa@example.com"]
    assert rosa.password_hash is None
    [enrollment] = rows(Enrollment)
    assert enrollment.user_id == rosa.id and enrollment.course_id == course.id
    assert re.search(r'href="https://wa\.me/\?text=Hola%2C%20Rosa%20Quispe', page)
    # A missing name or an address that is taken by now: nothing is created.
    for people, refusal in (
        (
            {"email": ["nadie@example.com"], "name": [""], "create": ["nadie@example.com"]},
            "Escribe el nombre de nadie@example.com",
        ),
        (
            {"email": ["rosa@example.com"], "name": ["Otra"], "create": ["rosa@example.com"]},
            "Ya hay una cuenta con rosa@example.com",
        ),
    ):
        again = admin_client.post(
            "/admin/inscripciones/masiva/cuentas",
            data={"course": course.id, "duration": "90", "expires_on": ""} | people,
            follow_redirects=True,
        )
        assert refusal in again.get_data(as_text=True)
    assert len(rows(User)) == 2 and len(rows(Enrollment)) == 1


def test_bulk_grant_refuses_empty_and_oversized_lists(app, admin_client, make_course):
    course = make_course()
    empty = admin_client.post(
        "/admin/inscripciones/masiva",
        data={"course": course.id, "emails": " \n ", "duration": "30"},
    )
    assert "Pega al menos un correo." in field_errors(empty.get_data(as_text=True))
    many = "\n".join(f"persona{n}@example.com" for n in range(501))
    too_many = admin_client.post(
        "/admin/inscripciones/masiva", data={"course": course.id, "emails": many, "duration": "30"}
    )
    assert "Son 501 correos; el máximo es 500 por vez." in field_errors(
        too_many.get_data(as_text=True)
    )
    assert count_rows(app, Enrollment) == 0


def test_extend(app, admin_client, make_user, make_course, grant, fetch):
    course = make_course()
    today = local_today(app)
    current_end = end_of_local_day(app, today + timedelta(days=5))
    running = grant(make_user(), course, expires_at=current_end)
    expired = grant(make_user(), course, expires_at=utcnow() - timedelta(days=40))

    response = admin_client.post(
        f"/admin/inscripciones/{running.id}/extender", data={"days": "10", "next": "/admin/"}
    )
    assert response.headers["Location"] == "/admin/"
    assert fetch(Enrollment, id=running.id).expires_at == end_of_local_day(
        app, today + timedelta(days=15)
    )
    admin_client.post(f"/admin/inscripciones/{expired.id}/extender", data={"days": "30"})
    assert fetch(Enrollment, id=expired.id).expires_at == end_of_local_day(
        app, today + timedelta(days=30)
    )


@pytest.mark.parametrize("days", ["0", "-3", "abc", "4000", ""])
def test_extend_refuses_bad_days(app, admin_client, make_user, make_course, grant, fetch, days):
    ends = utcnow() + timedelta(days=5)
    enrollment = grant(make_user(), make_course(), expires_at=ends)
    response = admin_client.post(
        f"/admin/inscripciones/{enrollment.id}/extender",
        data={"days": days, "next": "//evil.example/"},
        follow_redirects=True,
    )
    assert response.request.path == "/admin/inscripciones"  # not the unsafe next
    assert any("días" in flash for flash in flashes(response.get_data(as_text=True)))
    assert fetch(Enrollment, id=enrollment.id).expires_at == ends


def test_extend_is_refused_when_it_makes_no_sense(
    admin_client, make_user, make_course, grant, fetch
):
    course = make_course()
    forever = grant(make_user(), course)
    revoked = grant(make_user(), course, expires_at=utcnow() - timedelta(days=1), is_active=False)
    html = admin_client.post(
        f"/admin/inscripciones/{forever.id}/extender", data={"days": "30"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Esta inscripción no vence: no hace falta extenderla." in flashes(html)
    html = admin_client.post(
        f"/admin/inscripciones/{revoked.id}/extender", data={"days": "30"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "La inscripción está revocada: vuelve a inscribir al alumno." in flashes(html)
    assert fetch(Enrollment, id=forever.id).expires_at is None
    assert not fetch(Enrollment, id=revoked.id).is_active


def test_revoke_ends_access(admin_client, client_as, make_user, make_course, grant, fetch):
    student = make_user(email="ana@example.com")
    course = make_course(title="Panes")
    enrollment = grant(student, course)
    student_client = client_as(student)
    assert "Panes" in student_client.get("/mis-cursos").get_data(as_text=True)

    response = admin_client.post(
        f"/admin/inscripciones/{enrollment.id}/revocar",
        data={"next": f"/admin/usuarios/{student.id}"},
    )
    assert response.headers["Location"] == f"/admin/usuarios/{student.id}"
    assert not fetch(Enrollment, id=enrollment.id).is_active
    # The course stays on her dashboard, locked: no way into its lessons.
    dashboard = student_client.get("/mis-cursos").get_data(as_text=True)
    assert "Tu acceso terminó el" in dashboard
    assert f"/cursos/{course.slug}/lecciones/" not in dashboard
    assert admin_client.post("/admin/inscripciones/999999/revocar").status_code == 404


def test_list_filters(admin_client, make_user, make_course, grant):
    panes, tortas = make_course(title="Panes"), make_course(title="Tortas")
    ana = make_user(email="ana@example.com", full_name="Ana Torres")
    beto = make_user(email="beto@example.com", full_name="Beto Ruiz")
    carla = make_user(email="carla@example.com", full_name="Carla Díaz")
    grant(ana, panes)
    grant(beto, panes, expires_at=utcnow() - timedelta(days=1))
    grant(carla, tortas, is_active=False)

    def names(query: str) -> set[str]:
        html = admin_client.get("/admin/inscripciones" + query).get_data(as_text=True)
        return set(re.findall(r'/admin/usuarios/\d+">([^<]+)</a>', html))

    assert names("") == {"Ana Torres", "Beto Ruiz", "Carla Díaz"}
    assert names(f"?course={panes.id}") == {"Ana Torres", "Beto Ruiz"}
    assert names("?status=activa") == {"Ana Torres"}
    assert names("?status=vencida") == {"Beto Ruiz"}
    assert names("?status=revocada") == {"Carla Díaz"}
    assert names("?q=BETO") == {"Beto Ruiz"}
    assert names(f"?course={tortas.id}&status=activa") == set()
    # Garbage filters are shown as field errors and filter nothing; never a 500.
    garbage = admin_client.get("/admin/inscripciones?course=abc&status=zzz&page=-4")
    assert garbage.status_code == 200
    assert len(field_errors(garbage.get_data(as_text=True))) == 2
