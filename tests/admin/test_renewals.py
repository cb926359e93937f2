"""Renewals (/admin/renovaciones): who to write to, the "contacted" mark, renewing with the
payment in one step, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Enrollment, Membership, Payment, utcnow
from dulcevicio.services import periods, renewals
from tests.admin.conftest import counting_queries

DAY = timedelta(days=1)


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


@pytest.fixture
def people(make_user, make_course, grant, make_membership):
    """One student for every case the board must tell apart."""
    now = utcnow()
    course = make_course(title="Pan dulce", lessons=4)
    cases = {
        "tomorrow": ("Ana Mañana", now + 12 * 3600 * timedelta(seconds=1)),
        "week": ("Bea Semana", now + 3 * DAY),
        "later": ("Caro Después", now + 10 * DAY),
        "ended": ("Dani Terminó", now - 5 * DAY),
        "long_ago": ("Eva Hace Mucho", now - 40 * DAY),
    }
    users = {}
    for key, (name, end) in cases.items():
        user = make_user(full_name=name, email=f"{key}@example.com", phone="+525512345678")
        users[key] = user
        users[key + "_enrollment"] = grant(user, course, expires_at=end)
    # Not to chase: revoked, renewed through a membership, inactive account.
    revoked = make_user(full_name="Fer Revocada", email="revoked@example.com")
    grant(revoked, course, expires_at=now + 2 * DAY, is_active=False)
    member = make_user(full_name="Gabi Socia", email="member@example.com")
    grant(member, course, expires_at=now + 2 * DAY)
    make_membership(member, now - DAY, now + 300 * DAY)
    inactive = make_user(full_name="Hilda Inactiva", email="inactive@example.com", is_active=False)
    grant(inactive, course, expires_at=now + 2 * DAY)
    # Memberships: one ending this week, one ending but already renewed by a later one.
    ending = make_user(full_name="Isa Membresía", email="ending@example.com")
    users["membership"] = make_membership(ending, now - 300 * DAY, now + 4 * DAY)
    renewed = make_user(full_name="Juli Renovada", email="renewed@example.com")
    make_membership(renewed, now - 300 * DAY, now + 2 * DAY)
    make_membership(renewed, now + 2 * DAY, now + 400 * DAY)
    return users


def test_the_board_lists_who_to_write_to(admin_client, people):
    page = admin_client.get("/admin/renovaciones").get_data(as_text=True)
    assert "Ana Mañana" in section(page, "manana")
    week = section(page, "semana")
    assert (
        "Bea Semana" in week and "Isa Membresía" in week and "Membresía (todos los cursos)" in week
    )
    assert "Dani Terminó" in section(page, "terminaron")
    for absent in ("Caro", "Eva", "Fer", "Gabi", "Hilda", "Juli"):
        assert absent not in page
    # The messages go to her own number: a reminder before the end, a win-back after it.
    links = {
        unquote(url)
        for url in re.findall(r'href="https://wa\.me/525512345678\?text=([^"]+)"', page)
    }
    assert any(
        text.startswith("Hola, Bea Semana. Tu acceso a «Pan dulce» termina el") for text in links
    )
    assert any(
        text.startswith("Hola, Dani Terminó. Tu acceso a «Pan dulce» terminó el") for text in links
    )


def test_the_contacted_mark_stays_until_the_end_moves(app, admin_client, people):
    enrollment = people["week_enrollment"]
    url = f"/admin/renovaciones/inscripcion/{enrollment.id}/contactada"
    response = admin_client.post(url)
    assert response.headers["Location"].endswith(f"#renovacion-i{enrollment.id}")
    page = admin_client.get("/admin/renovaciones").get_data(as_text=True)
    assert "Contactada por Jefa Pérez" in section(page, "semana")
    # A new end (still within the week) is a new conversation: the mark no longer shows.
    day = periods_today(app) + timedelta(days=5)
    admin_client.post(
        f"/admin/renovaciones/inscripcion/{enrollment.id}/renovar",
        data={"duration": "date", "until": day.isoformat(), "amount": ""},
    )
    page = admin_client.get("/admin/renovaciones").get_data(as_text=True)
    assert "Bea Semana" in section(page, "semana") and "Contactada por" not in page


def test_renew_and_record_the_payment_in_one_step(app, admin_client, people, rows, fetch):
    enrollment = people["ended_enrollment"]
    response = admin_client.post(
        f"/admin/renovaciones/inscripcion/{enrollment.id}/renovar",
        data={
            "duration": "30",
            "amount": "450,50",
            "currency": "ARS",
            "method": "MERCADO_PAGO",
            "paid_on": (periods_today(app) - DAY).isoformat(),
            "reference": "MP-99",
        },
        follow_redirects=True,
    )
    assert "Renovado y pago registrado: Dani Terminó tiene acceso hasta el" in response.get_data(
        as_text=True
    )
    renewed = fetch(Enrollment, id=enrollment.id)
    with app.app_context():
        assert periods.local_date(renewed.expires_at) == periods.today() + timedelta(days=30)
    [payment] = rows(Payment)
    assert (payment.amount, payment.currency, payment.enrollment_id) == (
        Decimal("450.50"),
        "ARS",
        enrollment.id,
    )
    assert payment.note == "Renovación"
    assert "Dani Terminó" not in admin_client.get("/admin/renovaciones").get_data(as_text=True)

    membership = people["membership"]
    admin_client.post(
        f"/admin/renovaciones/membresia/{membership.id}/renovar", data={"duration": "365"}
    )
    assert fetch(Membership, id=membership.id).end_date > utcnow() + 360 * DAY
    assert len(rows(Payment)) == 1  # no amount, no payment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"duration": "30", "amount": "-5"}, "El monto debe ser mayor que cero."),
        ({"duration": "30", "amount": "12.345"}, "como máximo dos decimales"),
        ({"duration": "30", "amount": "100", "currency": "XXX"}, "Opción inválida"),
        ({"duration": "date", "until": ""}, "Elige la fecha de fin."),
        ({"duration": "date", "until": "2001-01-01"}, "posterior a hoy"),
        ({"duration": "9999"}, "Opción inválida"),
    ],
)
def test_a_bad_renewal_changes_nothing(admin_client, people, rows, fetch, data, message):
    enrollment = people["week_enrollment"]
    before = fetch(Enrollment, id=enrollment.id).expires_at
    response = admin_client.post(
        f"/admin/renovaciones/inscripcion/{enrollment.id}/renovar", data=data
    )
    assert response.status_code == 200  # the form again, saying why
    assert message in response.get_data(as_text=True)
    assert fetch(Enrollment, id=enrollment.id).expires_at == before
    assert rows(Payment) == []


def test_the_renew_page_names_the_student_and_the_end(admin_client, people):
    enrollment = people["ended_enrollment"]
    page = admin_client.get(f"/admin/renovaciones/inscripcion/{enrollment.id}/renovar")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Renovar el acceso de Dani Terminó" in html and "Pan dulce · terminó el" in html
    assert 'value="MXN" selected' in html or '<option selected value="MXN">' in html


def test_each_group_shows_the_most_urgent_first_up_to_the_limit(
    app, admin_client, make_user, make_course, grant, make_membership, monkeypatch
):
    monkeypatch.setattr(renewals, "BOARD_LIMIT", 3)
    course = make_course()
    for days in (5, 2, 6, 3):
        user = make_user(full_name=f"Vence en {days}", email=f"v{days}@example.com")
        grant(user, course, expires_at=utcnow() + days * DAY)
    member = make_user(full_name="Vence en 4", email="v4@example.com")  # merged in its place
    make_membership(member, utcnow() - 300 * DAY, utcnow() + 4 * DAY)
    for days in (1, 20, 9, 3):
        user = make_user(full_name=f"Terminó hace {days}", email=f"t{days}@example.com")
        grant(user, course, expires_at=utcnow() - days * DAY)
    page = admin_client.get("/admin/renovaciones").get_data(as_text=True)
    week = section(page, "semana")
    names = r'<a href="/admin/usuarios/\d+">{}</a>'
    assert re.findall(names.format(r"Vence en (\d)"), week) == ["2", "3", "4"]
    assert "Se muestran las 3 más urgentes de 5" in week
    assert 'href="/admin/renovaciones?grupo=semana">Ver las 5' in week
    ended = section(page, "terminaron")
    assert re.findall(names.format(r"Terminó hace (\d+)"), ended) == ["1", "3", "9"]
    assert "Se muestran las 3 más urgentes de 4" in ended
    assert 'badge text-bg-warning">5<' in page
    assert "Se muestran" not in section(page, "manana")


def test_a_group_pages_through_every_row_in_the_boards_order(
    app, admin_client, make_user, make_course, grant, make_membership, monkeypatch
):
    monkeypatch.setitem(app.config, "ADMIN_PAGE_SIZE", 2)
    course = make_course()
    for days in (5, 2, 6, 3):
        user = make_user(full_name=f"Vence en {days}", email=f"v{days}@example.com")
        grant(user, course, expires_at=utcnow() + days * DAY + timedelta(hours=1))
    member = make_user(full_name="Vence en 4", email="v4@example.com")
    make_membership(member, utcnow() - 300 * DAY, utcnow() + 4 * DAY + timedelta(hours=1))
    grant(
        make_user(full_name="Terminó ayer", email="t1@example.com"),
        course,
        expires_at=utcnow() - DAY,
    )
    names = r'<a href="/admin/usuarios/\d+">Vence en (\d)</a>'
    seen = []
    for number in (1, 2, 3):
        page = admin_client.get(f"/admin/renovaciones?grupo=semana&page={number}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert 'id="manana"' not in html and "Terminó ayer" not in html  # that group only
        assert f"5 accesos · página {number} de 3" in html
        seen.append(re.findall(names, html))
    assert seen == [["2", "3"], ["4", "5"], ["6"]]
    beyond = admin_client.get("/admin/renovaciones?grupo=semana&page=9").get_data(as_text=True)
    assert "Nadie en este grupo" in beyond
    assert admin_client.get("/admin/renovaciones?grupo=siempre").status_code == 404


def test_marking_a_row_on_a_group_page_comes_back_to_that_page(
    app, admin_client, make_user, make_course, grant
):
    course = make_course()
    enrollment = grant(
        make_user(full_name="Vence pronto", email="v@example.com"),
        course,
        expires_at=utcnow() + 2 * DAY,
    )
    page = admin_client.get("/admin/renovaciones?grupo=semana").get_data(as_text=True)
    back = f"/admin/renovaciones?grupo=semana&amp;page=1#renovacion-i{enrollment.id}"
    assert f'name="next" value="{back}"' in page
    response = admin_client.post(
        f"/admin/renovaciones/inscripcion/{enrollment.id}/contactada",
        data={"next": back.replace("&amp;", "&")},
    )
    assert response.headers["Location"] == back.replace("&amp;", "&")
    response = admin_client.post(
        f"/admin/renovaciones/inscripcion/{enrollment.id}/contactada",
        data={"next": "https://elsewhere.example/"},
    )
    assert response.headers["Location"].endswith(f"/admin/renovaciones#renovacion-i{enrollment.id}")


def test_unknown_grants_are_404(admin_client, people):
    assert admin_client.post("/admin/renovaciones/regalo/1/contactada").status_code == 404
    assert admin_client.post("/admin/renovaciones/inscripcion/999999/renovar").status_code == 404
    assert (
        admin_client.post("/admin/renovaciones/membresia/99999999999999/contactada").status_code
        == 404
    )


def test_the_board_costs_the_same_queries_with_more_rows(
    app, admin_client, make_user, make_course, grant, monkeypatch
):
    monkeypatch.setattr(renewals, "BOARD_LIMIT", 100)  # every row shows
    course = make_course(lessons=3)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            user = make_user(email=f"r{number}@example.com", full_name=f"Alumna {number}")
            grant(user, course, expires_at=utcnow() + (number % 6 + 1) * DAY)

    def measure() -> tuple[int, int]:
        with counting_queries(app) as statements:
            page = admin_client.get("/admin/renovaciones").get_data(as_text=True)
        return len(statements), len(re.findall(r'<tr id="renovacion-', page))

    add(3, 0)
    few = measure()
    add(40, 3)
    with app.app_context():  # some marked as contacted
        for enrollment in db.session.scalars(sa.select(Enrollment).limit(10)):
            admin_client.post(f"/admin/renovaciones/inscripcion/{enrollment.id}/contactada")
    many = measure()
    assert (few[1], many[1]) == (3, 43)
    assert few[0] == many[0], f"{few[0]} vs {many[0]} queries"


def periods_today(app):
    with app.app_context():
        return periods.today()
