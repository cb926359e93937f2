"""Admin membership pages: list with status, create, extend, (de)activate, delete."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from dulcevicio.models import Membership, utcnow
from dulcevicio.services import periods
from tests.admin.conftest import field_errors, flashes
from tests.helpers import count_rows


def local(app, function, *args):
    with app.app_context():
        return function(*args)


def test_create_with_a_preset(app, admin_client, admin, make_user, fetch):
    student = make_user(email="socia@example.com", full_name="Socia Nueva")
    start = local(app, periods.today) + timedelta(days=2)
    response = admin_client.post(
        "/admin/membresias/nueva",
        data={
            "user": "socia@example.com",
            "start_date": start.isoformat(),
            "duration": "365",
            "notes": "Pagó por transferencia",
        },
    )
    assert response.headers["Location"] == f"/admin/usuarios/{student.id}"
    membership = fetch(Membership, Membership.user_id == student.id)
    assert membership.start_date == local(app, periods.start_of_day, start)
    assert membership.end_date == local(app, periods.end_of_day, start + timedelta(days=365))
    assert (membership.notes, membership.granted_by_id) == ("Pagó por transferencia", admin.id)
    # It starts in two days: scheduled, no access yet.
    html = admin_client.get("/admin/membresias").get_data(as_text=True)
    assert ">Programada</span>" in html


def test_create_until_a_date_gives_access_today(
    app, admin_client, client_as, make_user, make_course, fetch
):
    socia = make_user(email="socia@example.com")
    make_course(title="Panes")
    today = local(app, periods.today)
    admin_client.post(
        "/admin/membresias/nueva",
        data={
            "user": "socia@example.com",
            "start_date": today.isoformat(),
            "duration": "date",
            "end_date": (today + timedelta(days=1)).isoformat(),
        },
    )
    assert count_rows(app, Membership) == 1
    member = client_as(socia)
    assert "Panes" in member.get("/mis-cursos").get_data(as_text=True)


@pytest.mark.parametrize("offset", [0, -1, -30])
def test_end_must_be_after_start(app, admin_client, make_user, offset):
    make_user(email="socia@example.com")
    start = local(app, periods.today) + timedelta(days=10)
    response = admin_client.post(
        "/admin/membresias/nueva",
        data={
            "user": "socia@example.com",
            "start_date": start.isoformat(),
            "duration": "date",
            "end_date": (start + timedelta(days=offset)).isoformat(),
        },
    )
    html = response.get_data(as_text=True)
    assert field_errors(html) == ["La fecha de fin debe ser posterior a la de inicio."]
    # The message sits on the end-date field.
    assert re.search(
        r'id="end_date"[^>]*>\s*<div class="invalid-feedback[^"]*">La fecha de fin debe', html
    )
    assert '<input class="form-control is-invalid" id="end_date"' in html
    assert count_rows(app, Membership) == 0


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"user": "nadie@example.com"}, "No hay ninguna cuenta con ese correo o usuario."),
        ({"start_date": ""}, "Elige la fecha de inicio."),
        ({"start_date": "mañana"}, "Elige la fecha de inicio."),
        ({"duration": "date", "end_date": ""}, "Elige la fecha de fin."),
        ({"duration": "never"}, "Opción inválida."),
        ({"notes": "x" * 2001}, "El campo no puede tener más de 2000 caracteres."),
    ],
)
def test_create_refuses_bad_input(app, admin_client, make_user, data, error):
    make_user(email="socia@example.com")
    form = {"user": "socia@example.com", "start_date": "2030-01-01", "duration": "30"} | data
    html = admin_client.post("/admin/membresias/nueva", data=form).get_data(as_text=True)
    assert error in field_errors(html)
    assert count_rows(app, Membership) == 0


def test_list_status_and_filter(admin_client, make_user, make_membership):
    now = utcnow()
    cases = {
        "Vigente": (now - timedelta(days=1), now + timedelta(days=9), True),
        "Programada": (now + timedelta(days=1), now + timedelta(days=9), True),
        "Vencida": (now - timedelta(days=9), now - timedelta(days=1), True),
        "Desactivada": (now - timedelta(days=1), now + timedelta(days=9), False),
    }
    for status, (start, end, active) in cases.items():
        make_membership(make_user(full_name=f"Socia {status}"), start, end, is_active=active)
    html = admin_client.get("/admin/membresias").get_data(as_text=True)
    for status in cases:
        assert re.search(rf"Socia {status}</a>.*?>{status}</span>", html, re.S)
    for status in cases:
        filtered = admin_client.get(f"/admin/membresias?status={status.lower()}")
        names = re.findall(r'/admin/usuarios/\d+">([^<]+)</a>', filtered.get_data(as_text=True))
        assert names == [f"Socia {status}"]


def test_extend_deactivate_reactivate_delete(app, admin_client, make_user, make_membership, fetch):
    now = utcnow()
    today = local(app, periods.today)
    end = local(app, periods.end_of_day, today + timedelta(days=3))
    membership = make_membership(make_user(), now - timedelta(days=30), end)
    base = f"/admin/membresias/{membership.id}"

    admin_client.post(f"{base}/extender", data={"days": "30"})
    extended = local(app, periods.end_of_day, today + timedelta(days=33))
    assert fetch(Membership, id=membership.id).end_date == extended

    response = admin_client.post(f"{base}/estado", data={"activo": "0", "next": "/admin/"})
    assert response.headers["Location"] == "/admin/"
    assert not fetch(Membership, id=membership.id).is_active
    refused = admin_client.post(f"{base}/extender", data={"days": "30"}, follow_redirects=True)
    assert "La membresía está desactivada: reactívala antes de extenderla." in flashes(
        refused.get_data(as_text=True)
    )
    assert fetch(Membership, id=membership.id).end_date == extended
    admin_client.post(f"{base}/estado", data={"activo": "1"})
    assert fetch(Membership, id=membership.id).is_active
    assert admin_client.post(f"{base}/estado", data={"activo": ""}).status_code == 400

    admin_client.post(f"{base}/eliminar")
    assert count_rows(app, Membership) == 0
    assert admin_client.post(f"{base}/eliminar").status_code == 404


def test_extend_an_expired_membership_counts_from_today(
    app, admin_client, make_user, make_membership, fetch
):
    now = utcnow()
    membership = make_membership(make_user(), now - timedelta(days=60), now - timedelta(days=30))
    admin_client.post(f"/admin/membresias/{membership.id}/extender", data={"days": "7"})
    today = local(app, periods.today)
    expected = local(app, periods.end_of_day, today + timedelta(days=7))
    assert fetch(Membership, id=membership.id).end_date == expected
