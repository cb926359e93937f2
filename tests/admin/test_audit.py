"""The audit log (/admin/auditoria): every admin action writes its row(s) through HTTP, a
refused one none; the log's filters and paging; rows are append-only."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import (
    AppendOnlyError,
    AuditEvent,
    Comment,
    DeviceSession,
    Enrollment,
    Lesson,
    Membership,
    Payment,
    Recipe,
    Role,
    User,
    utcnow,
)
from dulcevicio.services import audit, messages
from tests import media
from tests.admin.conftest import counting_queries

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


@pytest.fixture
def events(app):
    """The audit rows written so far, oldest first: `events()` or `events(action)`."""

    def read(action: str | None = None) -> list[AuditEvent]:
        with app.app_context():
            query = sa.select(AuditEvent).order_by(AuditEvent.id)
            if action is not None:
                query = query.where(AuditEvent.action == action)
            found = db.session.scalars(query).all()
            db.session.expunge_all()
            return found

    return read


@pytest.fixture
def ana(make_user):
    return make_user(email="ana@example.com", full_name="Ana Torres")


def only(events, action: str) -> AuditEvent:
    found = events()
    assert [event.action for event in found] == [action], [e.summary for e in found]
    return found[0]


def new_since(events, before: int) -> list[tuple[str, str]]:
    return [(event.action, event.summary) for event in events()[before:]]


# --- Access -------------------------------------------------------------------------------


def test_grant_extend_revoke_and_grant_again(admin_client, admin, ana, make_course, events):
    course = make_course(title="Panes")
    admin_client.post(
        "/admin/inscripciones/nueva",
        data={"user": ana.email, "course": course.id, "duration": "90"},
    )
    granted = only(events, "enrollment.grant")
    assert (granted.actor_id, granted.actor_name, granted.student_id) == (
        admin.id,
        "Jefa Pérez",
        ana.id,
    )
    assert granted.target_type == "enrollment" and granted.ip_hash
    assert re.fullmatch(r"«Panes»: sin acceso → hasta el \d+ de \w+ de \d{4}", granted.summary)

    admin_client.post(f"/admin/inscripciones/{granted.target_id}/extender", data={"days": "30"})
    admin_client.post(f"/admin/inscripciones/{granted.target_id}/revocar")
    admin_client.post(
        "/admin/inscripciones/nueva",
        data={"user": ana.email, "course": course.id, "duration": "never"},
    )
    later = new_since(events, 1)
    assert [action for action, _ in later] == [
        "enrollment.extend",
        "enrollment.revoke",
        "enrollment.grant",
    ]
    assert re.fullmatch(r"«Panes»: hasta el .+ → hasta el .+", later[0][1])
    assert later[1][1].endswith("→ revocada")
    assert later[2][1] == "«Panes»: revocada → sin vencimiento"


def test_a_bulk_grant_writes_a_row_per_student_it_changed(
    admin_client, make_user, make_course, grant, events
):
    course = make_course(title="Tartas")
    new, current, lapsed = (make_user(email=f"{name}@example.com") for name in ("a", "b", "c"))
    grant(current, course)
    grant(lapsed, course, expires_at=utcnow() - timedelta(days=3))
    assert events() == []  # the fixture is no admin request
    admin_client.post(
        "/admin/inscripciones/masiva",
        data={
            "course": course.id,
            "emails": "a@example.com b@example.com c@example.com nadie@example.com",
            "duration": "30",
        },
    )
    rows = events()
    assert {event.student_id for event in rows} == {new.id, lapsed.id}
    summaries = {event.student_id: event.summary for event in rows}
    assert summaries[new.id].startswith("«Tartas» (inscripción masiva): sin acceso → hasta el")
    assert "vencida el" in summaries[lapsed.id]
    assert all(event.target_type == "enrollment" and event.target_id for event in rows)


def test_bulk_accounts_write_the_account_and_its_enrollment(admin_client, make_course, events):
    course = make_course(title="Tartas")
    admin_client.post(
        "/admin/inscripciones/masiva/cuentas",
        data={
            "course": course.id,
            "duration": "90",
            "expires_on": "",
            "email": ["rosa@example.com"],
            "name": ["Rosa Quispe"],
            "create": ["rosa@example.com"],
        },
    )
    assert [event.action for event in events()] == ["account.create", "enrollment.grant"]
    assert events()[0].summary == "— → Rosa Quispe <rosa@example.com>, Estudiante"


def membership_form(student: User) -> dict:
    return {"user": student.email, "start_date": date.today().isoformat(), "duration": "365"}


def test_memberships_create_extend_deactivate_reactivate_delete(admin_client, ana, events):
    admin_client.post("/admin/membresias/nueva", data=membership_form(ana))
    created = only(events, "membership.create")
    assert created.student_id == ana.id
    assert re.fullmatch(r"Membresía: sin acceso → del .+ al .+", created.summary)
    base = f"/admin/membresias/{created.target_id}"
    admin_client.post(f"{base}/extender", data={"days": "30"})
    admin_client.post(f"{base}/estado", data={"activo": "0"})
    admin_client.post(f"{base}/estado", data={"activo": "0"})  # already off: no change
    admin_client.post(f"{base}/estado", data={"activo": "1"})
    admin_client.post(f"{base}/eliminar")
    assert [action for action, _ in new_since(events, 1)] == [
        "membership.extend",
        "membership.deactivate",
        "membership.reactivate",
        "membership.delete",
    ]
    assert events("membership.deactivate")[0].summary.endswith("→ desactivada")
    assert "→ eliminada" in events("membership.delete")[0].summary


def test_a_renewal_with_its_payment_writes_two_rows_and_contacted_none(
    admin_client, ana, make_course, grant, events
):
    course = make_course(title="Panes")
    enrollment = grant(ana, course, expires_at=utcnow() + timedelta(days=3))
    path = f"/admin/renovaciones/inscripcion/{enrollment.id}"
    admin_client.post(f"{path}/contactada")
    assert events() == []
    admin_client.post(
        f"{path}/renovar",
        data={
            "duration": "30",
            "amount": "900",
            "currency": "MXN",
            "method": "CASH",
            "paid_on": YESTERDAY,
        },
    )
    renewed, paid = events()
    assert (renewed.action, paid.action) == ("access.renew", "payment.record")
    assert re.fullmatch(r"«Panes»: hasta el .+ → hasta el .+", renewed.summary)
    assert re.fullmatch(r"— → 900\.00\sMXN por Efectivo, .+ · Panes", paid.summary)
    assert {renewed.student_id, paid.student_id} == {ana.id}


def test_onboarding_writes_the_account_the_access_and_the_payment(
    admin_client, make_course, events
):
    course = make_course(title="Panes")
    data = {
        "full_name": "Rosa Quispe",
        "email": "rosa@example.com",
        "phone": "",
        "purchase": "curso",
        "course": str(course.id),
        "duration": "90",
        "expires_on": "",
        "amount": "1500",
        "currency": "MXN",
        "method": "YAPE",
        "paid_on": YESTERDAY,
        "reference": "",
    }
    assert admin_client.post("/admin/alumnas/nueva", data=data).status_code == 200
    rows = events()
    assert [event.action for event in rows] == [
        "account.create",
        "enrollment.grant",
        "payment.record",
    ]
    assert len({event.student_id for event in rows}) == 1


# --- Payments -----------------------------------------------------------------------------


def payment_data(**changes) -> dict:
    return {
        "user": "ana@example.com",
        "paid_for": "",
        "amount": "500",
        "currency": "MXN",
        "method": "TRANSFER",
        "paid_on": YESTERDAY,
        "reference": "",
        "note": "",
    } | changes


def test_record_edit_and_void_a_payment(app, admin_client, ana, events, fetch):
    admin_client.post("/admin/pagos/nuevo", data=payment_data())
    recorded = only(events, "payment.record")
    assert recorded.target_type == "payment" and recorded.student_id == ana.id
    admin_client.post(
        f"/admin/pagos/{recorded.target_id}/editar",
        data=payment_data(
            amount="550", method="NEQUI", receipt=(io.BytesIO(media.jpeg()), "r.jpg")
        ),
        content_type="multipart/form-data",
    )
    [edited] = events("payment.edit")
    assert re.fullmatch(
        r"Monto: 500\.00\sMXN → 550\.00\sMXN; Medio: Transferencia → Nequi; "
        r"Comprobante: agregado",
        edited.summary,
    )
    admin_client.post(
        f"/admin/pagos/{recorded.target_id}/editar", data=payment_data(amount="550", method="NEQUI")
    )
    assert len(events("payment.edit")) == 1  # nothing changed: no row
    admin_client.post(f"/admin/pagos/{recorded.target_id}/anular")
    admin_client.post(f"/admin/pagos/{recorded.target_id}/anular")  # refused: already void
    [voided] = events("payment.void")
    assert voided.summary.endswith("registrado → anulado")
    assert fetch(Payment, id=recorded.target_id).is_void


# --- Accounts -----------------------------------------------------------------------------


def test_account_create_edit_role_deactivate_and_link(admin_client, admin, events, fetch):
    admin_client.post(
        "/admin/usuarios/nuevo",
        data={
            "full_name": "Lucía Fernández",
            "email": "lucia@example.com",
            "username": "",
            "role": "USER",
            "access_method": "invitation",
            "password": "",
        },
    )
    created = only(events, "account.create")
    lucia = fetch(User, User.email == "lucia@example.com")
    assert created.student_id == lucia.id == created.target_id
    edit = {"full_name": "Lucía F.", "email": lucia.email, "username": "", "role": "USER"}
    admin_client.post(f"/admin/usuarios/{lucia.id}/editar", data=edit | {"phone": "55 1234 5678"})
    admin_client.post(f"/admin/usuarios/{lucia.id}/editar", data=edit | {"role": "ADMIN"})
    admin_client.post(f"/admin/usuarios/{lucia.id}/estado", data={"activo": "0"})
    admin_client.post(f"/admin/usuarios/{lucia.id}/estado", data={"activo": "1"})
    admin_client.post(f"/admin/usuarios/{lucia.id}/enlace")
    later = new_since(events, 1)
    assert [action for action, _ in later] == [
        "account.edit",
        "account.role",
        "account.deactivate",
        "account.reactivate",
        "account.password_link",
    ]
    assert later[0][1] == "Nombre: Lucía Fernández → Lucía F.; Teléfono: — → +525512345678"
    assert later[1][1] == "Teléfono: +525512345678 → —; Rol: Estudiante → Administrador"
    assert later[2][1] == "activa → desactivada"
    assert later[4][1] == "Invitación: enlace pendiente → enlace nuevo"


def test_refused_actions_write_nothing(admin_client, admin, ana, make_course, events):
    course = make_course()
    admin_client.post(
        "/admin/inscripciones/nueva",
        data={"user": "nadie@example.com", "course": course.id, "duration": "90"},
    )
    admin_client.post("/admin/pagos/nuevo", data=payment_data(amount="-5"))
    admin_client.post(f"/admin/usuarios/{admin.id}/estado", data={"activo": "0"})
    admin_client.post("/admin/membresias/nueva", data={"user": ana.email, "duration": "nunca"})
    admin_client.post("/admin/ajustes", data={"business_name": ""})
    assert events() == []


# --- Content, forum, settings ---------------------------------------------------------------


def test_content_deactivation_and_deletion(app, admin_client, make_course, events):
    course = make_course(title="Panes", lessons=2)
    with app.app_context():
        first, second = db.session.scalars(
            sa.select(Lesson.id).where(Lesson.course_id == course.id).order_by(Lesson.position)
        ).all()
        recipe = Recipe(course_id=course.id, title="Flan", position=1)
        db.session.add(recipe)
        db.session.commit()
        recipe_id = recipe.id
    admin_client.post(
        f"/admin/lecciones/{first}/video",
        data={"video": (io.BytesIO(media.mp4()), "clase.mp4")},
        content_type="multipart/form-data",
    )
    admin_client.post(f"/admin/lecciones/{first}/video/eliminar")
    admin_client.post(f"/admin/cursos/{course.id}/estado", data={"activo": "0"})
    admin_client.post(
        f"/admin/cursos/{course.id}/lecciones/{second}/editar",
        data={
            "title": "Lección 2",
            "description": "",
            "video_duration_seconds": "",
            "is_active": "",
        },
    )
    admin_client.post(f"/admin/cursos/{course.id}/lecciones/{first}/eliminar")
    admin_client.post(f"/admin/cursos/{course.id}/recetas/{recipe_id}/eliminar")
    admin_client.post(f"/admin/cursos/{course.id}/eliminar", data={"submit": "y"})
    rows = [(event.action, event.summary) for event in events()]
    assert rows == [
        ("video.delete", "«Lección 1» de «Panes»: video de 0:02 → sin video"),
        ("course.deactivate", "«Panes»: activo → inactivo"),
        ("lesson.deactivate", "«Lección 2» de «Panes»: activa → inactiva"),
        ("lesson.delete", "«Lección 1» de «Panes» → eliminada"),
        ("recipe.delete", "«Flan» de «Panes» → eliminada"),
        ("course.delete", "«Panes» (1 lecciones, 0 recetas, 0 alumnos con acceso) → eliminado"),
    ]


def test_moderation_hides_and_shows_a_comment(app, admin_client, ana, make_course, grant, events):
    course = make_course(title="Panes")
    grant(ana, course)
    with app.app_context():
        comment = Comment(course_id=course.id, user_id=ana.id, content="¿Y la levadura?")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    path = f"/foro/comentarios/{comment_id}/moderar"
    admin_client.post(path, data={"hidden": "1"})
    admin_client.post(path, data={"hidden": "0"})
    hidden, shown = events()
    assert (hidden.action, shown.action) == ("comment.hide", "comment.show")
    assert hidden.summary == "«¿Y la levadura?» en «Panes»: visible → oculto"
    assert (hidden.student_id, hidden.target_type, hidden.target_id) == (
        ana.id,
        "comment",
        comment_id,
    )


def test_students_own_actions_are_not_audited(ana, client_as, make_course, grant, events):
    course = make_course()
    grant(ana, course)
    student = client_as(ana)
    student.post(f"/cursos/{course.slug}/foro", data={"content": "Hola"})
    assert events() == []


def settings_form(**changes) -> dict:
    data = {"business_name": "DulceVicio", "whatsapp_number": "", "currency": "MXN"}
    data |= {f"message_{key}": message.default for key, message in messages.MESSAGES.items()}
    return data | changes


def test_settings_name_what_changed(admin_client, events):
    key, message = next(iter(messages.MESSAGES.items()))
    admin_client.post(
        "/admin/ajustes",
        data=settings_form(currency="ARS", **{f"message_{key}": "Hola, te escribimos."}),
    )
    changed = only(events, "settings.change")
    assert changed.summary == f"Moneda: MXN → ARS; Mensajes cambiados: {message.label}"
    assert (changed.target_type, changed.target_id, changed.student_id) == ("settings", 1, None)
    admin_client.post(
        "/admin/ajustes",
        data=settings_form(currency="ARS", **{f"message_{key}": "Hola, te escribimos."}),
    )
    assert len(events()) == 1  # saved again unchanged: no row


# --- The page -----------------------------------------------------------------------------


def add_events(app, actor: User, students: list[User], count: int, **fields) -> None:
    with app.app_context():
        for number in range(count):
            student = students[number % len(students)] if students else None
            db.session.add(
                AuditEvent(
                    actor_id=actor.id,
                    actor_name=actor.full_name,
                    action=fields.get("action", "payment.record"),
                    target_type="payment",
                    target_id=number + 1,
                    student_id=student.id if student else None,
                    summary=f"fila {number}",
                    created_at=fields.get("created_at", utcnow()),
                )
            )
        db.session.commit()


def test_the_log_lists_newest_first_with_links(app, admin_client, admin, ana, make_course, events):
    course = make_course(title="Panes")
    admin_client.post(
        "/admin/inscripciones/nueva",
        data={"user": ana.email, "course": course.id, "duration": "90"},
    )
    admin_client.post(f"/admin/usuarios/{ana.id}/estado", data={"activo": "0"})
    page = admin_client.get("/admin/auditoria").get_data(as_text=True)
    table = page.split("<tbody>")[1]
    assert table.index("Cuenta desactivada") < table.index("Inscripción otorgada")
    assert f'href="/admin/usuarios/{ana.id}"' in page and "Jefa Pérez" in page
    assert "«Panes»: sin acceso → hasta el" in page
    detail = admin_client.get(f"/admin/usuarios/{ana.id}").get_data(as_text=True)
    assert f'href="/admin/auditoria?alumna={ana.id}"' in detail


def test_filters(app, admin_client, admin, make_user, events):
    other_admin = make_user(Role.ADMIN, full_name="Otra Jefa")
    ana = make_user(email="ana@example.com", full_name="Ana Torres")
    bea = make_user(email="bea@example.com", full_name="Bea Ruiz")
    add_events(app, admin, [ana], 2, action="payment.record")
    add_events(app, other_admin, [bea], 3, action="account.create")
    long_ago = utcnow() - timedelta(days=40)
    add_events(app, admin, [bea], 1, action="payment.void", created_at=long_ago)

    def rows(**query) -> int:
        response = admin_client.get("/admin/auditoria", query_string=query)
        assert response.status_code == 200
        return response.get_data(as_text=True).count("<tr data-action=")

    assert rows() == 6
    assert rows(quien=other_admin.id) == 3
    assert rows(accion="payment.void") == 1
    assert rows(alumna=ana.id) == 2
    assert rows(q="bea@") == 4 and rows(q="Torres") == 2
    today = date.today()
    assert rows(desde=(today - timedelta(days=1)).isoformat()) == 5
    assert rows(hasta=(today - timedelta(days=30)).isoformat()) == 1
    assert rows(quien=other_admin.id, q="bea") == 3
    # Bad values filter nothing; the page says what was wrong where it matters.
    assert rows(quien="x", accion="nada", desde="ayer", hasta="2026-13-45") == 6
    assert rows(desde="0001-01-01", hasta="9999-12-31") == 6
    assert rows(q="\x00", alumna="99999999999") == 6
    page = admin_client.get("/admin/auditoria", query_string={"alumna": "999999"})
    assert "No encontramos esa cuenta" in page.get_data(as_text=True)
    backwards = admin_client.get(
        "/admin/auditoria", query_string={"desde": "2026-05-02", "hasta": "2026-05-01"}
    )
    assert "Elige un día igual o posterior a «Desde»." in backwards.get_data(as_text=True)


def test_pages_cost_the_same_queries(app, admin_client, admin, make_user):
    students = [make_user(email=f"s{n}@example.com") for n in range(5)]

    def measure(**query) -> int:
        with counting_queries(app) as statements:
            response = admin_client.get("/admin/auditoria", query_string=query)
        assert response.status_code == 200
        return len(statements)

    add_events(app, admin, students[:1], 2)
    few = measure()
    add_events(app, admin, students, 60)
    assert measure() == few
    assert measure(page=2) == few


def test_a_summary_is_one_clean_line_of_at_most_500_characters():
    assert audit.clip("Ana\x00 Pérez\n🎂 → \tsí") == "Ana Pérez 🎂 → sí"
    long = audit.clip("🎂" * 600)
    assert len(long) == 500 and long.endswith("…")
    assert audit.clip("x" * 500) == "x" * 500


# --- Append-only --------------------------------------------------------------------------


def test_the_app_never_edits_nor_deletes_a_row(app, admin, ana):
    add_events(app, admin, [ana], 1)
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent))
        event.summary = "otra cosa"
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(sa.select(AuditEvent)))
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        for statement in (
            sa.update(AuditEvent).values(summary="x"),
            sa.delete(AuditEvent),
            sa.delete(AuditEvent).where(AuditEvent.id == event.id),
        ):
            with pytest.raises(AppendOnlyError):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.scalar(sa.select(AuditEvent.summary)) == "fila 0"


def test_the_row_outlives_its_actor(app, make_user, client_as, ana, make_course, events):
    boss = make_user(Role.ADMIN, email="boss@example.com", full_name="Marta Jefa")
    course = make_course()
    client_as(boss).post(
        "/admin/inscripciones/nueva",
        data={"user": ana.email, "course": course.id, "duration": "90"},
    )
    with app.app_context():
        db.session.execute(
            sa.update(Enrollment).values(granted_by_id=None)
        )  # her grant names her too
        db.session.delete(db.session.get(User, boss.id))
        db.session.commit()
    [event] = events()
    assert (event.actor_id, event.actor_name, event.student_id) == (None, "Marta Jefa", ana.id)
    viewer = client_as("admin")
    page = viewer.get("/admin/auditoria").get_data(as_text=True)
    assert "Marta Jefa" in page and "(cuenta eliminada)" in page


def test_membership_rows_stay_when_the_membership_goes(admin_client, ana, events, rows):
    admin_client.post("/admin/membresias/nueva", data=membership_form(ana))
    [created] = events()
    admin_client.post(f"/admin/membresias/{created.target_id}/eliminar")
    assert rows(Membership) == []
    assert [event.action for event in events()] == ["membership.create", "membership.delete"]


def test_an_admin_closing_a_students_device_or_changing_her_limit_is_audited(
    app, admin_client, client_as
):
    student = client_as("student", email="movil@example.com", full_name="Mora Móvil")
    with app.app_context():
        device = db.session.scalar(
            sa.select(DeviceSession).where(DeviceSession.user_id == student.user.id)
        )
    response = admin_client.post(
        f"/admin/usuarios/{student.user.id}/dispositivos/{device.id}/cerrar"
    )
    assert response.status_code == 302
    page = admin_client.get(f"/admin/auditoria?alumna={student.user.id}").get_data(as_text=True)
    assert "Sesión de un dispositivo cerrada" in page and "Mora Móvil" in page


def test_an_admin_changing_a_students_device_limit_is_audited(app, admin_client, make_user):
    user = make_user(full_name="Lucía Fernández", email="lucia@example.com")
    form = {"full_name": "Lucía Fernández", "email": "lucia@example.com", "role": "USER"}
    for limit in ("4", "4", ""):  # the second save changes nothing: no row
        admin_client.post(f"/admin/usuarios/{user.id}/editar", data={**form, "device_limit": limit})
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AuditEvent.summary)
            .where(AuditEvent.action == "account.device_limit")
            .order_by(AuditEvent.id)
        ).all()
    assert rows == ["el de los ajustes → 4", "4 → el de los ajustes"]
