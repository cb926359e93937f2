"""The audit log of admin actions: the catalogue of actions, recording one, the words of a
summary ("antes → después") and the log's query.

The services that change access, payments, accounts, content, the forum and the settings
call `record` after the change, in the same transaction (the caller commits, or rolls back
and the row goes with it). Only an admin signed in to the current request is recorded:
the CLI, the demo seed and students' own actions leave no row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user
from sqlalchemy.orm import joinedload

from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import (
    AuditEvent,
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    Membership,
    Payment,
    Recipe,
    Role,
    Settings,
    User,
    utcnow,
)
from dulcevicio.models.audit import SUMMARY_MAX_LENGTH
from dulcevicio.services import access, network, periods, users
from dulcevicio.text import drop_control_characters

# code -> what the log calls it. Codes are stored: rename a label, never a code.
ACTIONS: dict[str, str] = {
    "enrollment.grant": "Inscripción otorgada",
    "enrollment.extend": "Inscripción extendida",
    "enrollment.revoke": "Inscripción revocada",
    "membership.create": "Membresía creada",
    "membership.extend": "Membresía extendida",
    "membership.deactivate": "Membresía desactivada",
    "membership.reactivate": "Membresía reactivada",
    "membership.delete": "Membresía eliminada",
    "access.renew": "Acceso renovado",
    "payment.record": "Pago registrado",
    "payment.edit": "Pago editado",
    "payment.void": "Pago anulado",
    "account.create": "Cuenta creada",
    "account.edit": "Cuenta editada",
    "account.role": "Rol cambiado",
    "account.deactivate": "Cuenta desactivada",
    "account.reactivate": "Cuenta reactivada",
    "account.password_link": "Enlace de contraseña generado",
    "account.device_limit": "Límite de dispositivos cambiado",
    "device.close": "Sesión de un dispositivo cerrada",
    "course.deactivate": "Curso desactivado",
    "course.reactivate": "Curso reactivado",
    "course.delete": "Curso eliminado",
    "lesson.deactivate": "Lección desactivada",
    "lesson.reactivate": "Lección reactivada",
    "lesson.delete": "Lección eliminada",
    "recipe.deactivate": "Receta desactivada",
    "recipe.reactivate": "Receta reactivada",
    "recipe.delete": "Receta eliminada",
    "video.delete": "Video eliminado",
    "comment.hide": "Comentario ocultado",
    "comment.show": "Comentario visible de nuevo",
    "settings.change": "Ajustes cambiados",
    "certificate.rename": "Nombre de un certificado corregido",
    "certificate.revoke": "Certificado revocado",
    "certificate.restore": "Certificado restaurado",
}

# What a row acted on: the stored type and how the log names it.
_TARGET_TYPES: dict[type, str] = {
    Enrollment: "enrollment",
    Membership: "membership",
    Payment: "payment",
    User: "user",
    Course: "course",
    Lesson: "lesson",
    Recipe: "recipe",
    Comment: "comment",
    Settings: "settings",
    Certificate: "certificate",
}
TARGET_LABELS = {
    "enrollment": "Inscripción",
    "membership": "Membresía",
    "payment": "Pago",
    "user": "Cuenta",
    "course": "Curso",
    "lesson": "Lección",
    "recipe": "Receta",
    "comment": "Comentario",
    "settings": "Ajustes",
    "certificate": "Certificado",
}

ARROW = " → "
NONE = "—"
NO_ACCESS = "sin acceso"
ENDED_WORDS = {Enrollment: "revocada", Membership: "desactivada"}


def acting_admin() -> User | None:
    """The admin signed in to the current request, or None (no request, or not an admin)."""
    if not has_request_context() or not access.is_admin(current_user):
        return None
    return current_user._get_current_object()


def recording() -> bool:
    """Whether `record` would write a row now (to skip reading a "before" otherwise)."""
    return acting_admin() is not None


def record(
    action: str,
    *,
    target: object | None = None,
    target_type: str | None = None,
    target_id: int | None = None,
    student: User | int | None = None,
    summary: str = "",
) -> AuditEvent | None:
    """Add one row for `action` by the signed-in admin to the session: it is stored when
    the caller commits its change, and goes with it on a rollback. No admin, no row.

    `target` is the row acted on (flushed, so it has its id), or give `target_type` and
    `target_id`; `student` is the student concerned, for the log's filter.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = acting_admin()
    if actor is None:
        return None
    if target is not None:
        target_type, target_id = type_code(target), target.id
    event = AuditEvent(
        actor_id=actor.id,
        actor_name=actor.display_name[:254],
        action=action,
        target_type=target_type,
        target_id=target_id,
        student_id=student.id if isinstance(student, User) else student,
        summary=clip(summary),
        ip_hash=network.ip_hash(network.client_ip()),
    )
    db.session.add(event)
    return event


# --- The words of a summary ----------------------------------------------------------------


