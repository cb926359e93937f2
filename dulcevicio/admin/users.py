"""Admin: user accounts — list, create, edit, (de)activate, password links, detail."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.users import UserCreateForm, UserEditForm, UserFilterForm
from dulcevicio.admin.helpers import acting_admin, flag_from_form, paginate, prefill
from dulcevicio.extensions import db
from dulcevicio.models import User
from dulcevicio.services import accounts, devices, grants, progress, settings, users, whatsapp


@bp.route("/usuarios")
def users_list():
    form = UserFilterForm(formdata=request.args)
    page = paginate(users.list_query(**form.filters()))
    with_access = users.ids_with_access([user.id for user in page.items])
    return render_template("admin/users_list.html", form=form, page=page, with_access=with_access)


@bp.route("/usuarios/nuevo", methods=["GET", "POST"])
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_account(
                acting=acting_admin(), password=form.password.data, **form.account_fields()
            )
        except accounts.AccountRuleError as error:
            form[error.field].errors.append(str(error))
        else:
            if form.access_method.data == "invitation":
                return _password_link_page(user, created=True)
            db.session.commit()
            flash(f"Cuenta creada para {user.display_name}.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.route("/usuarios/<id:user_id>")
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    return render_template(
        "admin/user_detail.html",
        user=user,
        has_access=bool(users.ids_with_access([user.id])),
        enrollments=users.enrollments_of(user),
        memberships=users.memberships_of(user),
        progress=progress.progress_by_course(user),
        devices=devices.recent_of(user),
        device_limit=devices.limit_for(user, settings.current().device_limit),
    )


@bp.route("/usuarios/<id:user_id>/editar", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=prefill(user), user_id=user.id)
    if form.validate_on_submit():
        try:
            accounts.update_account(user, acting=acting_admin(), **form.account_fields())
            devices.set_limit(user, form.device_limit.data)
        except accounts.AccountRuleError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("Los datos de la cuenta se guardaron.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_edit.html", form=form, user=user)


@bp.route("/usuarios/<id:user_id>/estado", methods=["POST"])
def user_set_active(user_id: int):
    user = db.get_or_404(User, user_id)
    active = flag_from_form()
    try:
        accounts.set_account_active(user, active, acting=acting_admin())
    except accounts.AccountRuleError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        if active:
            flash(f"La cuenta de {user.display_name} está activa de nuevo.", "success")
        else:
            flash(f"Desactivaste la cuenta de {user.display_name} y cerramos sus sesiones.", "info")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/usuarios/<id:user_id>/enlace", methods=["POST"])
def user_password_link(user_id: int):
    user = db.get_or_404(User, user_id)
    if not user.is_active:
        flash("La cuenta está desactivada: reactívala antes de generar un enlace.", "danger")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return _password_link_page(user)


def _password_link_page(user: User, created: bool = False):
    """Issue a one-time link (killing the previous one), commit, and show it once."""
    invitation = user.password_hash is None
    if created:  # the account's creation is what the audit log records
        token = accounts.issue_password_link_token(user)
    else:
        token = accounts.new_password_link_token(user)
    db.session.commit()
    link = url_for("auth.set_password", token=token, _external=True)
    if invitation:
        whatsapp_url = whatsapp.to_student(
            user, "invitation", curso=grants.courses_in_words(user), enlace=link
        )
    else:
        whatsapp_url = whatsapp.to_student(user, "password_link", enlace=link)
    # Like every page, it is sent with Cache-Control: no-store (it holds a live credential).
    return render_template(
        "admin/user_password_link.html",
        user=user,
        link=link,
        invitation=invitation,
        created=created,
        whatsapp_url=whatsapp_url,
    )
