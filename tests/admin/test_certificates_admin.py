"""Admin side of certificates: the list and its filters, revoke, restore, the name
correction; per-course certificate settings (hours, signatory, signature image); the
business signatory; the overview's count of the month."""

from __future__ import annotations

import html
import io
import os
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from dulcevicio.extensions import db
from dulcevicio.models import AuditEvent, Certificate, Course, utcnow
from dulcevicio.services import certificates, periods
from tests import media
from tests.admin.conftest import counting_queries
from tests.helpers import course_form
from tests.security.corpus import BAD_IMAGES, BOMBS

LIST = "/admin/certificados"


@pytest.fixture
def make_certificate(app):
    """A certificate row for `user` in `course`: `make_certificate(user, course, ...)`."""

    def make(user, course, *, name="Ana Pérez", confirmed=True, **fields) -> Certificate:
        with app.app_context():
            certificate = Certificate(
                code=certificates.new_code(),
                user_id=user.id,
                course_id=course.id,
                course_title=course.title,
                printed_name=name,
                name_confirmed_at=utcnow() if confirmed else None,
                hours=fields.pop("hours", 4),
                **fields,
            )
            db.session.add(certificate)
            db.session.commit()
            db.session.refresh(certificate)
            db.session.expunge(certificate)
            return certificate

    return make


def codes(page: str) -> list[str]:
    return re.findall(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>", page)


def certificate_row(app, cert_id) -> Certificate:
    with app.app_context():
        row = db.session.get(Certificate, cert_id)
        db.session.expunge(row)
        return row


def files(app, folder: str) -> list[str]:
    path = os.path.join(app.config["UPLOAD_FOLDER"], folder)
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def course_row(app, course_id) -> Course:
    with app.app_context():
        row = db.session.get(Course, course_id)
        db.session.expunge(row)
        return row


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_newest_first_with_state_badges_and_links(
    admin_client, make_user, make_course, make_certificate
):
    ana = make_user(email="ana@example.com")
    course = make_course(title="Panes")
    now = utcnow()
    old = make_certificate(ana, course, issued_at=now - timedelta(days=40))
    new = make_certificate(
        make_user(email="eva@example.com"), course, name="Eva", confirmed=False, issued_at=now
    )
    page = admin_client.get(LIST).get_data(as_text=True)
    assert codes(page) == [new.code, old.code]
    assert page.count("nombre sin confirmar") == 1
    assert f'href="/admin/usuarios/{ana.id}"' in page
    assert f'href="/verificar/{old.code}"' in page
    assert f'action="/admin/certificados/{old.id}/revocar"' in page
    assert f'href="/admin/certificados/{old.id}/nombre"' in page
    assert "Panes" in page and "Válido" in page
    assert 'href="/admin/certificados"' in page  # the admin menu


def test_filters_by_course_state_and_name_or_email(
    app, admin_client, make_user, make_course, make_certificate
):
    panes, tartas = make_course(title="Panes"), make_course(title="Tartas")
    ana, eva = make_user(email="ana@example.com"), make_user(email="eva.luna@example.com")
    a = make_certificate(ana, panes, name="Ana Pérez")
    b = make_certificate(eva, tartas, name="Eva Luna")
    c = make_certificate(ana, tartas, name="Ana Pérez", revoked_at=utcnow(), revoked_reason="x")

    def listed(query: str) -> set[str]:
        return set(codes(admin_client.get(f"{LIST}?{query}").get_data(as_text=True)))

    assert listed(f"curso={panes.id}") == {a.code}
    assert listed("estado=validos") == {a.code, b.code}
    assert listed("estado=revocados") == {c.code}
    assert listed("estado=") == {a.code, b.code, c.code}
    assert listed("q=luna") == {b.code}  # by e-mail
    assert listed("q=p%C3%A9REZ") == {a.code, c.code}  # by printed name, any case
    assert listed("q=PEREZ") == {a.code, c.code}  # accents aside
    assert listed("q=%25") == set()  # a LIKE wildcard is a character like any other
    # Bad values filter nothing instead of failing.
    assert listed("curso=abc&estado=%00&page=-3") == {a.code, b.code, c.code}


def test_the_list_costs_the_same_queries_for_many_rows(
    app, admin_client, make_user, make_course, make_certificate
):
    course = make_course()
    make_certificate(make_user(), course)
    with counting_queries(app) as few:
        admin_client.get(LIST)
    for _ in range(5):
        make_certificate(make_user(), course)
    with counting_queries(app) as many:
        assert len(codes(admin_client.get(LIST).get_data(as_text=True))) == 6
    assert len(few) == len(many)


# --- revoke, restore, rename ------------------------------------------------------------------


def test_revoking_needs_a_reason_and_happens_once(
    app, admin_client, make_user, make_course, make_certificate
):
    certificate = make_certificate(make_user(), make_course())
    url = f"/admin/certificados/{certificate.id}/revocar"

    page = admin_client.post(url, data={"reason": "   "}, follow_redirects=True)
    assert "Escribe por qué se revoca el certificado." in page.get_data(as_text=True)
    assert not certificate_row(app, certificate.id).revoked

    response = admin_client.post(url, data={"reason": "Pago devuelto", "next": f"{LIST}?q=a"})
    assert response.status_code == 302 and response.headers["Location"] == f"{LIST}?q=a"
    row = certificate_row(app, certificate.id)
    assert row.revoked and row.revoked_reason == "Pago devuelto"
    page = admin_client.get(LIST).get_data(as_text=True)
    assert "Revocado" in page and "Pago devuelto" in page
    assert f'action="/admin/certificados/{certificate.id}/restaurar"' in page

    again = admin_client.post(url, data={"reason": "Otra vez"}, follow_redirects=True)
    assert again.status_code == 200
    assert "Este certificado ya está revocado." in again.get_data(as_text=True)
    assert certificate_row(app, certificate.id).revoked_reason == "Pago devuelto"


def test_restoring_a_revoked_certificate(
    app, admin_client, make_user, make_course, make_certificate
):
    certificate = make_certificate(
        make_user(), make_course(), revoked_at=utcnow(), revoked_reason="Error"
    )
    url = f"/admin/certificados/{certificate.id}/restaurar"
    assert admin_client.post(url).headers["Location"] == LIST
    row = certificate_row(app, certificate.id)
    assert not row.revoked and row.revoked_reason == ""
    page = admin_client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Este certificado no está revocado." in page
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.target_id == certificate.id)
        ).all()
    assert actions == ["certificate.restore"]


