"""Admin: the audit log (/admin/auditoria) — every admin action, newest first, filtered."""

from __future__ import annotations

from flask import render_template, request

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.audit import AuditFilterForm
from dulcevicio.admin.helpers import paginate
from dulcevicio.extensions import db
from dulcevicio.models import User
from dulcevicio.routing import parse_id
from dulcevicio.services import audit

UNKNOWN_STUDENT = "No encontramos esa cuenta: se muestra el historial de todas."


@bp.route("/auditoria")
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    form.set_actor_choices()
    student, problem = _student_from_args()
    page = paginate(audit.log_query(form.filters(student.id if student else None)))
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        student=student,
        problem=problem,
        actions=audit.ACTIONS,
        target_labels=audit.TARGET_LABELS,
    )


def _student_from_args() -> tuple[User | None, str | None]:
    """The account of `?alumna=<id>` (a user's "Ver su historial"), and what went wrong."""
    value = request.args.get("alumna")
    if not value:
        return None, None
    ident = parse_id(value)
    student = db.session.get(User, ident) if ident else None
    return (student, None) if student else (None, UNKNOWN_STUDENT)
