"""Device sessions through HTTP: the device limit and its notice, "Mis dispositivos", the
admin's view of a student's devices, the overview's flags, and what it all costs."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from dulcevicio.extensions import db
from dulcevicio.models import DeviceEndReason, DeviceSession, Role, Settings, User, utcnow
from dulcevicio.security import REPLACED_NOTICE
from dulcevicio.services import devices
from tests.admin.conftest import counting_queries
from tests.admin.test_settings import form as settings_form
from tests.helpers import PASSWORD, submit_login, submit_logout

CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"


def browser(app, user_agent: str = FIREFOX_WINDOWS, ip: str = "201.141.23.54"):
    """A new browser (test client) that sends this User-Agent from this address."""
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    return client


def sign_in(app, user: User, *, remember=False, **device):
    client = browser(app, **device)
    response = submit_login(client, user.email, PASSWORD, remember=remember)
    assert response.status_code == 302, response.status_code
    return client


def is_signed_in(client) -> bool:
    return client.get("/mis-cursos").status_code == 200


def device_rows(app, user: User) -> list[DeviceSession]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(DeviceSession)
            .where(DeviceSession.user_id == user.id)
            .order_by(DeviceSession.id)
        ).all()
        db.session.expunge_all()
        return rows


def set_user_limit(app, user: User, limit: int | None) -> None:
    with app.app_context():
        db.session.get(User, user.id).device_limit = limit
        db.session.commit()


# --- The limit ----------------------------------------------------------------------------


def test_a_third_device_ends_the_first_which_is_told_why(app, make_user):
    user = make_user(email="lucia@example.com")
    first = sign_in(app, user, user_agent=SAFARI_IPHONE)
    second = sign_in(app, user, user_agent=CHROME_ANDROID)
    assert is_signed_in(first) and is_signed_in(second)
    third = sign_in(app, user)
    assert is_signed_in(second) and is_signed_in(third)
    # The first device's next page is the catalog, signed out, with the notice.
    page = first.get("/cursos").get_data(as_text=True)
    assert REPLACED_NOTICE in page
    assert "Ingresar" in page and not is_signed_in(first)
    # The notice shows once.
    assert REPLACED_NOTICE not in first.get("/cursos").get_data(as_text=True)
    rows = device_rows(app, user)
    assert [row.end_reason for row in rows] == [DeviceEndReason.REPLACED, None, None]
    assert rows[0].ended_at is not None
    print("third sign-in ends the first (with the notice):", "yes")


def test_a_protected_page_sends_the_replaced_device_to_log_in_with_the_notice(app, make_user):
    user = make_user()
    first = sign_in(app, user)
    sign_in(app, user)
    sign_in(app, user)
    response = first.get("/mis-cursos", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == "/ingresar"
    assert REPLACED_NOTICE in html


def test_a_replaced_remember_me_cookie_is_refused_with_the_notice_and_dropped(app, make_user):
    user = make_user()
    laptop = sign_in(app, user, remember=True)
    remember = laptop.get_cookie(app.config["REMEMBER_COOKIE_NAME"]).value
    restarted = browser(app)  # a restarted browser: only the remember-me cookie is left
    restarted.set_cookie(app.config["REMEMBER_COOKIE_NAME"], remember)
    assert is_signed_in(restarted)
    sign_in(app, user)
    sign_in(app, user)
    html = restarted.get("/cursos").get_data(as_text=True)
    assert REPLACED_NOTICE in html
    assert restarted.get_cookie(app.config["REMEMBER_COOKIE_NAME"]) is None
    assert not is_signed_in(restarted) and not is_signed_in(laptop)


def test_the_limit_follows_the_setting_and_the_students_own(app, admin_client, make_user):
    user = make_user()
    set_user_limit(app, user, 3)
    clients = [sign_in(app, user) for _ in range(3)]
    assert all(is_signed_in(client) for client in clients)
    set_user_limit(app, user, None)  # back to the setting: 2
    clients.append(sign_in(app, user))
    assert [is_signed_in(client) for client in clients] == [False, False, True, True]
    # The admin lowers the business setting to 1.
    response = admin_client.post("/admin/ajustes", data=settings_form(device_limit="1"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Settings, 1).device_limit == 1
    last = sign_in(app, user)
    assert [is_signed_in(client) for client in (*clients, last)] == [False] * 4 + [True]


def test_the_admin_sets_a_students_own_limit(app, admin_client, make_user):
    user = make_user(full_name="Lucía Fernández", email="lucia@example.com")
    page = admin_client.get(f"/admin/usuarios/{user.id}/editar").get_data(as_text=True)
    assert "Dispositivos con sesión abierta a la vez" in page
    form = {"full_name": "Lucía Fernández", "email": "lucia@example.com", "role": "USER"}
    response = admin_client.post(
        f"/admin/usuarios/{user.id}/editar", data={**form, "device_limit": "4"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).device_limit == 4
    html = admin_client.get(f"/admin/usuarios/{user.id}").get_data(as_text=True)
    assert "Hasta 4 a la vez (límite propio)" in html
    for bad in ("0", "21", "dos"):
        response = admin_client.post(
            f"/admin/usuarios/{user.id}/editar", data={**form, "device_limit": bad}
        )
        assert response.status_code == 200
    admin_client.post(f"/admin/usuarios/{user.id}/editar", data={**form, "device_limit": ""})
    with app.app_context():
        assert db.session.get(User, user.id).device_limit is None


def test_the_settings_page_refuses_a_limit_out_of_range(app, admin_client):
    for bad in ("0", "21", "muchos"):
        response = admin_client.post("/admin/ajustes", data=settings_form(device_limit=bad))
        assert response.status_code == 200
        assert "Dispositivos con sesión abierta" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Settings, 1) is None
    # Left empty: the default.
    admin_client.post("/admin/ajustes", data=settings_form(device_limit=""))
    with app.app_context():
        assert db.session.get(Settings, 1).device_limit == devices.DEFAULT_DEVICE_LIMIT


# --- Mis dispositivos ---------------------------------------------------------------------


def test_my_devices_lists_them_with_this_one_marked(app, make_user):
    user = make_user()
    sign_in(app, user, user_agent=SAFARI_IPHONE, ip="190.24.15.77")
    laptop = sign_in(app, user, ip="2001:db8:1234:5678::1")
    html = laptop.get("/cuenta/dispositivos").get_data(as_text=True)
    assert "Mis dispositivos" in html
    assert "Mobile Safari 17" in html and "iOS 17" in html
    assert "Firefox 121" in html and "Windows 10" in html
    assert "190.24.15.0/24" in html and "2001:db8:1234::/48" in html
    assert "190.24.15.77" not in html
    assert html.count("Este dispositivo") == 1
    assert "hace" in html  # first and last seen, in Spanish relative time
    assert "Puedes tener la sesión abierta en 2 dispositivos a la vez" in html
    for row in device_rows(app, user):
        assert row.token not in html  # the page never shows a device's credential
    assert "/cuenta/dispositivos" in laptop.get("/cuenta").get_data(as_text=True)


def test_closing_another_device_signs_it_out_without_the_notice(app, make_user):
    user = make_user()
    phone = sign_in(app, user, remember=True)
    laptop = sign_in(app, user)
    phone_device = device_rows(app, user)[0]
    response = laptop.post("/cuenta/dispositivos", data={"dispositivo": phone_device.id})
    assert response.status_code == 302
    assert "Cerramos la sesión en" in laptop.get("/cuenta/dispositivos").get_data(as_text=True)
    html = phone.get("/cursos").get_data(as_text=True)
    assert REPLACED_NOTICE not in html
    assert not is_signed_in(phone) and is_signed_in(laptop)
    assert device_rows(app, user)[0].end_reason is DeviceEndReason.CLOSED


def test_closing_the_others_keeps_this_one(app, make_user):
    user = make_user()
    set_user_limit(app, user, 4)
    others = [sign_in(app, user) for _ in range(3)]
    this = sign_in(app, user)
    response = this.post("/cuenta/dispositivos", data={"cerrar": "otros"}, follow_redirects=True)
    assert "Cerramos la sesión en los otros 3 dispositivos." in response.get_data(as_text=True)
    assert not any(is_signed_in(other) for other in others)
    assert is_signed_in(this)
    response = this.post("/cuenta/dispositivos", data={"cerrar": "otros"}, follow_redirects=True)
    assert "No tenías sesiones abiertas en otros dispositivos." in response.get_data(as_text=True)


def test_closing_this_device_signs_it_out(app, make_user):
    user = make_user()
    this = sign_in(app, user)
    own = device_rows(app, user)[0]
    response = this.post("/cuenta/dispositivos", data={"dispositivo": own.id})
    assert response.status_code == 302 and response.headers["Location"] == "/ingresar"
    assert not is_signed_in(this)


@pytest.mark.parametrize(
    "target", ["someone else's", "ended", "unknown", "beyond INTEGER", "not a number", "missing"]
)
def test_closing_a_device_that_is_not_yours_is_a_404(app, make_user, target):
    user, stranger = make_user(), make_user()
    this = sign_in(app, user)
    sign_in(app, stranger)
    old = sign_in(app, user)
    submit_logout(old)  # an ended device of hers
    ids = {
        "someone else's": device_rows(app, stranger)[0].id,
        "ended": device_rows(app, user)[1].id,
        "unknown": 999999,
        "beyond INTEGER": "99999999999999999999",
        "not a number": "uno",
        "missing": None,
    }
    data = {} if ids[target] is None else {"dispositivo": ids[target]}
    before = [row.ended_at for row in device_rows(app, stranger) + device_rows(app, user)]
    assert this.post("/cuenta/dispositivos", data=data).status_code == 404
    after = [row.ended_at for row in device_rows(app, stranger) + device_rows(app, user)]
    assert before == after


def test_my_devices_needs_a_login(client):
    assert client.get("/cuenta/dispositivos").status_code == 302
    assert client.post("/cuenta/dispositivos", data={"cerrar": "otros"}).status_code == 302


def test_logging_out_ends_only_this_device(app, make_user):
    user = make_user()
    phone, laptop = sign_in(app, user), sign_in(app, user)
    submit_logout(phone)
    assert not is_signed_in(phone) and is_signed_in(laptop)
    assert [row.end_reason for row in device_rows(app, user)] == [
        DeviceEndReason.SIGNED_OUT,
        None,
    ]


def test_a_password_change_ends_every_other_device(app, make_user):
    user = make_user()
    phone, laptop = sign_in(app, user), sign_in(app, user)
    response = laptop.post(
        "/cuenta/clave",
        data={"current_password": PASSWORD, "password": "otra-clave-9", "confirm": "otra-clave-9"},
    )
    assert response.status_code == 302
    assert is_signed_in(laptop) and not is_signed_in(phone)
    reasons = [row.end_reason for row in device_rows(app, user)]
    assert reasons == [DeviceEndReason.PASSWORD_CHANGED] * 2 + [None]


# --- Admins ---------------------------------------------------------------------------------


def test_the_admin_sees_a_students_devices_and_closes_one(app, admin_client, make_user):
    user = make_user()
    phone = sign_in(app, user, user_agent=CHROME_ANDROID, ip="181.47.210.9")
    laptop = sign_in(app, user)
    html = admin_client.get(f"/admin/usuarios/{user.id}").get_data(as_text=True)
    assert "Chrome Mobile 120 en Android 14" in html and "181.47.210.0/24" in html
    assert "Hasta 2 a la vez (según los ajustes)" in html
    phone_device = device_rows(app, user)[0]
    url = f"/admin/usuarios/{user.id}/dispositivos/{phone_device.id}/cerrar"
    assert url in html
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not is_signed_in(phone) and is_signed_in(laptop)
    assert device_rows(app, user)[0].end_reason is DeviceEndReason.CLOSED_BY_ADMIN
    assert admin_client.post(url).status_code == 404  # already ended
    html = admin_client.get(f"/admin/usuarios/{user.id}").get_data(as_text=True)
    assert "Cerrado por un administrador" in html


def test_the_admin_cannot_close_a_device_under_another_account(app, admin_client, make_user):
    user, other = make_user(), make_user()
    phone = sign_in(app, user)
    device = device_rows(app, user)[0]
    url = f"/admin/usuarios/{other.id}/dispositivos/{device.id}/cerrar"
    assert admin_client.post(url).status_code == 404
    assert is_signed_in(phone)


def test_students_cannot_close_devices_through_the_admin(app, client_as, make_user):
    user = make_user()
    phone = sign_in(app, user)
    device = device_rows(app, user)[0]
    student = client_as("student")
    url = f"/admin/usuarios/{user.id}/dispositivos/{device.id}/cerrar"
    assert student.post(url).status_code == 403
    assert is_signed_in(phone)


def test_the_overview_flags_shared_accounts(app, admin_client, make_user):
    many_devices = make_user(full_name="Muchos Dispositivos")
    many_networks = make_user(full_name="Muchas Redes")
    old_news = make_user(full_name="Semana Pasada")
    quiet = make_user(full_name="Alumna Tranquila")
    now = utcnow()
    with app.app_context():

        def add(user, count, networks, days_ago=0):
            for number in range(count):
                db.session.add(
                    DeviceSession(
                        user_id=user.id,
                        network=f"10.0.{number % networks}.0/24",
                        created_at=now - timedelta(days=days_ago, hours=number),
                        ended_at=now,
                    )
                )

        add(many_devices, 5, 1)
        add(many_networks, 4, 4)  # 4 sign-ins, 4 networks: not flagged yet
        add(old_news, 9, 9, days_ago=8)
        add(quiet, 2, 2)
        db.session.commit()
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "Cuentas con muchos dispositivos" in html
    assert "Muchos Dispositivos" in html and f"/admin/usuarios/{many_devices.id}" in html
    assert "Muchas Redes" not in html and "Semana Pasada" not in html
    assert "Alumna Tranquila" not in html
    with app.app_context():
        flagged = devices.flagged_accounts()
    assert [(row.name, row.devices, row.networks) for row in flagged] == [
        ("Muchos Dispositivos", 5, 1)
    ]
    # Seven networks in four sign-ins' worth of days: flagged for the networks.
    with app.app_context():
        for number in range(3):
            db.session.add(
                DeviceSession(
                    user_id=many_networks.id, network=f"10.9.{number}.0/24", created_at=now
                )
            )
        db.session.commit()
        flagged = {row.name: (row.devices, row.networks) for row in devices.flagged_accounts()}
    assert flagged == {"Muchos Dispositivos": (5, 1), "Muchas Redes": (7, 7)}


def test_the_overview_flags_cost_one_fixed_query(app, admin_client, make_user):
    with counting_queries(app) as few:
        admin_client.get("/admin/")
    now = utcnow()
    with app.app_context():
        for index in range(6):
            user = make_user()
            for number in range(6):
                db.session.add(
                    DeviceSession(
                        user_id=user.id, network=f"10.{index}.{number}.0/24", created_at=now
                    )
                )
        db.session.commit()
    with counting_queries(app) as many:
        html = admin_client.get("/admin/").get_data(as_text=True)
    assert html.count("#dispositivos") == 6
    assert len(few) == len(many)
    # The session loader's join, and the flags' one aggregate.
    assert sum("device_sessions" in statement for statement in many) == 2
    assert sum("device_sessions" in s and "GROUP BY" in s for s in many) == 1


# --- What it costs ---------------------------------------------------------------------------


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_page_view_reads_user_and_device_in_one_query_and_writes_nothing(app, make_user):
    user = make_user()
    client = sign_in(app, user)
    client.get("/mis-cursos")
    with counting_queries(app) as statements:
        assert client.get("/mis-cursos").status_code == 200
    loads = [s for s in statements if "device_sessions" in s]
    assert len(loads) == 1 and "users" in loads[0] and "JOIN" in loads[0].upper()
    assert writes(statements) == []
    print("queries of a page view (Mis cursos):", len(statements))


def test_last_seen_is_written_at_most_once_per_5_minutes(app, make_user):
    user = make_user()
    client = sign_in(app, user)
    signed_in_at = device_rows(app, user)[0].last_seen_at
    with time_machine.travel(utcnow() + timedelta(minutes=4)):
        with counting_queries(app) as statements:
            assert is_signed_in(client)
        assert writes(statements) == []
    assert device_rows(app, user)[0].last_seen_at == signed_in_at
    later = utcnow() + timedelta(minutes=6)
    with time_machine.travel(later, tick=False):
        with counting_queries(app) as statements:
            assert is_signed_in(client)
        assert len(writes(statements)) == 1
        with counting_queries(app) as statements:
            assert is_signed_in(client)
        assert writes(statements) == []
    seen = device_rows(app, user)[0].last_seen_at
    assert abs(seen - later) < timedelta(seconds=1)


def device_statements_of_a_sign_in(app, user) -> list[str]:
    """The first word of each statement a sign-in runs on device_sessions."""
    client = browser(app)
    client.get("/ingresar")
    with counting_queries(app) as statements:
        assert submit_login(client, user.email).status_code == 302
    return [s.split()[0].upper() for s in statements if "device_sessions" in s]


def test_a_sign_in_writes_the_device_once_plus_the_ends_beyond_the_limit(app, make_user):
    user = make_user()
    assert device_statements_of_a_sign_in(app, user) == ["INSERT"]
    assert device_statements_of_a_sign_in(app, user) == ["INSERT"]
    # The third is beyond the limit: one UPDATE ends the oldest.
    assert device_statements_of_a_sign_in(app, user) == ["INSERT", "UPDATE"]
    assert [row.end_reason for row in device_rows(app, user)] == [
        DeviceEndReason.REPLACED,
        None,
        None,
    ]


def test_a_deactivated_account_cannot_use_its_devices(app, admin_client, make_user):
    user = make_user()
    phone = sign_in(app, user)
    admin_client.post(f"/admin/usuarios/{user.id}/estado", data={"activo": "0"})
    assert not is_signed_in(phone)
    assert {row.end_reason for row in device_rows(app, user)} == {DeviceEndReason.DEACTIVATED}


# --- Describing devices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (CHROME_ANDROID, ("Chrome Mobile 120", "Android 14")),
        (SAFARI_IPHONE, ("Mobile Safari 17", "iOS 17")),
        (FIREFOX_WINDOWS, ("Firefox 121", "Windows 10")),
        ("", ("", "")),
        ("curl/8.5.0", ("curl 8", "")),
        ("\x00" + "💥" * 3000, ("", "")),
    ],
)
def test_describe_names_browser_and_system(user_agent, expected):
    assert devices.describe(user_agent) == expected


def test_an_unknown_user_agent_is_still_a_device(app, make_user):
    user = make_user(role=Role.USER)
    client = sign_in(app, user, user_agent="")
    html = client.get("/cuenta/dispositivos").get_data(as_text=True)
    assert "Navegador desconocido" in html


def test_the_admin_closes_her_own_device_with_salir_not_from_her_page(app, admin, admin_client):
    own = device_rows(app, admin)[0]
    html = admin_client.get(f"/admin/usuarios/{admin.id}").get_data(as_text=True)
    assert "Este dispositivo" in html
    response = admin_client.post(f"/admin/usuarios/{admin.id}/dispositivos/{own.id}/cerrar")
    assert response.status_code == 400 and "usa «Salir»" in response.get_data(as_text=True)
    assert is_signed_in(admin_client)


def test_two_racing_sign_ins_keep_the_limit(app, make_user):
    """B signs in while A's sign-in is written but not committed: B waits for A (the user
    row's lock, or SQLite's write lock) and then ends the device A left beyond the limit.
    Without the lock B would not see A's device and three would stay signed in."""
    user = make_user()
    sign_in(app, user)
    a_written = threading.Event()

    def a_signs_in():
        with app.app_context():
            devices.start(db.session.get(User, user.id), user_agent="", ip=None)
            a_written.set()
            time.sleep(0.5)  # B arrives meanwhile
            db.session.commit()

    def b_signs_in():
        assert a_written.wait(5)
        with app.app_context():
            devices.start(db.session.get(User, user.id), user_agent="", ip=None)
            db.session.commit()

    threads = [threading.Thread(target=a_signs_in), threading.Thread(target=b_signs_in)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    active = [row for row in device_rows(app, user) if row.ended_at is None]
    assert [row.id for row in active] == [row.id for row in device_rows(app, user)[-2:]]