def clip(text: str | None, limit: int = SUMMARY_MAX_LENGTH) -> str:
    """One line of at most `limit` characters (an ellipsis says it was cut)."""
    line = " ".join(drop_control_characters(text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def change(before: object, after: object) -> str:
    """ "antes → después"."""
    return f"{_word(before)}{ARROW}{_word(after)}"


def quoted(title: str | None) -> str:
    return f"«{title}»" if title else NONE


def end_words(end: datetime | None) -> str:
    """ "hasta el 12 de enero de 2027", or "sin vencimiento"."""
    return f"hasta el {long_date(end)}" if end else "sin vencimiento"


def standing_words(
    is_active: bool, end: datetime | None, now: datetime | None = None, ended: str = "revocada"
) -> str:
    """Where a grant stands: `ended` (revoked, deactivated), expired, or until its end."""
    if not is_active:
        return ended
    if end is not None and end <= (now or utcnow()):
        return f"vencida el {long_date(end)}"
    return end_words(end)


def grant_words(grant: Enrollment | Membership | None, now: datetime | None = None) -> str:
    """Where a grant stands, for a before or an after ("sin acceso" without one)."""
    if grant is None:
        return NO_ACCESS
    end = grant.expires_at if isinstance(grant, Enrollment) else grant.end_date
    return standing_words(grant.is_active, end, now, ENDED_WORDS[type(grant)])


def grant_title(grant: Enrollment | Membership) -> str:
    """ "«Tartas»" for an enrollment, "Membresía" for a membership."""
    return quoted(grant.course.title) if isinstance(grant, Enrollment) else "Membresía"


def type_code(target: object) -> str:
    """The stored type of a row acted on ("enrollment", "membership", ...)."""
    return _TARGET_TYPES[type(target)]


# Course, lesson and recipe states in the log's words.
_ACTIVE_WORDS = {
    "course": {True: "activo", False: "inactivo"},
    "lesson": {True: "activa", False: "inactiva"},
    "recipe": {True: "activa", False: "inactiva"},
}


def content_words(target: Course | Lesson | Recipe) -> str:
    """ "«Tartas»", or "«Masa quebrada» de «Tartas»" for a lesson or a recipe."""
    if isinstance(target, Course):
        return quoted(target.title)
    return f"{quoted(target.title)} de {quoted(target.course.title)}"


def record_activation(target: Course | Lesson | Recipe, was_active: bool) -> None:
    """A course, lesson or recipe shown to or hidden from students: one row when its state
    changed."""
    if target.is_active == was_active:
        return
    code = type_code(target)
    words = _ACTIVE_WORDS[code]
    record(
        f"{code}.{'reactivate' if target.is_active else 'deactivate'}",
        target=target,
        summary=f"{content_words(target)}: {change(words[was_active], words[target.is_active])}",
    )


def record_deletion(target: Course | Lesson | Recipe, details: str = "") -> None:
    """A course, lesson or recipe about to be deleted (call it before the delete)."""
    code = type_code(target)
    gone = "eliminado" if code == "course" else "eliminada"
    what = f"{content_words(target)}{f' ({details})' if details else ''}"
    record(f"{code}.delete", target=target, summary=change(what, gone))


def field_changes(changes: Iterable[tuple[str, object, object]]) -> str:
    """ "Nombre: Ana → Ana María; Rol: Estudiante → Administrador" for the fields that
    changed ("" when none did)."""
    return "; ".join(
        f"{label}: {change(before, after)}" for label, before, after in changes if before != after
    )


def _word(value: object) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, datetime | date):
        return long_date(value)
    label = getattr(value, "label", None)  # Role, PaymentMethod...
    return label if isinstance(label, str) else str(value)


# --- The log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    actor_id: int | None = None
    action: str | None = None
    student_id: int | None = None
    student_search: str | None = None  # her name, e-mail or username
    since: date | None = None  # local days, both included
    until: date | None = None


def log_query(filters: LogFilters) -> sa.Select:
    """Events newest first, with the student each concerns (one query a page)."""
    query = sa.select(AuditEvent).options(joinedload(AuditEvent.student))
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action is not None:
        query = query.where(AuditEvent.action == filters.action)
    if filters.student_id is not None:
        query = query.where(AuditEvent.student_id == filters.student_id)
    if (search := users.search_clause(filters.student_search)) is not None:
        query = query.join(User, User.id == AuditEvent.student_id).where(search)
    if filters.since is not None:
        query = query.where(AuditEvent.created_at >= periods.start_of_day(filters.since))
    if filters.until is not None:
        query = query.where(AuditEvent.created_at <= periods.end_of_day(filters.until))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def admin_choices() -> list[tuple[int, str]]:
    """(id, name) of every admin, for the actor filter."""
    query = (
        sa.select(User.id, User.display_name)
        .where(User.role == Role.ADMIN)
        .order_by(User.display_name, User.id)
    )
    return [(user_id, name) for user_id, name in db.session.execute(query)]
