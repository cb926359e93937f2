"""Admin: payments recorded outside the app — list with totals, record, edit, void."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.enrollments import course_choices
from dulcevicio.admin.forms.payments import PaymentEditForm, PaymentFilterForm, PaymentForm
from dulcevicio.admin.helpers import acting_admin, paginate, redirect_back, user_from_args
from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Payment
from dulcevicio.services import payments, settings, whatsapp
from dulcevicio.services.media.images import ImageRejected
from dulcevicio.services.storage import MediaKind, StorageError, file_url

RECEIPT_WIDTH = 600
REFUSALS = (payments.PaymentRejected, ImageRejected, StorageError)


@bp.route("/pagos")
def payments_list():
    form = PaymentFilterForm(formdata=request.args)
    form.curso.choices = [SelectChoice(0, "Todos los cursos"), *course_choices()]
    filters = form.filters()
    page = paginate(payments.list_query(filters))
    # Each amount formatted once: the table and the thank-you message both show it.
    amounts = {p.id: settings.money(p.amount, p.currency) for p in page.items}
    return render_template(
        "admin/payments_list.html",
        form=form,
        page=page,
        totals=payments.totals(filters),
        amounts=amounts,
        receipt_urls={p.id: file_url(MediaKind.RECEIPT, p.receipt_public_id) for p in page.items},
        thanks_urls={p.id: _thanks_url(p, amounts[p.id]) for p in page.items},
    )


def _thanks_url(payment: Payment, amount: str) -> str:
    """The student's thank-you message for this payment, to her own number."""
    return whatsapp.to_student(
        payment.user,
        "payment_thanks",
        curso=payments.grant_label(payment.enrollment or payment.membership),
        monto=amount,
        fecha=long_date(payment.paid_on),
    )


@bp.route("/pagos/nuevo", methods=["GET", "POST"])
def payment_new():
    student = user_from_args()
    form = PaymentForm(user=student.email if student else "", paid_for=request.args.get("para"))
    form.set_choices()
    if form.validate_on_submit():
        user = form.user.user
        try:
            payments.record_payment(
                user,
                form.payment_details(form.note.data or ""),
                grant=payments.find_grant(user, form.paid_for.data),
                recorded_by=acting_admin(),
                receipt=form.receipt.data.stream if form.receipt.data else None,
            )
        except REFUSALS as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Pago de {user.display_name} registrado.", "success")
            return redirect(url_for("admin.payments_list"))
    return render_template("admin/payment_form.html", form=form, title="Registrar un pago")


@bp.route("/pagos/<id:payment_id>/editar", methods=["GET", "POST"])
def payment_edit(payment_id: int):
    payment = db.get_or_404(Payment, payment_id)
    if payment.is_void:
        flash("El pago está anulado: ya no se puede editar.", "warning")
        return redirect(url_for("admin.payments_list"))
    initial = {"paid_for": payments.grant_key(payment.enrollment or payment.membership)}
    form = PaymentEditForm(obj=payment if request.method == "GET" else None, data=initial)
    form.set_choices()
    if form.validate_on_submit():
        try:
            payments.update_payment(
                payment,
                form.payment_details(form.note.data or ""),
                grant=payments.find_grant(payment.user, form.paid_for.data),
                receipt=form.receipt.data.stream if form.receipt.data else None,
                remove_receipt=form.remove_receipt.data,
            )
        except REFUSALS as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Pago actualizado.", "success")
            return redirect(url_for("admin.payments_list"))
    return render_template(
        "admin/payment_form.html",
        form=form,
        payment=payment,
        title="Editar el pago",
        receipt_url=file_url(MediaKind.RECEIPT, payment.receipt_public_id),
    )


@bp.route("/pagos/<id:payment_id>/anular", methods=["POST"])
def payment_void(payment_id: int):
    payment = db.get_or_404(Payment, payment_id)
    try:
        payments.void_payment(payment, acting_admin())
    except payments.PaymentRejected as error:
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash("Pago anulado: queda en la lista, fuera de los totales.", "success")
    return redirect_back(url_for("admin.payments_list"))
