"""The admin lists make a fixed number of SQL queries, whatever their length."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import (
    Course,
    Enrollment,
    LessonProgress,
    Membership,
    Payment,
    PaymentMethod,
    User,
    utcnow,
)
from tests.admin.conftest import counting_queries

LISTS = [
    ("/admin/usuarios", r'href="/admin/usuarios/\d+"'),
    ("/admin/inscripciones", r'href="/admin/usuarios/\d+"'),
    ("/admin/membresias", r'href="/admin/usuarios/\d+"'),
    ("/admin/cursos/{course}/alumnos", r"<progress "),
    ("/admin/cursos", r'href="/admin/cursos/\d+/editar"'),
    ("/admin/pagos", r'href="/admin/pagos/\d+/editar"'),
]


def add_students(app, course_ids: list[int], start: int, stop: int) -> None:
    """Students `start`..`stop - 1`, each with an enrollment (in varied states), progress
    and a membership, and a course for every tenth: rows for every list to show."""
    now = utcnow()
    with app.app_context():
        for number in range(start, stop):
            user = User(email=f"alumno{number}@example.com", full_name=f"Alumno {number}")
            db.session.add(user)
            db.session.flush()
            course = db.session.get(Course, course_ids[number % len(course_ids)])
            enrollment = Enrollment(
                user_id=user.id,
                course_id=course.id,
                expires_at=now + timedelta(days=number - 50),
                is_active=number % 7 != 0,
            )
            db.session.add(enrollment)
            db.session.flush()
            db.session.add(
                Payment(
                    user_id=user.id,
                    enrollment_id=enrollment.id if number % 3 else None,
                    paid_on=now.date() - timedelta(days=number % 40),
                    amount=Decimal(number) + Decimal("0.50"),
                    currency=("MXN", "ARS")[number % 2],
                    method=PaymentMethod.TRANSFER,
                    receipt_public_id=f"receipts/recibo-{number}" if number % 5 == 0 else None,
                    voided_at=now if number % 11 == 0 else None,
                    voided_by_id=user.id if number % 11 == 0 else None,
                )
            )
            db.session.add(
                LessonProgress(
                    user_id=user.id,
                    course_id=course.id,
                    lesson_id=course.lessons[0].id,
                    completed=True,
                )
            )
            db.session.add(
                Membership(
                    user_id=user.id,
                    start_date=now - timedelta(days=1),
                    end_date=now + timedelta(days=number + 1),
                    is_active=number % 4 != 0,
                )
            )
            if number % 10 == 0:
                db.session.add(Course(title=f"Curso extra {number}", slug=f"extra-{number}"))
        db.session.commit()


@pytest.mark.parametrize(("path", "row_pattern"), LISTS)
def test_same_number_of_queries_with_5_and_100_rows(
    app_factory, client_as, make_course, path, row_pattern
):
    app = app_factory(ADMIN_PAGE_SIZE=500)  # every row on one page
    client = client_as("admin", app=app)
    courses = [make_course(lessons=2) for _ in range(2)]
    url = path.format(course=courses[0].id)

    def measure() -> tuple[int, int]:
        with counting_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        return len(statements), len(re.findall(row_pattern, response.get_data(as_text=True)))

    add_students(app, [course.id for course in courses], 0, 5)
    few_queries, few_rows = measure()
    add_students(app, [course.id for course in courses], 5, 100)
    many_queries, many_rows = measure()
    assert many_rows >= 10 * max(few_rows, 1) or path == "/admin/cursos"
    assert many_rows > few_rows
    print(f"{url}: {few_rows} rows -> {few_queries} queries, {many_rows} rows -> {many_queries}")
    assert few_queries == many_queries, f"{url}: {few_queries} vs {many_queries} queries"
