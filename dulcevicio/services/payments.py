"""Payments made outside the app (transfer, Mercado Pago, Yape, cash...), as admins record
them. The app moves no money: a row says who paid how much, when, how, and for which grant.

Amounts are Decimal with two places, never floats. A mistaken payment is voided, not
deleted: the row stays, marked with who voided it and when, and leaves the totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import (
    Course,
    Enrollment,
    Membership,
    Payment,
    PaymentMethod,
    User,
    utcnow,
)
from dulcevicio.routing import parse_id
from dulcevicio.services import audit, settings, users
from dulcevicio.services.access import membership_in_force
from dulcevicio.services.media import images
from dulcevicio.services.storage import MediaKind, delete_after_commit, save_file

MAX_AMOUNT = Decimal("9999999999.99")  # Numeric(12, 2)
_AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
MEMBERSHIP_LABEL = "Membresía (todos los cursos)"


class PaymentRejected(ValueError):
    """The payment cannot be recorded as given; the message is for the admin (Spanish)."""


def parse_amount(text: str | None) -> Decimal:
    """ "1200", "1200.50" or "1200,50" as a Decimal; raises PaymentRejected."""
    compact = re.sub(r"[\s$]", "", text or "")
    if not compact:
        raise PaymentRejected("Escribe el monto.")
    if compact.startswith("-"):
        raise PaymentRejected("El monto debe ser mayor que cero.")
    if re.fullmatch(r"\d+[.,]\d{3,}", compact):
        raise PaymentRejected("El monto admite como máximo dos decimales.")
    if not _AMOUNT.match(compact):
        raise PaymentRejected(
            "Escribe el monto solo con números, sin separador de miles y con hasta dos "
            "decimales: 1200 o 1200.50."
        )
    try:
        amount = Decimal(compact.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern already checked it
        raise PaymentRejected("Escribe el monto solo con números.") from error
    if amount <= 0:
        raise PaymentRejected("El monto debe ser mayor que cero.")
    if amount > MAX_AMOUNT:
        raise PaymentRejected("El monto es demasiado grande.")
    return amount.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class PaymentDetails:
    paid_on: date
    amount: Decimal
    currency: str
    method: PaymentMethod
    reference: str = ""
    note: str = ""


Grant = Enrollment | Membership


def record_payment(
    user: User,
    details: PaymentDetails,
    *,
    grant: Grant | None,
    recorded_by: User,
    receipt: BinaryIO | bytes | None = None,
) -> Payment:
    """A new payment row (flushed, not committed); raises PaymentRejected, ImageRejected
    or StorageError and then stores nothing."""
    payment = Payment(user=user, recorded_by=recorded_by)
    _fill(payment, details, grant)
    if receipt is not None:
        _store_receipt(payment, receipt)
    db.session.add(payment)
    db.session.flush()
    if audit.recording():  # the words cost queries the demo seed's thousands can skip
        audit.record(
            "payment.record",
            target=payment,
            student=user,
            summary=f"{audit.change(audit.NONE, _in_words(payment))} · {grant_label(grant)}",
        )
    return payment


def update_payment(
    payment: Payment,
    details: PaymentDetails,
    *,
    grant: Grant | None,
    receipt: BinaryIO | bytes | None = None,
    remove_receipt: bool = False,
) -> None:
    if payment.is_void:
        raise PaymentRejected("El pago está anulado: ya no se puede editar.")
    before, old_receipt = _fields_in_words(payment), payment.receipt_public_id
    _fill(payment, details, grant)
    if receipt is not None:
        _store_receipt(payment, receipt)
    elif remove_receipt:
        delete_after_commit(MediaKind.RECEIPT, payment.receipt_public_id)
        payment.receipt_public_id = None
    db.session.flush()
    _audit_edit(payment, before, old_receipt)


def _audit_edit(payment: Payment, before: list[tuple[str, str]], old_receipt: str | None) -> None:
    """One audit row naming what the edit changed (none when nothing did)."""
    after = _fields_in_words(payment)
    changes = [(label, old, new) for (label, old), (_, new) in zip(before, after, strict=True)]
    words = [audit.field_changes(changes)]
    new_receipt = payment.receipt_public_id
    if new_receipt != old_receipt:
        done = "agregado" if old_receipt is None else "quitado" if new_receipt is None else None
        words.append(f"Comprobante: {done or 'reemplazado'}")
    summary = "; ".join(word for word in words if word)
    if summary:
        audit.record("payment.edit", target=payment, student=payment.user_id, summary=summary)


def void_payment(payment: Payment, by: User) -> None:
    """Mark the payment void (it stays, out of the totals)."""
    if payment.is_void:
        raise PaymentRejected("El pago ya estaba anulado.")
    payment.voided_at, payment.voided_by = utcnow(), by
    db.session.flush()
    audit.record(
        "payment.void",
        target=payment,
        student=payment.user_id,
        summary=f"{_in_words(payment)}: {audit.change('registrado', 'anulado')}",
    )


def _in_words(payment: Payment) -> str:
    """ "1,200.00 MXN por Transferencia, 3 de diciembre de 2026"."""
    amount = settings.money(payment.amount, payment.currency)
    return f"{amount} por {payment.method.label}, {long_date(payment.paid_on)}"


def _fields_in_words(payment: Payment) -> list[tuple[str, str]]:
    """What an edit can change, as the audit log words it."""
    return [
        ("Monto", settings.money(payment.amount, payment.currency)),
        ("Fecha", long_date(payment.paid_on)),
        ("Medio", payment.method.label),
        ("Referencia", payment.reference),
        ("Nota", audit.clip(payment.note, 60)),
        ("Pagó por", grant_label(payment.enrollment or payment.membership)),
    ]


def _fill(payment: Payment, details: PaymentDetails, grant: Grant | None) -> None:
    if not settings.is_currency(details.currency):
        raise PaymentRejected("Elige una moneda de la lista.")
    if not isinstance(details.amount, Decimal) or not 0 < details.amount <= MAX_AMOUNT:
        raise PaymentRejected("El monto debe ser mayor que cero.")
    if grant is not None and grant.user_id != payment.user.id:
        raise PaymentRejected("Ese acceso es de otra persona.")
    payment.paid_on, payment.amount = details.paid_on, details.amount
    payment.currency, payment.method = details.currency, details.method
    payment.reference, payment.note = details.reference.strip(), details.note.strip()
    payment.enrollment = grant if isinstance(grant, Enrollment) else None
    payment.membership = grant if isinstance(grant, Membership) else None


def _store_receipt(payment: Payment, upload: BinaryIO | bytes) -> None:
    image = images.normalize_photo(upload)
    stored = save_file(image.data, MediaKind.RECEIPT, "jpg")
    delete_after_commit(MediaKind.RECEIPT, payment.receipt_public_id)
    payment.receipt_public_id = stored.public_id


# --- What a payment is for ----------------------------------------------------------------
# A payment names what it paid for as a course ("curso-3": her one enrollment in it) or her
# membership ("membresia": the one in force, else her latest), so a form can offer the
# choices before it knows the student.

MEMBERSHIP_KEY = "membresia"


def grant_choices() -> list[tuple[str, str]]:
    courses = db.session.execute(
        sa.select(Course.id, Course.title).order_by(Course.position, Course.id)
    )
    return [(MEMBERSHIP_KEY, MEMBERSHIP_LABEL)] + [
        (f"curso-{course_id}", f"Curso: {title}") for course_id, title in courses
    ]


def grant_key(grant: Grant | None) -> str:
    if grant is None:
        return ""
    return f"curso-{grant.course_id}" if isinstance(grant, Enrollment) else MEMBERSHIP_KEY


def find_grant(user: User, key: str | None) -> Grant | None:
    """The student's grant that `key` names; PaymentRejected when she has none such."""
    if not key:
        return None
    if key == MEMBERSHIP_KEY:
        membership = db.session.scalar(
            sa.select(Membership)
            .where(Membership.user_id == user.id)
            .order_by(membership_in_force(utcnow()).desc(), Membership.end_date.desc())
            .limit(1)
        )
        if membership is None:
            raise PaymentRejected(f"{user.display_name} no tiene ninguna membresía.")
        return membership
    course_id = parse_id(key.removeprefix("curso-")) if key.startswith("curso-") else None
    enrollment = course_id and db.session.scalar(
        sa.select(Enrollment).where(
            Enrollment.user_id == user.id, Enrollment.course_id == course_id
        )
    )
    if not enrollment:
        raise PaymentRejected(
            f"{user.display_name} no está inscrita en ese curso: inscríbela primero o deja "
            "el pago sin asociar."
        )
    return enrollment


