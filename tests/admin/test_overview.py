"""Admin overview: counts, money recorded, renewals due and what ends in the next seven days."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from dulcevicio.extensions import db
from dulcevicio.models import Enrollment, Membership, Payment, PaymentMethod, utcnow
from dulcevicio.services import periods
from tests.admin.conftest import counting_queries


def section(html: str, heading_id: str) -> str:
    return re.search(rf'aria-labelledby="{heading_id}".*?</section>', html, re.S).group(0)


def test_lists_what_ends_within_seven_days(
    app, admin_client, make_user, make_course, grant, make_membership, fetch
):
    now = utcnow()
    course = make_course(title="Panes")
    soon = grant(make_user(full_name="Vence Pronto"), course, expires_at=now + timedelta(days=3))
    grant(make_user(full_name="Vence Luego"), course, expires_at=now + timedelta(days=8))
    grant(make_user(full_name="Ya Vencida"), course, expires_at=now - timedelta(hours=1))
    grant(make_user(full_name="Sin Fin"), course)
    grant(
        make_user(full_name="Revocada Pronto"),
        course,
        expires_at=now + timedelta(days=2),
        is_active=False,
    )
    member = make_membership(
        make_user(full_name="Socia Pronto"), now - timedelta(days=1), now + timedelta(days=6)
    )
    make_membership(make_user(full_name="Socia Luego"), now, now + timedelta(days=30))
    make_membership(
        make_user(full_name="Socia Inactiva"), now, now + timedelta(days=2), is_active=False
    )

    html = admin_client.get("/admin/").get_data(as_text=True)
    enrollments = section(html, "por-vencer-inscripciones")
    memberships = section(html, "por-vencer-membresias")
    assert re.findall(r'/admin/usuarios/\d+">([^<]+)</a>', enrollments) == ["Vence Pronto"]
    assert re.findall(r'/admin/usuarios/\d+">([^<]+)</a>', memberships) == ["Socia Pronto"]
    assert f'action="/admin/inscripciones/{soon.id}/extender"' in enrollments
    assert f'action="/admin/membresias/{member.id}/extender"' in memberships

    # Extending from the overview comes back to it and takes the row off the list.
    response = admin_client.post(
        f"/admin/inscripciones/{soon.id}/extender", data={"days": "30", "next": "/admin/"}
    )
    assert response.headers["Location"] == "/admin/"
    assert fetch(Enrollment, id=soon.id).expires_at > now + timedelta(days=30)
    admin_client.post(
        f"/admin/membresias/{member.id}/extender", data={"days": "30", "next": "/admin/"}
    )
    assert fetch(Membership, id=member.id).end_date > now + timedelta(days=30)
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "Ninguna inscripción vence esta semana." in html
    assert "Ninguna membresía vence esta semana." in html


def test_overview_makes_a_fixed_number_of_queries(app, admin_client, make_user, make_course, grant):
    course = make_course()
    with counting_queries(app) as few:
        admin_client.get("/admin/")
    for _ in range(6):
        grant(make_user(), course, expires_at=utcnow() + timedelta(days=2))
    with counting_queries(app) as many:
        html = admin_client.get("/admin/").get_data(as_text=True)
    assert html.count("/extender") == 6
    assert len(few) == len(many)


def test_the_overview_shows_the_money_and_the_renewals_due(
    app, admin_client, make_user, make_course, grant
):
    student = make_user(email="ana@example.com")
    grant(student, make_course(), expires_at=utcnow() + timedelta(days=2))
    with app.app_context():
        today = periods.today()
        last_month = today.replace(day=1) - timedelta(days=1)
        for day, amount, currency, void in [
            (today, "100.25", "MXN", False),
            (today, "50.25", "MXN", False),
            (today, "999", "MXN", True),  # voided: not money received
            (today, "3000", "ARS", False),
            (last_month, "70", "MXN", False),
        ]:
            db.session.add(
                Payment(
                    user_id=student.id,
                    paid_on=day,
                    amount=Decimal(amount),
                    currency=currency,
                    method=PaymentMethod.CASH,
                    voided_at=utcnow() if void else None,
                )
            )
        db.session.commit()
    page = admin_client.get("/admin/").get_data(as_text=True)
    this_month = page.split("Cobrado este mes")[0].rsplit('class="card stat-card', 1)[1]
    assert "150.50\xa0MXN" in this_month and "3.000,00\xa0ARS" in this_month
    assert "999" not in this_month
    last = page.split("Cobrado el mes pasado")[0].rsplit('class="card stat-card', 1)[1]
    assert "70.00\xa0MXN" in last
    assert 'href="/admin/alumnas/nueva"' in page and 'href="/admin/renovaciones"' in page
    due = page.split("Renovaciones esta semana")[0].rsplit('class="stat-value mb-0">', 1)[1]
    assert due.startswith("1<")
