"""CSV exports for spreadsheets: students, enrollments, memberships, payments, progress.

UTF-8 with a BOM (so Excel reads the accents), Spanish headers, dates in APP_TIMEZONE.
With `semicolon`, cells are separated by ";" and amounts use a decimal comma, as
spreadsheets set up for Spanish read them. A cell that begins with = + - @ or a tab is
prefixed with ' so no spreadsheet runs it as a formula. Rows are read from the database
in batches and written as they come: memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from dulcevicio.extensions import db
from dulcevicio.formatting import local_time
from dulcevicio.models import (
    Course,
    Enrollment,
    LessonProgress,
    Membership,
    Payment,
    Role,
    User,
    utcnow,
)
from dulcevicio.services import grants, phones
from dulcevicio.services.progress import progress_columns

BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    filename: str
    headers: tuple[str, ...]
    query: Callable[[], sa.Select]
    # One database row as the spreadsheet's cells (before formatting).
    cells: Callable[[sa.Row, datetime], Iterable[object]]


def _grant_word(kind: grants.GrantKind, is_active, start, end, now) -> str:
    return kind.words[grants.status_of(is_active, start, end, now)].capitalize()


def _students() -> sa.Select:
    return (
        sa.select(
            User.full_name,
            User.email,
            User.username,
            User.phone,
            User.is_active,
            User.created_at,
            User.last_login_at,
        )
        .where(User.role == Role.USER)
        .order_by(User.full_name, User.id)
    )


def _enrollments() -> sa.Select:
    return (
        sa.select(
            User.full_name,
            User.email,
            User.phone,
            Course.title,
            Enrollment.enrolled_at,
            Enrollment.expires_at,
            Enrollment.is_active,
        )
        .join(User, User.id == Enrollment.user_id)
        .join(Course, Course.id == Enrollment.course_id)
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    )


def _memberships() -> sa.Select:
    return (
        sa.select(
            User.full_name,
            User.email,
            User.phone,
            Membership.start_date,
            Membership.end_date,
            Membership.is_active,
            Membership.notes,
        )
        .join(User, User.id == Membership.user_id)
        .order_by(Membership.end_date.desc(), Membership.id.desc())
    )


def _payments() -> sa.Select:
    voider, recorder = aliased(User), aliased(User)
    return (
        sa.select(
            Payment.paid_on,
            User.full_name,
            User.email,
            Payment.amount,
            Payment.currency,
            Payment.method,
            Payment.reference,
            sa.case((Payment.membership_id.is_not(None), "Membresía"), else_=Course.title),
            Payment.note,
            Payment.voided_at,
            voider.full_name,
            recorder.full_name,
        )
        .join(User, User.id == Payment.user_id)
        .outerjoin(Enrollment, Enrollment.id == Payment.enrollment_id)
        .outerjoin(Course, Course.id == Enrollment.course_id)
        .outerjoin(voider, voider.id == Payment.voided_by_id)
        .outerjoin(recorder, recorder.id == Payment.recorded_by_id)
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    )


def _progress() -> sa.Select:
    """Every (course, student) pair with an enrollment or some progress."""
    pairs = sa.union(
        sa.select(Enrollment.course_id, Enrollment.user_id),
        sa.select(LessonProgress.course_id, LessonProgress.user_id),
    ).subquery()
    progress = progress_columns(pairs.c.user_id, pairs.c.course_id)
    return (
        sa.select(Course.title, User.full_name, User.email, *progress)
        .select_from(pairs)
        .join(Course, Course.id == pairs.c.course_id)
        .join(User, User.id == pairs.c.user_id)
        .order_by(Course.position, Course.id, User.full_name, User.id)
    )


def _percent(completed: int, total: int) -> int:
    return round(100 * completed / total) if total else 0


EXPORTS = {
    "alumnas": Export(
        "alumnas",
        ("Nombre", "Correo", "Usuario", "Teléfono", "Activa", "Cuenta creada", "Último ingreso"),
        _students,
        lambda r, now: (
            r[0],
            r[1],
            r[2] or "",
            phones.display_phone(r[3]),
            "Sí" if r[4] else "No",
            r[5],
            r[6],
        ),
    ),
    "inscripciones": Export(
        "inscripciones",
        ("Alumna", "Correo", "Teléfono", "Curso", "Inscrita el", "Vence", "Estado"),
        _enrollments,
        lambda r, now: (
            r[0],
            r[1],
            phones.display_phone(r[2]),
            r[3],
            r[4],
            r[5] or "Sin vencimiento",
            _grant_word(grants.ENROLLMENT, r[6], None, r[5], now),
        ),
    ),
    "membresias": Export(
        "membresias",
        ("Alumna", "Correo", "Teléfono", "Inicio", "Fin", "Estado", "Notas"),
        _memberships,
        lambda r, now: (
            r[0],
            r[1],
            phones.display_phone(r[2]),
            r[3],
            r[4],
            _grant_word(grants.MEMBERSHIP, r[5], r[3], r[4], now),
            r[6],
        ),
    ),
    "pagos": Export(
        "pagos",
        (
            "Fecha",
            "Alumna",
            "Correo",
            "Monto",
            "Moneda",
            "Medio",
            "Referencia",
            "Pagó por",
            "Nota",
            "Anulado el",
            "Anulado por",
            "Registrado por",
        ),
        _payments,
        lambda r, now: (
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5].label,
            r[6],
            r[7] or "",
            r[8],
            r[9],
            r[10] or "",
            r[11] or "",
        ),
    ),
    "progreso": Export(
        "progreso",
        (
            "Curso",
            "Alumna",
            "Correo",
            "Lecciones completadas",
            "Lecciones",
            "Avance %",
            "Última actividad",
        ),
        _progress,
        lambda r, now: (r[0], r[1], r[2], r[3], r[4], _percent(r[3], r[4]), r[5]),
    ),
}


def _cell(value: object, semicolon: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = f"{value:.2f}"
        return text.replace(".", ",") if semicolon else text
    if isinstance(value, bool):
        return "Sí" if value else "No"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows_as_csv(kind: str, semicolon: bool = False) -> Iterator[str]:
    """The export `kind` as chunks of CSV text, the first starting with the BOM."""
    export = EXPORTS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow(export.headers)
    yield "\ufeff" + _drain(buffer)
    now = utcnow()
    result = db.session.execute(export.query().execution_options(yield_per=BATCH))
    for batch in result.partitions():
        for row in batch:
            writer.writerow([_cell(value, semicolon) for value in export.cells(row, now)])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
