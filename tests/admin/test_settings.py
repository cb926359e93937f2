"""Business settings (/admin/ajustes): stored in the database, used by every WhatsApp link."""

from __future__ import annotations

import html
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Settings
from dulcevicio.services import messages


def form(**changes) -> dict:
    data = {
        "business_name": "Dulce Vicio Repostería",
        "whatsapp_number": "55 1234 5678",
        "currency": "MXN",
    }
    data |= {f"message_{key}": message.default for key, message in messages.MESSAGES.items()}
    return data | changes


def stored(app) -> Settings | None:
    with app.app_context():
        row = db.session.scalar(sa.select(Settings))
        if row is not None:
            db.session.expunge(row)
        return row


def test_the_page_shows_the_defaults_with_a_preview(admin_client):
    page = admin_client.get("/admin/ajustes").get_data(as_text=True)
    assert 'value="DulceVicio"' in page
    assert '<option selected value="MXN">MXN · peso mexicano</option>' in page
    assert "ARS · peso argentino" in page and "EUR · euro" in page
    # The preview fills the placeholders with the sample.
    assert html.escape("Hola, quiero acceder al curso «Masa madre desde cero».") in page
    assert 'data-preview="vista-previa-access_request"' in page


def test_saving_changes_every_whatsapp_link(app, admin_client, client, make_course):
    make_course(title="Pan dulce")
    changed = form(
        message_general_contact="¡Hola! Quiero saber más.",
        message_access_request="Quiero el curso {curso}, por favor.",
    )
    response = admin_client.post("/admin/ajustes", data=changed)
    assert response.status_code == 302
    assert "Ajustes guardados." in admin_client.get("/admin/ajustes").get_data(as_text=True)

    row = stored(app)
    assert (row.business_name, row.whatsapp_number, row.currency) == (
        "Dulce Vicio Repostería",
        "+525512345678",
        "MXN",
    )
    # Only what differs from the defaults is kept.
    assert set(row.messages) == {"general_contact", "access_request"}

    admin_client.post("/salir")
    landing = client.get("/").get_data(as_text=True)
    assert "https://wa.me/525512345678?text=" in landing
    assert "¡Hola! Quiero saber más." in unquote(landing)
    assert "Quiero el curso Pan dulce, por favor." in unquote(landing)  # the cached card too


def test_another_dyno_sees_the_change_on_its_next_request(app_factory, admin_client, make_course):
    make_course(title="Pan dulce")
    other = app_factory().test_client()  # another process with its own cached cards
    assert "wa.me" not in other.get("/cursos").get_data(as_text=True)
    admin_client.post("/admin/ajustes", data=form())
    assert "https://wa.me/525512345678?text=" in other.get("/cursos").get_data(as_text=True)
    admin_client.post("/admin/ajustes", data=form(whatsapp_number=""))
    assert "wa.me" not in other.get("/cursos").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"message_renewal_request": "Hola {monto}"}, "«{monto}» no es un dato de este mensaje"),
        ({"message_general_contact": "Hola {nombre}"}, "Puedes usar: ninguno"),
        ({"message_invitation": "Tu enlace: {enlace"}, "Hay una llave { o } sin cerrar"),
        ({"message_invitation": "Hola {nombre!r}"}, "sin formato"),
        ({"message_password_link": "x" * 1001}, "como máximo 1000 caracteres"),
        ({"message_password_help": "   "}, "Escribe el mensaje."),
        ({"whatsapp_number": "12 34"}, "Revisa el número de teléfono"),
        ({"currency": "XXX"}, "Opción inválida"),
        ({"business_name": ""}, "Escribe el nombre del negocio."),
    ],
)
def test_bad_settings_are_explained_and_nothing_is_stored(app, admin_client, changes, error):
    admin_client.post("/admin/ajustes", data=form(business_name="Antes"))
    response = admin_client.post("/admin/ajustes", data=form(**changes))
    assert response.status_code == 200
    assert html.escape(error, quote=False) in response.get_data(as_text=True)
    assert stored(app).business_name == "Antes"


def test_the_configured_number_is_only_the_first_default(app_factory, make_course):
    app = app_factory(WHATSAPP_CONTACT_NUMBER="5491123456789")
    client = app.test_client()
    assert "https://wa.me/5491123456789?" in client.get("/").get_data(as_text=True)
    with app.app_context():
        db.session.add(Settings(id=1, business_name="X", whatsapp_number=None, currency="MXN"))
        db.session.commit()
    assert "wa.me" not in client.get("/").get_data(as_text=True)


def test_students_cannot_open_the_settings(client_as):
    client = client_as("student")
    assert client.get("/admin/ajustes").status_code == 403
    assert client.post("/admin/ajustes", data=form()).status_code == 403
