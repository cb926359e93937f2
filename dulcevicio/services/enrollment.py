"""Per-course enrollments: grant one course to one student or to many, revoke.

Status, extension and the admin lists are every grant's (services/grants.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from dulcevicio.extensions import db
from dulcevicio.models import Course, Enrollment, User, utcnow
from dulcevicio.services import audit, grants
from dulcevicio.services.grants import GrantStatus
from dulcevicio.services.upsert import insert

BULK_MAX_EMAILS = 500


def _grant_statement(user_ids: list[int], course_id: int, changes: dict, now: datetime):
    rows = [
        {"user_id": user_id, "course_id": course_id, "enrolled_at": now, "created_at": now}
        | changes
        for user_id in user_ids
    ]
    return (
        insert(Enrollment)
        .values(rows)
        .on_conflict_do_update(index_elements=["user_id", "course_id"], set_=changes)
    )


def grant_enrollment(
    user: User,
    course: Course,
    *,
    expires_at: datetime | None,
    granted_by: User | None = None,
    now: datetime | None = None,
) -> Enrollment:
    """Give `user` access to `course` until `expires_at` (None: no end).

    Granting again re-activates and updates the existing row. It is one upsert on the
    unique (user, course) pair, so parallel grants never make a second row.
    """
    now = now or utcnow()
    before = _standing_words(user.id, course.id, now) if audit.recording() else ""
    changes = {
        "expires_at": expires_at,
        "is_active": True,
        "granted_by_id": granted_by.id if granted_by else None,
        "updated_at": now,
    }
    db.session.execute(_grant_statement([user.id], course.id, changes, now))
    enrollment = db.session.scalars(
        sa.select(Enrollment)
        .where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
        .execution_options(populate_existing=True)
    ).one()
    after = audit.end_words(expires_at)
    audit.record(
        "enrollment.grant",
        target=enrollment,
        student=user,
        summary=f"{audit.quoted(course.title)}: {audit.change(before, after)}",
    )
    return enrollment


def _standing_words(user_id: int, course_id: int, now: datetime) -> str:
    """Where her enrollment in the course stands before a grant, for the audit log."""
    row = db.session.execute(
        sa.select(Enrollment.is_active, Enrollment.expires_at).where(
            Enrollment.user_id == user_id, Enrollment.course_id == course_id
        )
    ).first()
    return audit.standing_words(*row, now) if row else audit.NO_ACCESS


def revoke_enrollment(enrollment: Enrollment) -> None:
    """End access now; the row (and the student's progress) stays for the record."""
    before = audit.grant_words(enrollment)
    enrollment.is_active = False
    db.session.flush()
    after = audit.grant_words(enrollment)
    audit.record(
        "enrollment.revoke",
        target=enrollment,
        student=enrollment.user_id,
        summary=f"{audit.grant_title(enrollment)}: {audit.change(before, after)}",
    )


@dataclass
class BulkGrantResult:
    granted: list[User] = field(default_factory=list)  # new enrollments
    renewed: list[User] = field(default_factory=list)  # expired or revoked, re-activated
    unchanged: list[User] = field(default_factory=list)  # already had access: left as is
    unknown: list[str] = field(default_factory=list)  # no account with that e-mail


@dataclass(frozen=True)
class PastedEmails:
    emails: list[str]  # lower-cased, without duplicates, in the order given
    malformed: list[str]  # words with an @ that are not an address ("ana@gmail")


# What separates addresses in pasted text: spaces, commas, semicolons, the brackets and
# quotes of "Ana Pérez <ana@example.com>".
_SEPARATORS = re.compile(r"[\s,;<>()\[\]\"']+")


def read_emails(text: str) -> PastedEmails:
    """The e-mail addresses in pasted text (a list, a WhatsApp message, a spreadsheet
    column): only words with an @ count, so the rest of the text is not taken for
    addresses; each is checked with email-validator."""
    emails, malformed = [], []
    for word in _SEPARATORS.split(text or ""):
        word = word.strip(".:¡!¿?")
        if "@" not in word:
            continue
        try:
            address = validate_email(word, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            malformed.append(word)
        else:
            emails.append(address)
    return PastedEmails(list(dict.fromkeys(emails)), list(dict.fromkeys(malformed)))


def parse_emails(text: str) -> list[str]:
    return read_emails(text).emails


def bulk_grant(
    course: Course,
    emails: list[str],
    *,
    expires_at: datetime | None,
    granted_by: User | None = None,
    now: datetime | None = None,
) -> BulkGrantResult:
    """Grant `course` to every account in `emails`, in three queries whatever their number.

    Students whose enrollment is in force are left untouched (a bulk grant never shortens
    or lengthens an access someone already has); expired or revoked ones are re-activated
    with the new end, like a single grant.
    """
    now = now or utcnow()
    users = db.session.scalars(sa.select(User).where(User.email.in_(emails))).all()
    by_email = {user.email: user for user in users}
    current = {
        enrollment.user_id: enrollment
        for enrollment in db.session.scalars(
            sa.select(Enrollment).where(
                Enrollment.course_id == course.id,
                Enrollment.user_id.in_([user.id for user in users]),
            )
        )
    }
    result = BulkGrantResult()
    before: dict[int, str] = {}  # user id -> where she stood, for the audit log
    for email in emails:
        user = by_email.get(email)
        existing = current.get(user.id) if user else None
        if user is None:
            result.unknown.append(email)
        elif existing is None:
            result.granted.append(user)
            before[user.id] = audit.NO_ACCESS
        elif grants.status(existing, now) is GrantStatus.ACTIVE:
            result.unchanged.append(user)
        else:
            result.renewed.append(user)
            before[user.id] = audit.grant_words(existing, now)
    to_grant = [user.id for user in result.granted + result.renewed]
    if to_grant:
        changes = {
            "expires_at": expires_at,
            "is_active": True,
            "granted_by_id": granted_by.id if granted_by else None,
            "updated_at": now,
        }
        db.session.execute(_grant_statement(to_grant, course.id, changes, now))
        db.session.expire_all()
        _audit_bulk_grant(course, before, expires_at)
    return result


def _audit_bulk_grant(course: Course, before: dict[int, str], expires_at: datetime | None):
    """One audit row per student a bulk grant gave access to (one query for their ids)."""
    if not audit.recording():
        return
    ids = db.session.execute(
        sa.select(Enrollment.user_id, Enrollment.id).where(
            Enrollment.course_id == course.id, Enrollment.user_id.in_(list(before))
        )
    )
    after = audit.end_words(expires_at)
    for user_id, enrollment_id in ids:
        audit.record(
            "enrollment.grant",
            target_type="enrollment",
            target_id=enrollment_id,
            student=user_id,
            summary=f"{audit.quoted(course.title)} (inscripción masiva): "
            f"{audit.change(before[user_id], after)}",
        )
