"""Admin: certificates of completion — list with filters, revoke, restore, correct the name."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.enrollments import course_choices
from dulcevicio.admin.forms.certificates import CertificateFilterForm, RenameForm, RevokeForm
from dulcevicio.admin.helpers import paginate, redirect_back
from dulcevicio.extensions import db
from dulcevicio.models import Certificate
from dulcevicio.services import certificates
from dulcevicio.services.certificates import CertificateRefused


@bp.route("/certificados")
def certificates_list():
    form = CertificateFilterForm(formdata=request.args)
    form.curso.choices = [SelectChoice(0, "Todos los cursos"), *course_choices()]
    page = paginate(certificates.list_query(**form.filters()))
    return render_template(
        "admin/certificates.html",
        form=form,
        page=page,
    )


@bp.route("/certificados/<id:cert_id>/revocar", methods=["POST"])
def certificate_revoke(cert_id: int):
    certificate = db.get_or_404(Certificate, cert_id)
    reason = RevokeForm().reason.data
    error = _apply(lambda: certificates.revoke(certificate, reason))
    _say(error, f"Certificado {certificate.code} revocado: su verificación lo dice.")
    return redirect_back(url_for("admin.certificates_list"))


@bp.route("/certificados/<id:cert_id>/restaurar", methods=["POST"])
def certificate_restore(cert_id: int):
    certificate = db.get_or_404(Certificate, cert_id)
    error = _apply(lambda: certificates.restore(certificate))
    _say(error, f"Certificado {certificate.code} válido de nuevo.")
    return redirect_back(url_for("admin.certificates_list"))


@bp.route("/certificados/<id:cert_id>/nombre", methods=["GET", "POST"])
def certificate_rename(cert_id: int):
    certificate = db.get_or_404(Certificate, cert_id)
    form = RenameForm(data={"name": certificate.printed_name} if request.method == "GET" else None)
    if form.validate_on_submit():
        error = _apply(lambda: certificates.rename(certificate, form.name.data))
        if error is None:
            flash(f"Nombre del certificado {certificate.code} guardado.", "success")
            return redirect(url_for("admin.certificates_list"))
        form.name.errors.append(error)
    return render_template("admin/certificate_rename.html", form=form, certificate=certificate)


def _apply(change: Callable[[], None]) -> str | None:
    """Run a service change and commit it; a refusal rolls back and comes back as its
    Spanish message (a rule the admin broke is never a 500)."""
    try:
        change()
    except CertificateRefused as error:
        db.session.rollback()
        return str(error)
    db.session.commit()
    return None


def _say(error: str | None, done: str) -> None:
    flash(error or done, "warning" if error else "success")
