"""Certificates, the student's side and the public check: issued by the save that completes
a course, once; named by her once; a PDF whose QR code (rendered to pixels and decoded, as
a phone would) points at APP_BASE_URL/verificar/<code>; /verificar shows what it must and
nothing more."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import unquote

import pypdf
import pypdfium2
import pytest
import sqlalchemy as sa
import zxingcpp

from dulcevicio.extensions import db
from dulcevicio.models import Certificate, Course, Enrollment, Lesson, utcnow
from dulcevicio.services import certificates
from tests.admin.conftest import counting_queries

BASE = "https://cursos.dulcevicio.test"


@pytest.fixture
def app(app_factory):
    return app_factory(APP_BASE_URL=BASE)


@pytest.fixture
def course(make_course, app):
    course = make_course(title="Pan dulce mexicano", lessons=3)
    with app.app_context():
        stored = db.session.get(Course, course.id)
        stored.estimated_duration_minutes = 150
        db.session.commit()
        course.lesson_ids = [lesson.id for lesson in stored.lessons]
    return course


@pytest.fixture
def ana(client_as, grant, course):
    client = client_as("student", full_name="Ana Pérez", email="ana@example.com")
    grant(client.user, course)
    return client


def complete(client, lesson_id: int) -> None:
    response = client.post(f"/lecciones/{lesson_id}/completada", data={"completed": "1"})
    assert response.status_code == 302


def watch(client, lesson_id: int, position: int, duration: int = 100):
    return client.post(
        f"/lecciones/{lesson_id}/progreso", json={"position": position, "duration": duration}
    )


def certificates_of(app, user_id: int) -> list[Certificate]:
    with app.app_context():
        return list(
            db.session.scalars(sa.select(Certificate).where(Certificate.user_id == user_id))
        )


def issued(app, ana) -> Certificate:
    (certificate,) = certificates_of(app, ana.user.id)
    return certificate


# --- issuing -------------------------------------------------------------------------------


def test_the_save_that_completes_the_last_lesson_issues_the_certificate(app, ana, course):
    first, second, last = course.lesson_ids
    complete(ana, first)
    complete(ana, second)
    assert certificates_of(app, ana.user.id) == []
    assert watch(ana, last, 89).status_code == 200
    assert certificates_of(app, ana.user.id) == []
    assert watch(ana, last, 91).status_code == 200  # the player's 90 %
    certificate = issued(app, ana)
    assert certificate.course_title == "Pan dulce mexicano"
    assert certificate.printed_name == "Ana Pérez" and certificate.name_confirmed_at is None
    assert certificate.hours == 3  # 150 minutes, rounded up
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", certificate.code)
    # Once: completing again, or toggling, issues nothing more.
    complete(ana, last)
    ana.post(f"/lecciones/{last}/completada", data={"completed": "0"})
    complete(ana, last)
    assert len(certificates_of(app, ana.user.id)) == 1


def test_an_earned_certificate_stays(app, ana, course):
    for lesson_id in course.lesson_ids:
        complete(ana, lesson_id)
    code = issued(app, ana).code
    with app.app_context():
        db.session.add(Lesson(course_id=course.id, title="Lección extra", position=9))
        db.session.execute(sa.update(Enrollment).values(is_active=False))
        db.session.commit()
    assert issued(app, ana).code == code
    assert ana.get(f"/mis-certificados/{code}").status_code == 200


def test_no_certificate_where_the_course_gives_none(app, ana, course):
    with app.app_context():
        db.session.get(Course, course.id).certificate_enabled = False
        db.session.commit()
    for lesson_id in course.lesson_ids:
        complete(ana, lesson_id)
    assert certificates_of(app, ana.user.id) == []


def test_issuing_adds_one_statement_to_the_completing_save_only(app, ana, course):
    first, second, last = course.lesson_ids
    complete(ana, first)
    complete(ana, second)
    watch(ana, last, 10)
    with counting_queries(app) as ordinary:
        watch(ana, last, 20)
    with counting_queries(app) as completing:
        watch(ana, last, 95)
    with counting_queries(app) as after:
        watch(ana, last, 98)
    issue = [s for s in completing if s.lstrip().upper().startswith("INSERT INTO CERTIFICATES")]
    assert len(issue) == 1
    notify = [s for s in completing if s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(notify) == 1  # her CERTIFICATE notification, only when one was issued
    assert len(completing) == len(ordinary) + 2  # the completion check is the insert
    assert len(after) == len(ordinary)
    assert len(certificates_of(app, ana.user.id)) == 1


def test_issue_certificates_gives_earlier_graduates_theirs_once(app, ana, course):
    with app.app_context():
        db.session.get(Course, course.id).certificate_enabled = False
        db.session.commit()
    for lesson_id in course.lesson_ids:
        complete(ana, lesson_id)
    with app.app_context():
        db.session.get(Course, course.id).certificate_enabled = True
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["issue-certificates"])
    assert first.exit_code == 0 and "1 certificado" in first.output
    again = runner.invoke(args=["issue-certificates"])
    assert again.exit_code == 0 and "0 certificados" in again.output
    assert len(certificates_of(app, ana.user.id)) == 1


# --- her name, her PDF ---------------------------------------------------------------------


@pytest.fixture
def earned(app, ana, course) -> str:
    for lesson_id in course.lesson_ids:
        complete(ana, lesson_id)
    return issued(app, ana).code


def test_she_confirms_the_name_once_then_downloads(app, ana, earned):
    assert ana.get(f"/certificados/{earned}.pdf").headers["Location"].endswith(earned)
    page = ana.get(f"/mis-certificados/{earned}").get_data(as_text=True)
    assert 'value="Ana Pérez"' in page and "Confirmar nombre" in page
    assert ana.post(f"/mis-certificados/{earned}", data={"name": "  "}).status_code == 200
    response = ana.post(f"/mis-certificados/{earned}", data={"name": "Ana María Pérez Soto"})
    assert response.status_code == 302
    certificate = issued(app, ana)
    assert certificate.printed_name == "Ana María Pérez Soto" and certificate.revision == 2
    # Confirmed: the page no longer offers the form, and a second POST changes nothing.
    assert "Confirmar nombre" not in ana.get(f"/mis-certificados/{earned}").get_data(as_text=True)
    ana.post(f"/mis-certificados/{earned}", data={"name": "Otra"})
    assert issued(app, ana).printed_name == "Ana María Pérez Soto"
    pdf = ana.get(f"/certificados/{earned}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    for expected in ("Ana María Pérez Soto", "Pan dulce mexicano", "3 horas", earned):
        assert expected in text
    assert re.search(r"el \d{1,2} de [a-z]+ de \d{4}", text)


def qr_on(pdf: bytes) -> str:
    """The QR code's text, from the first page rendered at 150 dpi, as a camera sees it."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=150 / 72).to_pil()
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


