"""Views of the certificates blueprint: "Mis certificados", confirming the name, the PDF,
and the public check anyone reaches from the QR code."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from dulcevicio.certificates.forms import ConfirmNameForm, VerifyForm
from dulcevicio.extensions import db, limiter
from dulcevicio.models import Certificate
from dulcevicio.services import access, certificate_pdf, certificates, settings, storage, whatsapp
from dulcevicio.services.storage import MediaKind, StorageError

bp = Blueprint("certificates", __name__)


def _own_or_404(code: str) -> Certificate:
    """Her certificate (an admin may open any); anyone else's is a 404, not a 403."""
    certificate = certificates.find(code)
    if certificate is None:
        abort(404)
    _must_be_hers(certificate)
    return certificate


def _must_be_hers(certificate: Certificate) -> None:
    if certificate.user_id != current_user.id and not access.is_admin(current_user):
        abort(404)


@bp.route("/mis-certificados")
@login_required
def mine():
    owned = certificates.of_student(current_user)
    return render_template(
        "certificates/mine.html",
        certificates=owned,
        share={c.code: _share_url(c) for c in owned if not c.revoked},
    )


@bp.route("/mis-certificados/<code>", methods=["GET", "POST"])
@login_required
def certificate_page(code: str):
    """The certificate; the first time, confirming the name it prints."""
    certificate = _own_or_404(code)
    if certificate.name_confirmed_at is None and certificate.user_id == current_user.id:
        form = ConfirmNameForm(data={"name": certificate.printed_name})
        if form.validate_on_submit():
            try:
                certificates.confirm_name(certificate, form.name.data)
            except certificates.CertificateRefused as error:
                db.session.rollback()
                form.name.errors.append(str(error))
            else:
                db.session.commit()
                flash("¡Listo! Tu certificado ya tiene tu nombre.", "success")
                return redirect(url_for("certificates.certificate_page", code=certificate.code))
        return render_template("certificates/confirm_name.html", certificate=certificate, form=form)
    return render_template(
        "certificates/certificate.html",
        certificate=certificate,
        share_url=None if certificate.revoked else _share_url(certificate),
    )


@bp.route("/certificados/<code>.pdf")
@login_required
def certificate_pdf_file(code: str):
    found = certificates.find_for_pdf(code)
    if found is None:
        abort(404)
    certificate, printed_with = found
    _must_be_hers(certificate)
    if certificate.revoked or certificate.name_confirmed_at is None:
        return redirect(url_for("certificates.certificate_page", code=certificate.code))
    try:
        path = certificate_pdf.cached_pdf(
            certificate, printed_with, lambda: _signatory(certificate)
        )
    except StorageError:
        abort(503)
    return send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"certificado-{certificate.code}.pdf",
        conditional=True,
        max_age=0,
    )


def _signatory(certificate: Certificate) -> certificate_pdf.Signatory:
    name, title, signature_id = certificates.signatory_for(certificate.course)
    return certificate_pdf.Signatory(
        settings.current().business_name,
        name,
        title,
        signature_id,
        read_signature=lambda public_id: storage.get_storage().read(MediaKind.SIGNATURE, public_id),
    )


def _share_url(certificate: Certificate) -> str:
    business = settings.current().business_name
    text = (
        f"¡Terminé el curso «{certificate.course_title}» de {business}! "
        f"Mi certificado: {certificate_pdf.verify_url(certificate.code)}"
    )
    return whatsapp.chat_url(None, text)


# --- the public check ------------------------------------------------------------------------


@bp.route("/verificar")
@limiter.limit(lambda: _verify_limit())
def verify():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        code = certificates.normalize_code(form.codigo.data)
        if code is None:  # answered as an unknown code is
            return render_template("certificates/verify.html", form=form, unknown=True), 404
        return redirect(url_for("certificates.verify_code", code=code))
    return render_template("certificates/verify.html", form=form)


@bp.route("/verificar/<code>")
@limiter.limit(lambda: _verify_limit())
def verify_code(code: str):
    certificate = certificates.find(code)
    form = VerifyForm(data={"codigo": code[:40]})
    if certificate is None:  # malformed and unknown codes answer alike
        return render_template("certificates/verify.html", form=form, unknown=True), 404
    return render_template("certificates/verify.html", form=form, certificate=certificate)


def _verify_limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]