def grant_label(grant: Grant | None) -> str:
    if grant is None:
        return "—"
    return grant.course.title if isinstance(grant, Enrollment) else MEMBERSHIP_LABEL


# --- Lists and totals ----------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentFilters:
    month: date | None = None  # the first day of a month
    method: PaymentMethod | None = None
    search: str | None = None  # the student's name, e-mail or username
    course_id: int | None = None


def _filtered(query: sa.Select, filters: PaymentFilters) -> sa.Select:
    """`query` (over payments) narrowed by the filters; it joins the students and the
    enrollments only when a filter needs them, so a plain list counts rows cheaply."""
    if filters.month is not None:
        query = query.where(
            Payment.paid_on >= filters.month, Payment.paid_on < _next_month(filters.month)
        )
    if filters.method is not None:
        query = query.where(Payment.method == filters.method)
    if (search := users.search_clause(filters.search)) is not None:
        query = query.join(User, User.id == Payment.user_id).where(search)
    if filters.course_id is not None:
        query = query.join(Enrollment, Enrollment.id == Payment.enrollment_id).where(
            Enrollment.course_id == filters.course_id
        )
    return query


def list_query(filters: PaymentFilters) -> sa.Select:
    """Payments newest first with the student, the grant and its course (one query a page,
    and a count over the payments alone)."""
    query = sa.select(Payment).options(
        joinedload(Payment.user),
        joinedload(Payment.enrollment).joinedload(Enrollment.course),
        joinedload(Payment.membership),
        joinedload(Payment.voided_by),
    )
    return _filtered(query, filters).order_by(Payment.paid_on.desc(), Payment.id.desc())