def test_the_qr_code_points_at_the_configured_address_whatever_the_host(app, ana, earned):
    ana.post(f"/mis-certificados/{earned}", data={"name": "Ana Pérez"})
    name = app.config["SESSION_COOKIE_NAME"]
    ana.set_cookie(name, ana.get_cookie(name).value, domain="evil.example")
    pdf = ana.get(f"/certificados/{earned}.pdf", base_url="http://evil.example")
    assert pdf.status_code == 200, pdf.status_code  # asked on another host's name
    assert qr_on(pdf.data) == f"{BASE}/verificar/{earned}"
    assert "evil.example" not in pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


@pytest.mark.parametrize(
    "name",
    ["Ana 🎂 Pérez 🧁", "مريم الحداد", "M" * 120, "María José de la Santísima Trinidad " * 3],
)
def test_any_name_gives_a_valid_certificate(app, ana, earned, name):
    ana.post(f"/mis-certificados/{earned}", data={"name": name[:120]})
    pdf = ana.get(f"/certificados/{earned}.pdf")
    assert pdf.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1  # a long name shrinks, it does not spill onto a page 2
    assert qr_on(pdf.data).endswith(earned)


def test_the_pdf_is_built_once_per_revision(app, ana, earned, monkeypatch):
    from dulcevicio.services import certificate_pdf

    ana.post(f"/mis-certificados/{earned}", data={"name": "Ana Pérez"})
    builds = []
    real = certificate_pdf.build
    monkeypatch.setattr(certificate_pdf, "build", lambda *a: builds.append(1) or real(*a))
    for _ in range(3):
        assert ana.get(f"/certificados/{earned}.pdf").status_code == 200
    assert builds == [1]
    with app.app_context():
        certificates.rename(certificates.find(earned), "Ana P. Soto")
        db.session.commit()
    text = pypdf.PdfReader(io.BytesIO(ana.get(f"/certificados/{earned}.pdf").data)).pages[0]
    assert "Ana P. Soto" in text.extract_text() and builds == [1, 1]


