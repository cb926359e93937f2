"""Garbage in the admin's URLs and forms: a 404 or a form error, never a 500."""

from __future__ import annotations

import pytest

from dulcevicio.models import Enrollment, Membership
from tests.admin.conftest import field_errors
from tests.helpers import admin_urls, count_rows

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(("method", "url"), [(m, u) for m, u in admin_urls() if "/1" in u])
def test_ids_no_row_can_have_are_404(admin_client, method, url):
    assert admin_client.open(url.replace("/1", "/" + HUGE), method=method).status_code == 404
    assert admin_client.open(url.replace("/1", "/0"), method=method).status_code == 404


@pytest.mark.parametrize(
    "query",
    [f"?usuario={HUGE}", "?usuario=-1", "?usuario=abc", f"?curso={HUGE}", "?curso=x"],
)
def test_prefill_parameters_are_forgiving(admin_client, query):
    assert admin_client.get("/admin/inscripciones/nueva" + query).status_code == 200
    assert admin_client.get("/admin/membresias/nueva" + query).status_code == 200


def test_far_off_dates_are_form_errors(app, admin_client, make_user, make_course):
    student, course = make_user(email="ana@example.com"), make_course()
    enrollment = admin_client.post(
        "/admin/inscripciones/nueva",
        data={
            "user": student.email,
            "course": course.id,
            "duration": "date",
            "expires_on": "9999-12-31",
        },
    )
    message = "Elige una fecha entre el año 2000 y el 2100."
    assert message in field_errors(enrollment.get_data(as_text=True))
    membership = admin_client.post(
        "/admin/membresias/nueva",
        data={"user": student.email, "start_date": "9999-12-31", "duration": "365"},
    )
    assert message in field_errors(membership.get_data(as_text=True))
    assert count_rows(app, Enrollment) == count_rows(app, Membership) == 0


def test_huge_numbers_in_forms(app, admin_client, make_user, make_course, grant):
    course = make_course()
    enrollment = grant(make_user(), course)
    response = admin_client.post(
        "/admin/inscripciones/nueva", data={"user": "x", "course": HUGE, "duration": "30"}
    )
    assert "Opción inválida." in field_errors(response.get_data(as_text=True))
    extend = admin_client.post(
        f"/admin/inscripciones/{enrollment.id}/extender", data={"days": HUGE}
    )
    assert extend.status_code == 302
    filtered = admin_client.get(f"/admin/inscripciones?course={HUGE}&page={HUGE}")
    assert filtered.status_code == 200
