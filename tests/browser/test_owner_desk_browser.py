"""The owner's desk in a real browser: payments with a receipt photo, renewals, the CSV
export, and the student's "renew" button; screenshots of every step and an accessibility
check of every page visited."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import unquote, urljoin

import pytest
from playwright.sync_api import Page, expect

from dulcevicio.extensions import db
from dulcevicio.models import Enrollment, Payment, PaymentMethod, Role, User, utcnow
from dulcevicio.services import payments, periods
from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD, count_rows
from tests.media import jpeg

WHATSAPP = "525512345678"
STUDENT_PHONE = "+525512345678"
DAY = timedelta(days=1)


@pytest.fixture
def live_app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True, WHATSAPP_CONTACT_NUMBER=WHATSAPP)


class Session:
    """One browser session: numbered screenshots, axe findings and console errors."""

    def __init__(self, page: Page, base: str, screenshot):
        self.page, self.base, self._screenshot = page, base, screenshot
        self.steps = 0
        self.errors: list[str] = []
        self.violations: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def check(self, step: str) -> None:
        """Screenshot this step and run the accessibility check on the page."""
        self.snap(step)
        self.violations += accessibility_violations(self.page)

    def snap(self, step: str, page: Page | None = None) -> None:
        """Screenshot this step only (of another tab with `page`)."""
        self.steps += 1
        self._screenshot(page or self.page, f"{self.steps:02d}-{step}")

    def open_admin(self, section: str) -> None:
        self.page.get_by_role("navigation", name="Administración").get_by_role(
            "link", name=section, exact=True
        ).click()

    def audit_log(self, *actions: str):
        """Open the audit log; it lists exactly `actions`, newest first. Its table."""
        self.open_admin("Auditoría")
        log = self.page.get_by_role("table")
        expect(log.locator("tbody tr td:nth-child(3)")).to_have_text(list(actions))
        return log

    def assert_clean(self) -> None:
        assert self.violations == [], "\n".join(self.violations)
        assert self.errors == []  # no CSP violations or script errors


@pytest.fixture
def session(live_server, new_page, screenshot):
    """`session(login)`: a new browser logged in as `login` (password PASSWORD)."""

    def open_session(login: str) -> Session:
        opened = Session(new_page(), live_server, screenshot)
        log_in(opened.page, live_server, login, PASSWORD)
        return opened

    return open_session


@pytest.fixture
def boss(make_user) -> User:
    return make_user(Role.ADMIN, email="jefa@example.com", full_name="Jefa Pérez")


@pytest.fixture
def seed_payment(live_app, boss):
    """Record a payment through the service, as if an admin had entered it earlier."""

    def record(student: User, amount: str, *, days_ago: int = 3, method=PaymentMethod.CASH):
        with live_app.app_context():
            details = payments.PaymentDetails(
                paid_on=periods.today() - timedelta(days=days_ago),
                amount=Decimal(amount),
                currency="MXN",
                method=method,
                reference="R-1",
            )
            recorder = db.session.get(User, boss.id)
            payments.record_payment(
                db.session.get(User, student.id), details, grant=None, recorded_by=recorder
            )
            db.session.commit()

    return record


def fill_payment(page: Page, *, amount: str, day: str, receipt: bool) -> None:
    page.get_by_label("Alumno (correo o usuario)").fill("camila@example.com")
    page.get_by_label("Pagó por").select_option(label="Curso: Pan de masa madre")
    page.get_by_label("Monto").fill(amount)
    page.get_by_label("Moneda").select_option("MXN")
    page.get_by_label("Medio de pago").select_option(label="Yape")
    page.get_by_label("Fecha del pago").fill(day)
    page.get_by_label("Referencia").fill("OP-778899")
    if receipt:
        page.get_by_label("Foto del comprobante (opcional)").set_input_files(
            {"name": "comprobante.jpg", "mimeType": "image/jpeg", "buffer": jpeg((800, 600))}
        )


def test_admin_records_a_payment_with_its_receipt_then_voids_it(
    live_app, session, new_page, boss, make_user, make_course, grant, seed_payment
):
    course = make_course(title="Pan de masa madre")
    camila = make_user(email="camila@example.com", full_name="Camila Rojas")
    grant(camila, course, expires_at=utcnow() + 60 * DAY)
    seed_payment(make_user(email="lucia@example.com", full_name="Lucía Gómez"), "300")
    with live_app.app_context():
        today = periods.today().isoformat()
    admin = session("jefa@example.com")
    page = admin.page

    admin.open_admin("Ajustes")  # payments default to the business's currency
    expect(page.get_by_label("Moneda de los pagos")).to_have_value("MXN")
    admin.check("settings")
    admin.open_admin("Pagos")
    totals = page.get_by_role("region", name="Total de los pagos que coinciden")
    expect(totals).to_contain_text("300.00 MXN (1 pago)")
    admin.check("payments-before")

    page.get_by_role("link", name="Registrar pago").click()
    fill_payment(page, amount="-5", day=today, receipt=True)
    page.get_by_role("button", name="Registrar pago").click()
    expect(page.get_by_text("El monto debe ser mayor que cero.")).to_be_visible()
    assert count_rows(live_app, Payment) == 1  # only the seeded one
    admin.check("bad-amount")

    fill_payment(page, amount="1200,50", day=today, receipt=True)
    admin.check("payment-form")
    page.get_by_role("button", name="Registrar pago").click()
    expect(page.get_by_role("alert")).to_contain_text("Pago de Camila Rojas registrado.")
    row = page.get_by_role("row").filter(has_text="Camila Rojas")
    for text in ("1,200.50 MXN", "Yape", "Ref. OP-778899", "Pan de masa madre"):
        expect(row).to_contain_text(text)
    expect(totals).to_contain_text("1,500.50 MXN (2 pagos)")
    admin.check("payment-recorded")

    receipt = urljoin(page.url, row.get_by_role("link", name="Ver foto").get_attribute("href"))
    response = page.request.get(receipt)
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.body()[:3] == b"\xff\xd8\xff"
    with page.expect_popup() as opened:
        row.get_by_role("link", name="Ver foto").click()
    photo = opened.value
    photo.wait_for_load_state()
    assert photo.url == receipt
    assert photo.evaluate("document.images[0].complete && document.images[0].naturalWidth") > 0
    admin.snap("receipt", photo)
    photo.close()
    stranger = new_page()  # not logged in: the receipt is private
    assert stranger.request.get(receipt).status == 404

    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Anular").click()
    expect(page.get_by_role("alert")).to_contain_text("Pago anulado")
    assert dialogs == ["¿Anular este pago? Queda en la lista, marcado y fuera de los totales."]
    expect(row).to_contain_text("Anulado")
    expect(row.locator("s")).to_have_text("1,200.50 MXN")  # struck through
    expect(row.get_by_role("button", name="Anular")).to_have_count(0)
    expect(totals).to_contain_text("300.00 MXN (1 pago)")
    expect(totals).not_to_contain_text("1,500.50")
    admin.check("payment-voided")
    with live_app.app_context():
        voided = db.session.scalar(db.select(Payment).where(Payment.reference == "OP-778899"))
        assert voided.amount == Decimal("1200.50")
        assert voided.voided_at is not None and voided.voided_by_id == boss.id

    # The audit log lists both actions (not the refused one, nor the seeded payment).
    log = admin.audit_log("Pago anulado", "Pago registrado")
    for action in ("Pago anulado", "Pago registrado"):
        row = log.get_by_role("row").filter(has_text=action)
        expect(row).to_contain_text("Jefa Pérez")
        expect(row.get_by_role("link", name="Camila Rojas")).to_be_visible()
    expect(log.get_by_role("row").filter(has_text="Pago registrado")).to_contain_text(
        re.compile(r"— → 1,200\.50\sMXN por Yape, .+ · Pan de masa madre")
    )
    expect(log.get_by_role("row").filter(has_text="Pago anulado")).to_contain_text(
        "registrado → anulado"
    )
    admin.check("audit-log")
    admin.assert_clean()


def test_admin_works_the_renewals_board(live_app, session, boss, make_user, make_course, grant):
    course = make_course(title="Tortas de celebración")
    ends = utcnow() + 3 * DAY
    bea = make_user(email="bea@example.com", full_name="Bea Semana", phone=STUDENT_PHONE)
    enrollment = grant(bea, course, expires_at=ends)
    dani = make_user(email="dani@example.com", full_name="Dani Terminó")
    grant(dani, course, expires_at=utcnow() - 5 * DAY)
    admin = session("jefa@example.com")
    page = admin.page

    admin.open_admin("Renovaciones")
    week = page.get_by_role("region", name=re.compile("^Terminan esta semana"))
    ended = page.get_by_role("region", name=re.compile("^Terminaron en los últimos 30 días"))
    row = week.get_by_role("row").filter(has_text="Bea Semana")
    expect(row).to_contain_text("Tortas de celebración")
    expect(ended.get_by_role("row").filter(has_text="Dani Terminó")).to_have_count(1)
    admin.check("board")

    write = row.get_by_role("link", name="Escribir").get_attribute("href")
    assert write.startswith(f"https://wa.me/{WHATSAPP}?text=")
    message = unquote(write.split("?text=", 1)[1])
    assert message.startswith("Hola, Bea Semana. Tu acceso a «Tortas de celebración» termina el")
    win_back = ended.get_by_role("link", name="Escribir").get_attribute("href")
    assert win_back.startswith("https://wa.me/?text=")  # no phone: WhatsApp asks whom to
    assert "Dani Terminó. Tu acceso a «Tortas de celebración» terminó el" in unquote(win_back)

    row.get_by_role("button", name="Marcar contactada").click()
    expect(page.get_by_role("alert")).to_contain_text("Marcada como contactada: Bea Semana.")
    expect(row).to_contain_text("Contactada por Jefa Pérez")
    expect(row.get_by_role("button", name="Marcar contactada")).to_have_count(0)
    admin.check("contacted")

    row.get_by_role("link", name="Renovar").click()
    expect(page.get_by_role("heading", name="Renovar el acceso de Bea Semana")).to_be_visible()
    page.get_by_label("90 días").check()
    page.get_by_label("Monto").fill("950")
    page.get_by_label("Referencia").fill("TR-2024")
    admin.check("renew-form")
    page.get_by_role("button", name="Renovar").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Renovado y pago registrado: Bea Semana tiene acceso hasta el"
    )
    expect(page.get_by_role("row").filter(has_text="Bea Semana")).to_have_count(0)
    expect(week).to_contain_text("Nadie en este grupo.")
    expect(ended.get_by_role("row").filter(has_text="Dani Terminó")).to_have_count(1)
    admin.check("renewed")
    with live_app.app_context():
        renewed = db.session.get(Enrollment, enrollment.id)
        assert periods.local_date(renewed.expires_at) == periods.local_date(ends) + 90 * DAY

    admin.open_admin("Pagos")
    paid = page.get_by_role("row").filter(has_text="Bea Semana")
    for text in ("950.00 MXN", "Transferencia", "Ref. TR-2024", "Tortas de celebración"):
        expect(paid).to_contain_text(text)
    admin.check("payment-listed")

    # The renewal and its payment are in the audit log ("contacted" is no access change),
    # and on Bea's own history, reached from her account.
    log = admin.audit_log("Pago registrado", "Acceso renovado")
    renewed_row = log.get_by_role("row").filter(has_text="Acceso renovado")
    expect(renewed_row).to_contain_text(
        re.compile(r"«Tortas de celebración»: hasta el .+ → hasta el .+")
    )
    expect(renewed_row).to_contain_text("Jefa Pérez")
    admin.check("audit-log")
    renewed_row.get_by_role("link", name="Bea Semana").click()
    page.get_by_role("link", name="Ver su historial").click()
    expect(page.get_by_text("Historial de Bea Semana")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    admin.check("audit-log-of-bea")
    admin.assert_clean()


def test_admin_exports_the_payments_as_csv(session, boss, make_user, seed_payment):
    seed_payment(make_user(email="camila@example.com", full_name="Camila Núñez"), "1200.50")
    admin = session("jefa@example.com")
    admin.open_admin("Pagos")
    admin.check("payments")

    with admin.page.expect_download() as started:
        admin.page.get_by_role("link", name="Exportar CSV").click()
    download = started.value
    assert re.fullmatch(r"dulcevicio-pagos-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    data = download.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the accents
    header, row, *rest = data.decode("utf-8-sig").split("\r\n")
    assert header.startswith("Fecha,Alumna,Correo,Monto")
    assert ",Camila Núñez,camila@example.com,1200.50,MXN,Efectivo,R-1," in row
    assert row.endswith(",Jefa Pérez")  # recorded by
    assert rest == [""]
    admin.assert_clean()


def test_student_whose_access_ended_is_offered_a_renewal(session, make_user, make_course, grant):
    course = make_course(title="Pan de masa madre")
    sofia = make_user(email="sofia@example.com", full_name="Sofía Díaz")
    grant(sofia, course, expires_at=utcnow() - 5 * DAY)
    student = session("sofia@example.com")
    page = student.page

    expect(page).to_have_url(f"{student.base}/mis-cursos")
    card = page.locator("article").filter(has_text="Pan de masa madre")
    expect(card).to_contain_text("Bloqueado")
    expect(card).to_contain_text("Tu acceso terminó el")
    button = card.get_by_role("link", name="Renovar por WhatsApp")
    button.click(trial=True)  # visible, enabled and not covered
    renew = button.get_attribute("href")
    assert renew.startswith(f"https://wa.me/{WHATSAPP}?text=")
    assert unquote(renew.split("?text=", 1)[1]).startswith(
        "Hola, soy Sofía Díaz. Quiero renovar mi acceso a «Pan de masa madre» (fecha de fin:"
    )
    student.check("my-courses")
    student.assert_clean()