def test_someone_elses_certificate_is_not_found(client, client_as, ana, earned):
    other = client_as("student", email="otra@example.com")
    for url in (f"/mis-certificados/{earned}", f"/certificados/{earned}.pdf"):
        assert other.get(url).status_code == 404
        assert client.get(url).status_code == 302  # a visitor logs in first


def test_mis_certificados_lists_and_shares_by_whatsapp(app, ana, earned):
    page = ana.get("/mis-certificados").get_data(as_text=True)
    assert "Pan dulce mexicano" in page and "Confirmar mi nombre" in page
    ana.post(f"/mis-certificados/{earned}", data={"name": "Ana Pérez"})
    page = ana.get("/mis-certificados").get_data(as_text=True)
    share = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', page).group(1)
    assert f"{BASE}/verificar/{earned}" in unquote(share)
    assert f'href="/certificados/{earned}.pdf"' in page


# --- the public check ------------------------------------------------------------------------


def test_verification_shows_the_certificate_and_nothing_else_about_her(app, client, ana, earned):
    page = client.get(f"/verificar/{earned.lower()}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Certificado válido" in html
    for shown in ("Ana Pérez", "Pan dulce mexicano", "3 horas", earned):
        assert shown in html
    assert "ana@example.com" not in html
    typed = client.get("/verificar", query_string={"codigo": earned.replace("-", " ").lower()})
    assert typed.headers["Location"] == f"/verificar/{earned}"


def test_a_revoked_certificate_says_so(app, client, ana, earned):
    with app.app_context():
        certificates.revoke(certificates.find(earned), "Pago devuelto")
        db.session.commit()
    html = client.get(f"/verificar/{earned}").get_data(as_text=True)
    assert "Certificado revocado" in html and "Certificado válido" not in html
    assert "Pago devuelto" not in html  # the reason is for the team


def test_unknown_and_malformed_codes_answer_alike(client, earned):
    other = earned[:-1] + ("2" if earned[-1] != "2" else "3")
    answers = [
        client.get(path)
        for path in (f"/verificar/{other}", "/verificar/no-es-un-codigo", "/verificar/%3Cb%3E")
    ]
    answers.append(client.get("/verificar", query_string={"codigo": "<script>"}))
    assert {answer.status_code for answer in answers} == {404}
    # The same page, but for the code typed back into the search box and the CSRF token
    # (signed with the time, to the second).
    volatile = r'value="[^"]*"|name="csrf-token" content="[^"]*"'
    bodies = {re.sub(volatile, "", a.get_data(as_text=True)) for a in answers}
    assert len(bodies) == 1
    assert "No encontramos ese certificado" in bodies.pop()


def test_verification_is_rate_limited(app_factory, earned):
    limited = app_factory(APP_BASE_URL=BASE, RATELIMIT_VERIFY="3 per minute")
    client = limited.test_client()
    answers = [client.get(f"/verificar/{earned}").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


def test_issued_at_is_the_completion_day(app, ana, course):
    before = utcnow() - timedelta(seconds=1)
    for lesson_id in course.lesson_ids:
        complete(ana, lesson_id)
    assert issued(app, ana).issued_at >= before


def test_the_dashboard_links_a_completed_course_to_its_certificate(app, ana, course, earned):
    page = ana.get("/mis-cursos").get_data(as_text=True)
    assert f'href="/mis-certificados/{earned}"' in page and "¡Curso completado!" in page


def test_a_new_signatory_makes_a_new_pdf(app, ana, earned):
    from dataclasses import replace

    from dulcevicio.services import settings

    ana.post(f"/mis-certificados/{earned}", data={"name": "Ana Pérez"})
    first = pypdf.PdfReader(io.BytesIO(ana.get(f"/certificados/{earned}.pdf").data))
    assert "Lucía Ramos" not in first.pages[0].extract_text()
    with app.test_request_context():
        settings.save(replace(settings.current(), signatory_name="Lucía Ramos"))
        db.session.commit()
    again = pypdf.PdfReader(io.BytesIO(ana.get(f"/certificados/{earned}.pdf").data))
    assert "Lucía Ramos" in again.pages[0].extract_text()  # the settings' signatory
    with app.app_context():
        db.session.get(Course, issued(app, ana).course_id).signatory_name = "Chef Invitada"
        db.session.commit()
    last = pypdf.PdfReader(io.BytesIO(ana.get(f"/certificados/{earned}.pdf").data))
    assert "Chef Invitada" in last.pages[0].extract_text()  # the course's own
