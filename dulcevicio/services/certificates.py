"""Certificates of completion: issued by the lesson save that completes a course, named by
the student once, checked by anyone with the code; revoked, restored and renamed by admins.

Codes are 12 characters of Crockford's base 32 (60 bits), printed "K7QM-4XD2-9PZC"; what
people type is read loosely (case, spaces, dashes, O for 0, I or L for 1).
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dulcevicio.extensions import db
from dulcevicio.models import (
    Certificate,
    Course,
    Lesson,
    LessonProgress,
    NotificationKind,
    Settings,
    User,
    utcnow,
)
from dulcevicio.services import audit, notifications, settings
from dulcevicio.services.search.contains import contains_text
from dulcevicio.services.settings import SETTINGS_ID
from dulcevicio.services.upsert import insert
from dulcevicio.statements import prepared
from dulcevicio.text import drop_control_characters

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
MAX_NAME = 120


class CertificateRefused(ValueError):
    """A change an admin or student may not make; Spanish message."""


# --- codes ---------------------------------------------------------------------------------


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(text: str | None) -> str | None:
    """`text` as a code, or None if it cannot be one (a malformed code and an unknown one
    then answer alike)."""
    raw = "".join((text or "").upper().split()).replace("-", "").translate(_READ_AS)
    if len(raw) != CODE_LENGTH or any(char not in ALPHABET for char in raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def find(code_text: str | None) -> Certificate | None:
    """The certificate a typed code names, with its course loaded. The stored code is
    compared in constant time once the index has found its row."""
    found = _found(code_text, with_versions=False)
    return found[0] if found else None


def find_for_pdf(code_text: str | None) -> tuple[Certificate, str] | None:
    """The certificate and the version of what else its PDF prints (the last change of
    its course and of the business settings), in one query: a cached PDF is sent after
    it and nothing more."""
    return _found(code_text, with_versions=True)


def _found(code_text: str | None, *, with_versions: bool):
    code = normalize_code(code_text)
    if code is None:
        return None
    row = db.session.execute(_by_code(with_versions), {"code": code}).first()
    if row is None or not hmac.compare_digest(row[0].code, code):
        return None
    certificate = row[0]
    if not with_versions:
        return certificate, ""
    return certificate, "/".join(when.isoformat() if when else "-" for when in row[1:])


@prepared
def _by_code(with_versions: bool) -> sa.Select:
    """By code: with its course (the pages show it), or, for the PDF, with the times its
    course and the settings last changed (the course loads only if the PDF is drawn)."""
    if not with_versions:
        return (
            sa.select(Certificate)
            .where(Certificate.code == sa.bindparam("code"))
            .options(joinedload(Certificate.course))
        )
    course_changed = sa.select(Course.updated_at).where(Course.id == Certificate.course_id)
    settings_changed = sa.select(Settings.updated_at).where(Settings.id == SETTINGS_ID)
    return sa.select(
        Certificate, course_changed.scalar_subquery(), settings_changed.scalar_subquery()
    ).where(Certificate.code == sa.bindparam("code"))


# --- issuing -------------------------------------------------------------------------------


def _hours() -> sa.ColumnElement[int]:
    """The certificate's hours: the course's own, else its estimated duration rounded up
    to whole hours, else 1."""
    estimated = (sa.func.coalesce(Course.estimated_duration_minutes, 0) + 59) // 60
    return sa.func.coalesce(Course.certificate_hours, sa.func.nullif(estimated, 0), 1)


def hours_for(course: Course) -> int:
    if course.certificate_hours is not None:
        return course.certificate_hours
    return max(1, -(-(course.estimated_duration_minutes or 0) // 60))


def issue_if_complete(user_id: int, course_id: int, now: datetime | None = None) -> bool:
    """Issue her certificate if every active lesson of the course is completed and the
    course gives one; once (the unique student-and-course pair). One statement that is
    also the completion check, run by the save that completed a lesson, in its
    transaction (and, only when it issued one, the notification that tells her). Whether
    a certificate was issued now."""
    now = now or utcnow()
    done = (
        sa.select(LessonProgress.id)
        .where(
            LessonProgress.lesson_id == Lesson.id,
            LessonProgress.user_id == User.id,
            LessonProgress.completed,
        )
        .exists()
    )
    pending = sa.select(Lesson.id).where(
        Lesson.course_id == Course.id, Lesson.is_active, sa.not_(done)
    )
    # One row: the student and the course (each picked by its id), joined on nothing else.
    rows = (
        sa.select(
            sa.literal(new_code()),
            User.id,
            Course.id,
            Course.title,
            sa.func.substr(User.display_name, 1, MAX_NAME),
            _hours(),
            sa.literal(now, Certificate.issued_at.type),
            sa.literal(1),
            sa.literal(""),
        )
        .select_from(sa.join(User, Course, sa.true()))
        .where(
            User.id == user_id,
            Course.id == course_id,
            Course.certificate_enabled,
            sa.exists(sa.select(Lesson.id).where(Lesson.course_id == Course.id, Lesson.is_active)),
            sa.not_(pending.exists()),
        )
    )
    columns = [
        "code",
        "user_id",
        "course_id",
        "course_title",
        "printed_name",
        "hours",
        "issued_at",
        "revision",
        "revoked_reason",
    ]
    # RETURNING gives a row back only when one was inserted: the rowcount of an ORM
    # INSERT ... SELECT is not reliable on every driver (psycopg reports none).
    statement = (
        insert(Certificate)
        .from_select(columns, rows)
        .on_conflict_do_nothing(index_elements=["user_id", "course_id"])
        .returning(Certificate.id)
    )
    issued = db.session.execute(statement).first()
    if issued is None:
        return False
    notifications.notify(
        NotificationKind.CERTIFICATE,
        [user_id],
        actor_id=None,
        target_type="certificate",
        target_id=issued.id,
        course_id=course_id,
        now=now,
    )
    return True


def issue_missing() -> int:
    """`flask issue-certificates`: every certificate already earned and not issued (those
    who completed courses before certificates existed). Safe to run again."""
    pairs = db.session.execute(
        sa.select(LessonProgress.user_id, LessonProgress.course_id)
        .where(LessonProgress.completed)
        .distinct()
        .except_(sa.select(Certificate.user_id, Certificate.course_id))
    ).all()
    issued = sum(issue_if_complete(user_id, course_id) for user_id, course_id in pairs)
    db.session.flush()
    return issued


# --- the student's own -------------------------------------------------------------------


def of_student(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def codes_for(user: User, course_ids: list[int]) -> dict[int, str]:
    """{course id: code} of her certificates (not revoked) in those courses."""
    rows = db.session.execute(
        sa.select(Certificate.course_id, Certificate.code).where(
            Certificate.user_id == user.id,
            Certificate.course_id.in_(course_ids),
            Certificate.revoked_at.is_(None),
        )
    )
    return dict(rows.all())


def clean_name(name: str) -> str:
    name = " ".join(drop_control_characters(name or "").split())
    if not name:
        raise CertificateRefused("Escribe el nombre que irá en el certificado.")
    if len(name) > MAX_NAME:
        raise CertificateRefused(f"El nombre puede tener hasta {MAX_NAME} caracteres.")
    return name


def confirm_name(certificate: Certificate, name: str, now: datetime | None = None) -> None:
    """Her one chance to set the printed name; afterwards only an admin changes it."""
    if certificate.name_confirmed_at is not None:
        raise CertificateRefused(
            "El nombre de este certificado ya está confirmado. Si hay un error, escríbenos."
        )
    name = clean_name(name)
    if name != certificate.printed_name:
        certificate.printed_name = name
        certificate.revision += 1
    certificate.name_confirmed_at = now or utcnow()
    db.session.flush()


# --- admins --------------------------------------------------------------------------------


def rename(certificate: Certificate, name: str) -> None:
    """An admin corrects the printed name: same code, a new revision, audited."""
    name = clean_name(name)
    if name == certificate.printed_name:
        return
    before = certificate.printed_name
    certificate.printed_name = name
    certificate.name_confirmed_at = certificate.name_confirmed_at or utcnow()
    certificate.revision += 1
    db.session.flush()
    audit.record(
        "certificate.rename",
        target=certificate,
        student=certificate.user_id,
        summary=f"{before} → {name}",
    )


def revoke(certificate: Certificate, reason: str, now: datetime | None = None) -> None:
    reason = " ".join(drop_control_characters(reason or "").split())
    if not reason:
        raise CertificateRefused("Escribe por qué se revoca el certificado.")
    if len(reason) > 300:
        raise CertificateRefused("El motivo puede tener hasta 300 caracteres.")
    if certificate.revoked:
        raise CertificateRefused("Este certificado ya está revocado.")
    certificate.revoked_at = now or utcnow()
    certificate.revoked_reason = reason
    db.session.flush()
    audit.record(
        "certificate.revoke", target=certificate, student=certificate.user_id, summary=reason
    )


def restore(certificate: Certificate) -> None:
    if not certificate.revoked:
        raise CertificateRefused("Este certificado no está revocado.")
    certificate.revoked_at = None
    certificate.revoked_reason = ""
    db.session.flush()
    audit.record(
        "certificate.restore",
        target=certificate,
        student=certificate.user_id,
        summary="revocado → válido",
    )


def issued_since(start: datetime) -> int:
    """How many certificates were issued since `start` (the overview's month)."""
    return db.session.scalar(
        sa.select(sa.func.count(Certificate.id)).where(Certificate.issued_at >= start)
    )


def signatory_for(course: Course | None) -> tuple[str, str, str | None]:
    """(name, title, signature public_id) of whoever signs the course's certificates. The
    signatory is a pair: the course's own when it names one, else the business settings'
    (a course's title never goes under the business's name); the signature is only ever
    the course's."""
    signature = course.signature_public_id if course is not None else None
    if course is not None and course.signatory_name:
        return course.signatory_name, course.signatory_title, signature
    business = settings.current()
    return business.signatory_name, business.signatory_title, signature


# --- the admin list -------------------------------------------------------------------------

VALID, REVOKED = "validos", "revocados"


def list_query(
    *, course_id: int | None = None, state: str | None = None, search: str | None = None
) -> sa.Select:
    """Certificates newest first with their student (one query a page). `state`: VALID,
    REVOKED or anything else for all; `search` matches the printed name or her e-mail."""
    query = (
        sa.select(Certificate)
        .join(Certificate.user)
        .options(joinedload(Certificate.user))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    if course_id:
        query = query.where(Certificate.course_id == course_id)
    if state == VALID:
        query = query.where(Certificate.revoked_at.is_(None))
    elif state == REVOKED:
        query = query.where(Certificate.revoked_at.is_not(None))
    matches = contains_text((Certificate.printed_name, User.email), search)
    return query if matches is None else query.where(matches)
