"""Phone numbers on accounts: admins and students type them, E.164 is stored, the
invitation goes to the student's own WhatsApp."""

from __future__ import annotations

import re
from urllib.parse import unquote

from dulcevicio.models import User
from tests.admin.test_users import new_user_data


def test_a_foreign_number_in_national_form_is_refused_without_half_an_account(admin_client, fetch):
    # The app's country is Mexico: an Argentine number needs its +54.
    response = admin_client.post(
        "/admin/usuarios/nuevo", data=new_user_data(phone="011 15 2345-6789")
    )
    assert response.status_code == 200
    assert "Revisa el número de teléfono" in response.get_data(as_text=True)
    assert fetch(User, User.email == "lucia@example.com") is None


def test_admin_stores_e164_and_the_invitation_goes_to_her_number(admin_client, fetch):
    response = admin_client.post(
        "/admin/usuarios/nuevo", data=new_user_data(phone="+54 9 11 2345-6789")
    )
    html = response.get_data(as_text=True)
    assert fetch(User, User.email == "lucia@example.com").phone == "+5491123456789"
    share = re.search(r'href="(https://wa\.me/[^"]+)"', html).group(1)
    assert share.startswith("https://wa.me/5491123456789?text=Hola%2C%20Luc")
    assert "/clave/" in unquote(share)


def test_a_number_that_does_not_parse_is_refused_and_nothing_changes(
    admin_client, make_user, fetch
):
    user = make_user(email="ana@example.com", full_name="Ana")
    admin_client.post(
        f"/admin/usuarios/{user.id}/editar",
        data={
            "full_name": "Ana",
            "email": "ana@example.com",
            "role": "USER",
            "phone": "55 1234 5678",
        },
    )
    assert fetch(User, id=user.id).phone == "+525512345678"
    response = admin_client.post(
        f"/admin/usuarios/{user.id}/editar",
        data={"full_name": "Ana Nueva", "email": "ana@example.com", "role": "USER", "phone": "12"},
    )
    assert response.status_code == 200
    assert "Revisa el número de teléfono" in response.get_data(as_text=True)
    stored = fetch(User, id=user.id)
    assert (stored.full_name, stored.phone) == ("Ana", "+525512345678")
    page = admin_client.get(f"/admin/usuarios/{user.id}").get_data(as_text=True)
    assert "+52 55 1234 5678" in page and "https://wa.me/525512345678" in page


def test_the_student_sets_and_clears_her_own_number(client_as, fetch):
    client = client_as("student", full_name="Alumna")
    user = client.user
    data = {"full_name": "Alumna", "username": "", "phone": "(33) 1234-5678"}
    assert client.post("/cuenta", data=data).status_code == 302
    assert fetch(User, id=user.id).phone == "+523312345678"
    assert "+52 33 1234 5678" in client.get("/cuenta").get_data(as_text=True)
    bad = client.post("/cuenta", data=data | {"phone": "mi cel", "full_name": "Otra"})
    assert "Revisa el número de teléfono" in bad.get_data(as_text=True)
    assert fetch(User, id=user.id).full_name == "Alumna"
    client.post("/cuenta", data=data | {"phone": ""})
    assert fetch(User, id=user.id).phone is None
