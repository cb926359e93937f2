"""CSV exports (/admin/exportar/<kind>.csv): spreadsheet-ready, safe, streamed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Enrollment, LessonProgress, Payment, PaymentMethod

KINDS = ["alumnas", "inscripciones", "membresias", "pagos", "progreso"]


def read_csv(response, delimiter=",") -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def shop(app, make_user, make_course, grant, make_membership):
    """A student with a dangerous name, a phone, an enrollment, progress and a payment."""
    ana = make_user(
        email="ana@example.com", full_name='=HYPERLINK("http://x")', phone="+525512345678"
    )
    course = make_course(title="Pan dulce", lessons=4)
    enrollment = grant(ana, course, expires_at=datetime(2030, 1, 12, 3, 0, tzinfo=UTC))
    make_membership(ana, datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, tzinfo=UTC))
    with app.app_context():
        lesson_id = db.session.get(Enrollment, enrollment.id).course.lessons[0].id
        db.session.add(
            LessonProgress(user_id=ana.id, course_id=course.id, lesson_id=lesson_id, completed=True)
        )
        db.session.add(
            Payment(
                user_id=ana.id,
                enrollment_id=enrollment.id,
                paid_on=datetime(2027, 1, 5).date(),
                amount=Decimal("1234.50"),
                currency="MXN",
                method=PaymentMethod.YAPE,
                reference="@ref",
            )
        )
        db.session.commit()
    return ana


def test_every_export_is_a_spreadsheet_in_spanish(admin_client, shop):
    for kind in KINDS:
        response = admin_client.get(f"/admin/exportar/{kind}.csv")
        assert response.status_code == 200
        assert response.is_streamed
        assert response.mimetype == "text/csv"
        assert f'filename="dulcevicio-{kind}-' in response.headers["Content-Disposition"]
        rows = read_csv(response)
        assert len(rows) == 2, kind  # the headers and Ana
    students = read_csv(admin_client.get("/admin/exportar/alumnas.csv"))
    assert students[0][:4] == ["Nombre", "Correo", "Usuario", "Teléfono"]
    # Formulas are neutralised: the name and the phone cannot run in a spreadsheet.
    assert students[1][0] == '\'=HYPERLINK("http://x")'
    assert students[1][3] == "'+52 55 1234 5678"

    enrollments = read_csv(admin_client.get("/admin/exportar/inscripciones.csv"))
    assert enrollments[0] == [
        "Alumna",
        "Correo",
        "Teléfono",
        "Curso",
        "Inscrita el",
        "Vence",
        "Estado",
    ]
    assert enrollments[1][5] == "2030-01-11 21:00"  # 03:00 UTC is the evening before in Mexico
    assert enrollments[1][6] == "Activa"

    payments = read_csv(admin_client.get("/admin/exportar/pagos.csv"))
    assert payments[1][:8] == [
        "2027-01-05",
        '\'=HYPERLINK("http://x")',
        "ana@example.com",
        "1234.50",
        "MXN",
        "Yape",
        "'@ref",
        "Pan dulce",
    ]
    progress = read_csv(admin_client.get("/admin/exportar/progreso.csv"))
    assert progress[1][3:6] == ["1", "4", "25"]


def test_semicolon_and_decimal_comma_for_spanish_spreadsheets(admin_client, shop):
    rows = read_csv(admin_client.get("/admin/exportar/pagos.csv?separador=punto-y-coma"), ";")
    assert rows[0][0] == "Fecha" and rows[1][3] == "1234,50"


def test_unknown_exports_and_students_are_refused(admin_client, client_as):
    assert admin_client.get("/admin/exportar/contrasenas.csv").status_code == 404
    assert client_as("student").get("/admin/exportar/pagos.csv").status_code == 403
