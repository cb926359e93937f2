"""One-step onboarding (/admin/alumnas/nueva): account, access, payment and the link to
send, from one form; all of it or nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import unquote

import pytest

from dulcevicio.models import Enrollment, Membership, Payment, User
from dulcevicio.services import payments, periods


def form(**changes) -> dict:
    data = {
        "full_name": "Rosa Quispe",
        "email": "Rosa@Example.com",
        "phone": "+54 9 11 2345-6789",
        "purchase": "curso",
        "course": "",
        "duration": "90",
        "expires_on": "",
        "amount": "",
        "currency": "MXN",
        "method": "YAPE",
        "paid_on": "",
        "reference": "",
    }
    return data | changes


def test_a_new_student_in_one_form(app, admin_client, make_course, fetch, rows):
    course = make_course(title="Pan dulce")
    response = admin_client.post(
        "/admin/alumnas/nueva",
        data=form(course=str(course.id), amount="1500", paid_on=str(periods_today(app))),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Cuenta creada para Rosa Quispe" in page and "Pago registrado: 1,500.00\xa0MXN" in page

    user = fetch(User, User.email == "rosa@example.com")
    assert user.phone == "+5491123456789" and user.password_hash is None
    [enrollment] = rows(Enrollment)
    with app.app_context():
        assert periods.local_date(enrollment.expires_at) == periods.today() + timedelta(days=90)
    [payment] = rows(Payment)
    assert (payment.amount, payment.enrollment_id, payment.user_id) == (
        Decimal("1500.00"),
        enrollment.id,
        user.id,
    )
    # The invitation goes to her own number and names the course; the link works once.
    share = re.search(r'href="https://wa\.me/5491123456789\?text=([^"]+)"', page).group(1)
    message = unquote(share)
    assert message.startswith("Hola, Rosa Quispe. ¡Te damos la bienvenida a «Pan dulce»!")
    link = re.search(r'id="password-link" value="([^"]+)"', page).group(1)
    assert link in message
    student = app.test_client()
    path = link.removeprefix("http://localhost")
    done = student.post(path, data={"password": "mi-clave-nueva", "confirm": "mi-clave-nueva"})
    assert done.status_code == 302
    assert "Pan dulce" in student.get("/mis-cursos").get_data(as_text=True)


def test_an_existing_student_gets_a_membership_on_her_account(app, admin_client, make_user, rows):
    rosa = make_user(email="rosa@example.com", full_name="Rosa Q.")
    response = admin_client.post(
        "/admin/alumnas/nueva",
        data=form(purchase="membresia", duration="365", phone="55 1234 5678"),
    )
    page = response.get_data(as_text=True)
    assert "Usamos la cuenta que ya tenía" in page
    [user] = [u for u in rows(User) if u.email == "rosa@example.com"]
    assert user.id == rosa.id and user.full_name == "Rosa Q." and user.phone == "+525512345678"
    [membership] = rows(Membership)
    assert membership.user_id == rosa.id and membership.end_date > membership.start_date
    assert rows(Payment) == []
    # She has a password: the message says she can come in, with the login page.
    message = unquote(re.search(r'href="https://wa\.me/525512345678\?text=([^"]+)"', page).group(1))
    assert message.startswith("Hola, Rosa Q.. ¡Ya tienes acceso a «Membresía (todos los cursos)»")
    assert message.endswith("/ingresar")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"purchase": "membresia", "duration": "never"}, "Una membresía necesita una fecha de fin"),
        ({"course": ""}, "Elige el curso."),
        ({"email": "no-es-correo"}, "Escribe un correo válido"),
        ({"full_name": ""}, "Escribe su nombre."),
        ({"phone": "12"}, "Revisa el número de teléfono"),
        ({"amount": "-5"}, "El monto debe ser mayor que cero."),
        ({"amount": "100", "paid_on": "2099-01-01"}, "no puede estar en el futuro"),
        ({"duration": "date", "expires_on": "2001-01-01"}, "no puede estar en el pasado"),
        ({"email": "jefa@example.com"}, "Ese correo es de una cuenta de administración."),
    ],
)
def test_bad_input_stores_nothing(admin_client, make_course, rows, changes, message):
    course = make_course()
    data = form(course=str(course.id)) | changes
    response = admin_client.post("/admin/alumnas/nueva", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert [u.email for u in rows(User)] == ["jefa@example.com"]
    assert rows(Enrollment) == rows(Membership) == rows(Payment) == []


def test_a_failure_after_the_account_leaves_no_half_made_student(
    admin_client, make_course, rows, monkeypatch
):
    """The payment fails once the account and the enrollment exist: all of it goes."""

    def refuse(*args, **kwargs):
        raise payments.PaymentRejected("El banco dijo que no.")

    monkeypatch.setattr(payments, "record_payment", refuse)
    course = make_course()
    response = admin_client.post(
        "/admin/alumnas/nueva", data=form(course=str(course.id), amount="100", paid_on="2026-01-02")
    )
    assert "El banco dijo que no." in response.get_data(as_text=True)
    assert [u.email for u in rows(User)] == ["jefa@example.com"]
    assert rows(Enrollment) == []


def test_a_deactivated_account_is_not_reopened_silently(admin_client, make_user, make_course, rows):
    make_user(email="rosa@example.com", is_active=False)
    course = make_course()
    response = admin_client.post("/admin/alumnas/nueva", data=form(course=str(course.id)))
    assert "está desactivada: reactívala desde su ficha" in response.get_data(as_text=True)
    assert rows(Enrollment) == []


def periods_today(app):
    with app.app_context():
        return periods.today()
