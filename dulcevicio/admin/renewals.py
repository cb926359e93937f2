"""Admin: renewals (/admin/renovaciones) — access ending soon or recently ended, with a
WhatsApp message to the student, a "contacted" mark and renewal with its payment."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.payments import RenewForm
from dulcevicio.admin.helpers import acting_admin, page_number, redirect_back
from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.services import grants, payments, periods, renewals, whatsapp


def _grant_or_404(kind_name: str, grant_id: int) -> grants.Grant:
    kind = renewals.KIND_NAMES.get(kind_name)
    if kind is None:
        abort(404)
    return db.get_or_404(kind.model, grant_id)


def _back_url(kind_name: str, grant: grants.Grant) -> str:
    """The grant's row on the board."""
    return url_for("admin.renewals_page", _anchor=renewals.anchor(kind_name, grant.id))


@bp.route("/renovaciones")
def renewals_page():
    """The board (each group's most urgent rows), or every row of one group (`?grupo=`)."""
    group_name = request.args.get("grupo")
    if group_name is None:
        board = renewals.board()
        sections = [(group, board.rows[group], board.totals[group]) for group in renewals.GROUPS]
        pages = None
    else:
        group = renewals.GROUP_NAMES.get(group_name) or abort(404)
        per_page = current_app.config["ADMIN_PAGE_SIZE"]
        pages = renewals.group_page(group, page_number(), per_page)
        sections = [(group, pages.items, pages.total)]
    messages = {row.anchor: _message_url(row) for _, rows, _ in sections for row in rows}
    return render_template("admin/renewals.html", sections=sections, pages=pages, messages=messages)


def _message_url(row: renewals.Renewal) -> str:
    key = "win_back" if row.ended else "renewal_reminder"
    return whatsapp.to_student(row.user, key, curso=row.what, fecha=long_date(row.ends_at))


@bp.route("/renovaciones/<kind_name>/<id:grant_id>/contactada", methods=["POST"])
def renewal_contacted(kind_name: str, grant_id: int):
    grant = _grant_or_404(kind_name, grant_id)
    if grants.ends_at(grant) is None:
        abort(404)
    renewals.mark_contacted(grant, acting_admin())
    db.session.commit()
    flash(f"Marcada como contactada: {grant.user.display_name}.", "success")
    return redirect_back(_back_url(kind_name, grant))  # to the group's page she was on


@bp.route("/renovaciones/<kind_name>/<id:grant_id>/renovar", methods=["GET", "POST"])
def renewal_renew(kind_name: str, grant_id: int):
    grant = _grant_or_404(kind_name, grant_id)
    form = RenewForm()
    form.set_currency_choices()
    if form.validate_on_submit():
        until = periods.end_of_day(form.until.data) if form.duration.data == "date" else None
        days = None if until else periods.PRESETS[form.duration.data][0]
        payment = form.payment_details("Renovación") if form.has_payment() else None
        try:
            renewals.renew(grant, days=days, until=until, payment=payment, by=acting_admin())
        except (grants.NotExtendable, payments.PaymentRejected) as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            recorded = " y pago registrado" if payment else ""
            flash(
                f"Renovado{recorded}: {grant.user.display_name} tiene acceso hasta el "
                f"{long_date(grants.ends_at(grant))}.",
                "success",
            )
            return redirect(_back_url(kind_name, grant))
    return render_template(
        "admin/renewal_form.html",
        form=form,
        grant=grant,
        what=payments.grant_label(grant),
        ends_at=grants.ends_at(grant),
    )
