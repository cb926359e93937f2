"""Admin: memberships — list, create, extend, (de)activate, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.access import MembershipFilterForm, MembershipForm
from dulcevicio.admin.helpers import (
    acting_admin,
    extend_from_form,
    flag_from_form,
    paginate,
    redirect_back,
    user_from_args,
)
from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Membership
from dulcevicio.services import grants, membership, users
from dulcevicio.services.grants import MEMBERSHIP


def _back():
    return redirect_back(url_for("admin.memberships_list"))


@bp.route("/membresias")
def memberships_list():
    form = MembershipFilterForm(formdata=request.args)
    data = form.valid_data()
    query = grants.list_query(
        MEMBERSHIP,
        search=users.search_clause(data.get("q")),
        wanted=MEMBERSHIP.parse_status(data.get("status")),
    )
    return render_template("admin/memberships_list.html", form=form, page=paginate(query))


@bp.route("/membresias/nueva", methods=["GET", "POST"])
def membership_new():
    prefill = user_from_args()
    form = MembershipForm(user=prefill.email if prefill else "")
    if form.validate_on_submit():
        start, end = form.period()
        user = form.user.user
        membership.grant_membership(
            user,
            start_date=start,
            end_date=end,
            granted_by=acting_admin(),
            notes=(form.notes.data or "").strip(),
        )
        db.session.commit()
        flash(
            f"Membresía creada para {user.display_name}: del {long_date(start)} "
            f"al {long_date(end)}.",
            "success",
        )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/membership_new.html", form=form)


@bp.route("/membresias/<id:membership_id>/extender", methods=["POST"])
def membership_extend(membership_id: int):
    row = db.get_or_404(Membership, membership_id)
    extend_from_form(row, "Membresía extendida hasta el {end}.")
    return _back()


@bp.route("/membresias/<id:membership_id>/estado", methods=["POST"])
def membership_set_active(membership_id: int):
    row = db.get_or_404(Membership, membership_id)
    membership.set_membership_active(row, flag_from_form())
    db.session.commit()
    flash("Membresía reactivada." if row.is_active else "Membresía desactivada.", "info")
    return _back()


@bp.route("/membresias/<id:membership_id>/eliminar", methods=["POST"])
def membership_delete(membership_id: int):
    row = db.get_or_404(Membership, membership_id)
    membership.delete_membership(row)
    db.session.commit()
    flash("Membresía eliminada.", "info")
    return _back()
