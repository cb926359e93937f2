"""Payments recorded outside the app (/admin/pagos): record, list with filters and totals,
edit, void, private receipts, and bad input refused with nothing stored."""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from dulcevicio.models import Payment, PaymentMethod
from dulcevicio.services import periods
from tests.helpers import stub_calls
from tests.media import jpeg

# Yesterday on any clock: never "in the future" for the app, whatever its time zone.
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


@pytest.fixture
def ana(make_user):
    return make_user(email="ana@example.com", full_name="Ana Pérez", phone="+5491123456789")


def payment_data(**changes) -> dict:
    data = {
        "user": "ana@example.com",
        "paid_for": "",
        "amount": "1200.50",
        "currency": "MXN",
        "method": "TRANSFER",
        "paid_on": YESTERDAY,
        "reference": "OP-7781",
        "note": "",
    }
    return data | changes


def today(app) -> date:
    with app.app_context():
        return periods.today()


def test_record_a_payment_for_a_course_with_a_receipt(
    app, admin_client, ana, make_course, grant, rows
):
    course = make_course(title="Pan dulce")
    grant(ana, course)
    data = payment_data(
        paid_for=f"curso-{course.id}",
        paid_on=today(app).isoformat(),
        receipt=(io.BytesIO(jpeg()), "comprobante.jpg"),
    )
    response = admin_client.post(
        "/admin/pagos/nuevo", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    [payment] = rows(Payment)
    assert payment.amount == Decimal("1200.50") and isinstance(payment.amount, Decimal)
    assert (payment.currency, payment.method, payment.reference) == (
        "MXN",
        PaymentMethod.TRANSFER,
        "OP-7781",
    )
    assert payment.enrollment_id is not None and payment.membership_id is None
    assert payment.receipt_public_id and payment.recorded_by_id == admin_client.user.id

    page = admin_client.get("/admin/pagos").get_data(as_text=True)
    assert "Ana Pérez" in page and "Pan dulce" in page and "1,200.50\xa0MXN" in page
    receipt = re.search(r'href="(/media/receipts/[^"]+)"', page).group(1)
    assert admin_client.get(receipt).status_code == 200
    # The thank-you goes to her own number, naming the amount and the course.
    thanks = re.search(r'href="(https://wa\.me/5491123456789\?text=[^"]+)"', page).group(1)
    assert "Pan%20dulce" in thanks and "1%2C200.50" in thanks


def test_receipts_are_for_the_team_only(app, admin_client, ana, client, client_as):
    admin_client.post(
        "/admin/pagos/nuevo",
        data=payment_data(receipt=(io.BytesIO(jpeg()), "c.jpg")),
        content_type="multipart/form-data",
    )
    page = admin_client.get("/admin/pagos").get_data(as_text=True)
    receipt = re.search(r'href="(/media/receipts/[^"]+)"', page).group(1)
    assert client.get(receipt).status_code == 404
    assert client_as(ana).get(receipt).status_code == 404


def test_totals_per_currency_are_exact_and_follow_the_filters(app, admin_client, ana, make_user):
    make_user(email="luz@example.com", full_name="Luz Díaz")
    this_month = today(app).replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for user, amount, currency, method, day in [
        ("ana@example.com", "0.10", "MXN", "TRANSFER", this_month),
        ("ana@example.com", "0.20", "MXN", "CASH", this_month),
        ("luz@example.com", "1500", "ARS", "MERCADO_PAGO", this_month),
        ("luz@example.com", "99.99", "MXN", "YAPE", last_month),
    ]:
        response = admin_client.post(
            "/admin/pagos/nuevo",
            data=payment_data(
                user=user, amount=amount, currency=currency, method=method, paid_on=day.isoformat()
            ),
        )
        assert response.status_code == 302

    def totals(query: str = "") -> str:
        page = admin_client.get("/admin/pagos" + query).get_data(as_text=True)
        return page.split('id="totales"')[1].split("</section>")[0]

    everything = totals()
    assert "100.29\xa0MXN" in everything and "1.500,00\xa0ARS" in everything  # 0.1 + 0.2 + 99.99
    month = totals(f"?mes={this_month:%Y-%m}")
    assert "0.30\xa0MXN" in month and "100.29" not in month
    assert "0.10\xa0MXN" in totals("?medio=TRANSFER")
    assert "99.99\xa0MXN" in totals("?q=luz&medio=YAPE")
    # A bad filter value filters nothing rather than failing.
    assert admin_client.get("/admin/pagos?mes=abc&medio=BITCOIN&curso=x").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-5"}, "El monto debe ser mayor que cero."),
        ({"amount": "0"}, "El monto debe ser mayor que cero."),
        ({"amount": "0.00"}, "El monto debe ser mayor que cero."),
        ({"amount": "doce"}, "Escribe el monto solo con números"),
        ({"amount": "12.345"}, "como máximo dos decimales"),
        ({"amount": "1,234.50"}, "sin separador de miles"),
        ({"amount": "1e5"}, "Escribe el monto solo con números"),
        ({"amount": "NaN"}, "Escribe el monto solo con números"),
        ({"amount": "99999999999"}, "demasiado grande"),
        ({"amount": ""}, "Escribe el monto."),
        ({"currency": "XXX"}, "Opción inválida"),
        ({"method": "BITCOIN"}, "Opción inválida"),
        ({"user": "nadie@example.com"}, "No hay ninguna cuenta"),
        ({"paid_for": "curso-999"}, "Opción inválida"),
        ({"paid_for": "membresia"}, "no tiene ninguna membresía"),
        ({"paid_on": "2099-01-01"}, "no puede estar en el futuro"),
        ({"paid_on": ""}, "Elige la fecha del pago."),
        ({"receipt": (io.BytesIO(b"%PDF-1.4 no soy una foto"), "recibo.jpg")}, "imagen"),
    ],
)
def test_bad_payments_are_explained_and_nothing_is_stored(
    admin_client, ana, rows, changes, message
):
    response = admin_client.post(
        "/admin/pagos/nuevo", data=payment_data(**changes), content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert html.escape(message, quote=False) in response.get_data(as_text=True)
    assert rows(Payment) == []


def test_a_course_she_is_not_enrolled_in_is_refused(admin_client, ana, make_course, rows):
    course = make_course(title="Tortas")
    response = admin_client.post(
        "/admin/pagos/nuevo", data=payment_data(paid_for=f"curso-{course.id}")
    )
    assert "Ana Pérez no está inscrita en ese curso" in response.get_data(as_text=True)
    assert rows(Payment) == []


def test_edit_and_void_keep_the_record(app, admin_client, ana, make_course, grant, fetch):
    course = make_course(title="Macarons")
    grant(ana, course)
    admin_client.post("/admin/pagos/nuevo", data=payment_data(amount="500"))
    payment = fetch(Payment, Payment.user_id == ana.id)
    response = admin_client.post(
        f"/admin/pagos/{payment.id}/editar",
        data=payment_data(
            amount="550,00",
            method="NEQUI",
            paid_for=f"curso-{course.id}",
            paid_on=today(app).isoformat(),
            note="Pagó la diferencia",
        ),
    )
    assert response.status_code == 302
    edited = fetch(Payment, id=payment.id)
    assert (edited.amount, edited.method, edited.note) == (
        Decimal("550.00"),
        PaymentMethod.NEQUI,
        "Pagó la diferencia",
    )
    assert edited.enrollment_id is not None

    assert admin_client.post(f"/admin/pagos/{payment.id}/anular").status_code == 302
    voided = fetch(Payment, id=payment.id)
    assert voided.voided_at is not None and voided.voided_by_id == admin_client.user.id
    page = admin_client.get("/admin/pagos").get_data(as_text=True)
    assert "Anulado" in page and "Jefa Pérez" in page  # who voided it
    assert "Sin pagos." in page.split('id="totales"')[1]  # out of the totals
    again = admin_client.post(f"/admin/pagos/{payment.id}/anular", follow_redirects=True)
    assert "El pago ya estaba anulado." in again.get_data(as_text=True)
    # A voided payment is no longer edited.
    assert admin_client.get(f"/admin/pagos/{payment.id}/editar").status_code == 302
    assert (
        admin_client.post(f"/admin/pagos/{payment.id}/editar", data=payment_data()).status_code
        == 302
    )
    assert fetch(Payment, id=payment.id).amount == Decimal("550.00")
    assert admin_client.post("/admin/pagos/999999/anular").status_code == 404


def test_on_cloudinary_a_receipt_is_private_and_signed(
    cloud_app, cloud_admin, cloudinary_stub, make_user, rows
):
    make_user(email="ana@example.com", full_name="Ana Pérez")
    response = cloud_admin.post(
        "/admin/pagos/nuevo",
        data=payment_data(receipt=(io.BytesIO(jpeg()), "recibo.jpg")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    [upload] = stub_calls(cloudinary_stub, "upload", "image")
    assert upload["params"]["folder"] == "dulcevicio/receipts"
    assert upload["params"]["type"] == "authenticated"
    [payment] = rows(Payment)
    assert cloudinary_stub.assets[payment.receipt_public_id].delivery_type == "authenticated"
    page = cloud_admin.get("/admin/pagos").get_data(as_text=True)
    assert re.search(r'href="[^"]*/image/authenticated/s--[^"]*/dulcevicio/receipts/', page)