def test_correcting_the_name_keeps_the_code_and_is_audited(
    app, admin_client, make_user, make_course, make_certificate
):
    certificate = make_certificate(make_user(), make_course(), name="Ana Perez", confirmed=False)
    url = f"/admin/certificados/{certificate.id}/nombre"
    assert 'value="Ana Perez"' in admin_client.get(url).get_data(as_text=True)

    response = admin_client.post(url, data={"name": "  Ana   Pérez 🎂 "})
    assert response.headers["Location"] == LIST
    row = certificate_row(app, certificate.id)
    assert (row.code, row.printed_name, row.revision) == (certificate.code, "Ana Pérez 🎂", 2)
    assert row.name_confirmed_at is not None  # the student is not asked again
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "certificate.rename")
        )
    assert event.target_id == certificate.id and "Ana Perez → Ana Pérez 🎂" in event.summary

    refused = admin_client.post(url, data={"name": "x" * 121})
    assert refused.status_code == 200
    assert "hasta 120 caracteres" in refused.get_data(as_text=True)
    assert certificate_row(app, certificate.id).revision == 2


def test_unknown_certificates_are_404(admin_client):
    for path in ("revocar", "restaurar", "nombre"):
        assert admin_client.post(f"/admin/certificados/987654/{path}").status_code == 404
    assert admin_client.get("/admin/certificados/987654/nombre").status_code == 404


def test_students_cannot_reach_any_of_it(client_as, make_user, make_course, make_certificate):
    student = client_as("student")
    certificate = make_certificate(student.user, make_course())
    assert student.get(LIST).status_code == 403
    assert student.post(f"/admin/certificados/{certificate.id}/revocar").status_code == 403


# --- per-course settings ----------------------------------------------------------------------


def test_course_certificate_settings_are_saved(app, admin_client, make_course):
    course = make_course()
    page = admin_client.get(f"/admin/cursos/{course.id}/editar").get_data(as_text=True)
    assert "Entrega certificado" in page and "Hoy su certificado dice 1 h." in page
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(
            course,
            estimated_duration_minutes="150",
            certificate_enabled="",
            certificate_hours="12",
            signatory_name=" Marta   Ruiz ",
            signatory_title="Chef pastelera",
        ),
    )
    assert response.status_code == 302
    row = course_row(app, course.id)
    assert not row.certificate_enabled
    assert (row.certificate_hours, row.signatory_name, row.signatory_title) == (
        12,
        "Marta Ruiz",
        "Chef pastelera",
    )
    admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(row, certificate_hours="", certificate_enabled="y"),
    )
    row = course_row(app, course.id)
    assert row.certificate_enabled and row.certificate_hours is None
    page = admin_client.get(f"/admin/cursos/{course.id}/editar").get_data(as_text=True)
    assert "Hoy su certificado dice 3 h." in page  # 150 minutes, rounded up


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"certificate_hours": "0"}, "Escribe un número de horas entre 1 y 1000."),
        ({"certificate_hours": "1001"}, "Escribe un número de horas entre 1 y 1000."),
        ({"certificate_hours": "dos"}, "No es un valor entero válido"),
        ({"signatory_name": "x" * 121}, "Como máximo 120 caracteres."),
        ({"signatory_title": "Chef"}, "Escribe también el nombre de quien firma."),
    ],
)
def test_bad_certificate_settings_are_refused_in_spanish(
    app, admin_client, make_course, changes, error
):
    course = make_course(title="Antes")
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar", data=course_form(course, title="Después", **changes)
    )
    assert response.status_code == 200
    assert html.escape(error, quote=False) in response.get_data(as_text=True)
    assert course_row(app, course.id).title == "Antes"