def totals(filters: PaymentFilters) -> list[tuple[str, Decimal, int]]:
    """(currency, total, number of payments) of the filtered payments, voided ones left out."""
    query = (
        sa.select(Payment.currency, sa.func.sum(Payment.amount), sa.func.count(Payment.id))
        .where(Payment.voided_at.is_(None))
        .group_by(Payment.currency)
        .order_by(Payment.currency)
    )
    return [
        (currency, Decimal(total).quantize(Decimal("0.01")), count)
        for currency, total, count in db.session.execute(_filtered(query, filters))
    ]


def month_totals(today: date) -> dict[str, list[tuple[str, Decimal, int]]]:
    """This month's and last month's money per currency (one query), for the overview."""
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    month = sa.case((Payment.paid_on >= this_month, "this"), else_="last")
    query = (
        sa.select(month, Payment.currency, sa.func.sum(Payment.amount), sa.func.count(Payment.id))
        .where(
            Payment.voided_at.is_(None),
            Payment.paid_on >= last_month,
            Payment.paid_on < _next_month(this_month),
        )
        .group_by(month, Payment.currency)
        .order_by(Payment.currency)
    )
    result: dict[str, list] = {"this": [], "last": []}
    for which, currency, total, count in db.session.execute(query):
        result[which].append((currency, Decimal(total).quantize(Decimal("0.01")), count))
    return result


def _next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
