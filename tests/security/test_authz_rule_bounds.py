"""The access rule's time bounds, through HTTP, with the clock moved by time-machine.

Bounds (SPEC, "The access rule"): a membership is in force from start_date INCLUSIVE to
end_date EXCLUSIVE (start_date <= now < end_date); an enrollment until expires_at EXCLUSIVE
(now < expires_at). So at the very instant of start_date the member is in, and at the very
instant of end_date or expires_at the student is out. (The admin forms store an end date as
the last microsecond of the chosen local day, so "vence el 12" still holds all day long.)

Each case asks at one second before, at, and one second after the bound: a lesson page that
is not a preview (the rule in Python) and "Mis cursos" (the same rule as a SQL query).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from dulcevicio.extensions import db
from dulcevicio.models import Lesson

BOUND = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
MONTH = timedelta(days=30)

CASES = [
    # (what the bound is, offset from it, whether the student has access)
    ("enrollment expires_at", -SECOND, True),
    ("enrollment expires_at", timedelta(0), False),  # end exclusive
    ("enrollment expires_at", SECOND, False),
    ("membership start_date", -SECOND, False),
    ("membership start_date", timedelta(0), True),  # start inclusive
    ("membership start_date", SECOND, True),
    ("membership end_date", -SECOND, True),
    ("membership end_date", timedelta(0), False),  # end exclusive
    ("membership end_date", SECOND, False),
]


@pytest.mark.parametrize(
    ("bound", "offset", "has_access"),
    CASES,
    ids=[f"{bound.split()[1]}{offset.total_seconds():+.0f}s" for bound, offset, _ in CASES],
)
def test_access_at_the_bound(
    app,
    client_as,
    make_user,
    make_course,
    grant,
    make_membership,
    figures,
    bound,
    offset,
    has_access,
):
    student = make_user(email="alumna@example.com")
    course = make_course(title="Curso con Reloj", lessons=2)
    if bound == "enrollment expires_at":
        grant(student, course, expires_at=BOUND)
    elif bound == "membership start_date":
        make_membership(student, BOUND, BOUND + MONTH)
    else:
        make_membership(student, BOUND - MONTH, BOUND)
    with app.app_context():
        locked = db.session.scalar(
            sa.select(Lesson.id).where(Lesson.course_id == course.id, ~Lesson.is_preview)
        )
    # Logged in a day earlier: the session cookie must be older than every instant asked.
    with time_machine.travel(BOUND - timedelta(days=1), tick=False):
        client = client_as(student)
    with time_machine.travel(BOUND + offset, tick=False):
        lesson = client.get(f"/cursos/{course.slug}/lecciones/{locked}")
        dashboard = client.get("/mis-cursos").get_data(as_text=True)
    assert lesson.status_code == (200 if has_access else 403)
    # With access the dashboard leads into the lessons; a course whose access ended stays
    # there locked, without that way in.
    assert (f"/cursos/{course.slug}/lecciones/" in dashboard) is has_access
    figures.add("Authorization matrix", "boundary cases", 1)