def transparent_png(size=(1500, 400)) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 0, 0)).save(output, "PNG")
    return output.getvalue()


def test_a_signature_is_fitted_stored_public_and_replaced(app, admin_client, client, make_course):
    course = make_course()
    url = f"/admin/cursos/{course.id}/editar"
    for image in (transparent_png(), media.jpeg((900, 900))):
        response = admin_client.post(
            url,
            data=course_form(course, signature=(io.BytesIO(image), "firma.png")),
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    stored = files(app, "signatures")
    assert len(stored) == 1  # the first one went once the second was committed
    row = course_row(app, course.id)
    assert row.signature_public_id == f"signatures/{stored[0]}"
    served = client.get(f"/media/{row.signature_public_id}")  # public, like covers
    assert served.status_code == 200
    image = Image.open(io.BytesIO(served.data))
    assert (image.format, image.size) == ("PNG", (200, 200))
    assert f'src="/media/{row.signature_public_id}"' in admin_client.get(url).get_data(as_text=True)

    admin_client.post(url, data=course_form(course, remove_signature="y"))
    assert course_row(app, course.id).signature_public_id is None
    assert files(app, "signatures") == []


def test_a_transparent_signature_stays_transparent(app, admin_client):
    admin_client.post(
        "/admin/cursos/nuevo",
        data={
            "title": "Con firma",
            "difficulty_level": "BEGINNER",
            "signatory_name": "Marta Ruiz",
            "signature": (io.BytesIO(transparent_png()), "firma.png"),
        },
        content_type="multipart/form-data",
    )
    with app.app_context():
        row = db.session.scalar(sa.select(Course).where(Course.title == "Con firma"))
        path = os.path.join(app.config["UPLOAD_FOLDER"], row.signature_public_id)
    image = Image.open(path)
    assert (image.mode, image.size) == ("RGBA", (600, 160))
    assert image.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize("label", [*BAD_IMAGES, *BOMBS])
def test_bad_signature_images_are_refused_and_change_nothing(app, admin_client, make_course, label):
    course = make_course(title="Antes")
    make = {**BAD_IMAGES, **BOMBS}[label]
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(course, title="Después", signature=(io.BytesIO(make()), "firma.png")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The error sits under the signature field, not the cover's.
    signature_part = page[page.index('name="signature"') :]
    assert "invalid-feedback" in signature_part.split('name="remove_signature"')[0]
    assert course_row(app, course.id).title == "Antes"
    assert files(app, "signatures") == []


# --- who signs --------------------------------------------------------------------------------


def test_the_business_signatory_signs_courses_that_name_nobody(app, admin_client, make_course):
    from tests.admin.test_settings import form as settings_form

    response = admin_client.post(
        "/admin/ajustes",
        data=settings_form(signatory_name="Lucía Vicio", signatory_title="Directora"),
    )
    assert response.status_code == 302
    page = admin_client.get("/admin/ajustes").get_data(as_text=True)
    assert 'value="Lucía Vicio"' in page and 'value="Directora"' in page
    course = make_course()
    with app.test_request_context():
        row = db.session.get(Course, course.id)
        assert certificates.signatory_for(row) == ("Lucía Vicio", "Directora", None)
        row.signatory_name, row.signature_public_id = "Marta Ruiz", "signatures/x.png"
        assert certificates.signatory_for(row) == ("Marta Ruiz", "", "signatures/x.png")
    too_long = admin_client.post("/admin/ajustes", data=settings_form(signatory_name="x" * 121))
    assert "Como máximo 120 caracteres." in too_long.get_data(as_text=True)


# --- the overview -----------------------------------------------------------------------------


def test_the_overview_counts_this_months_certificates(
    app, admin_client, make_user, make_course, make_certificate
):
    course = make_course()
    with app.app_context():
        month_start = periods.start_of_day(periods.today().replace(day=1))
    make_certificate(make_user(), course, issued_at=month_start)
    make_certificate(make_user(), course, issued_at=utcnow())
    make_certificate(make_user(), course, issued_at=month_start - timedelta(seconds=1))
    page = admin_client.get("/admin/").get_data(as_text=True)
    card = re.search(r'stat-value mb-0">(\d+)</p>\s*<p[^>]*>Certificados emitidos este mes', page)
    assert card and card.group(1) == "2"
    assert 'href="/admin/certificados">Ver certificados' in page
