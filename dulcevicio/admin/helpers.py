"""Helpers shared by the admin views: pagination, POST parameters, redirects, templates."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.access import ExtendForm
from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Enrollment, Membership, User, utcnow
from dulcevicio.routing import parse_id
from dulcevicio.services import grants, payments, settings
from dulcevicio.services.grants import standing
from dulcevicio.services.ordering import DOWN, UP
from dulcevicio.services.recipe_book import BookNotice

MAX_PAGE = 10_000
DIRECTIONS = {"arriba": UP, "abajo": DOWN}
FLAGS = {"1": True, "0": False}


def acting_admin() -> User:
    """The admin making the request, as a plain User (services store it on rows)."""
    return current_user._get_current_object()


def user_from_args(name: str = "usuario") -> User | None:
    """The account named by `?usuario=<id>` (to prefill a form), if there is one."""
    ident = parse_id(request.args.get(name))
    return db.session.get(User, ident) if ident else None


def page_number() -> int:
    """The list page asked for (`?page=N`; anything else is page 1)."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)


def paginate(query) -> Pagination:
    """One page of `query` (`?page=N`), ADMIN_PAGE_SIZE rows."""
    per_page = current_app.config["ADMIN_PAGE_SIZE"]
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)


def prefill(obj):
    """`obj` to fill an edit form on GET. On POST only what was sent counts, so a POST
    without fields is an invalid form, not a silent save of the current values."""
    return obj if request.method == "GET" else None


def step_from_form() -> int:
    """The `direccion` of a move button (arriba/abajo); anything else is a 400."""
    step = DIRECTIONS.get(request.form.get("direccion", ""))
    if step is None:
        abort(400)
    return step


def flag_from_form(name: str = "activo") -> bool:
    """A yes/no POST parameter sent as 1/0; anything else is a 400."""
    flag = FLAGS.get(request.form.get(name, ""))
    if flag is None:
        abort(400)
    return flag


def extend_from_form(grant: Enrollment | Membership, done: str) -> None:
    """Extend a grant by the days of the posted ExtendForm and say how it went; `done`
    names the new end as {end}."""
    form = ExtendForm()
    if not form.validate_on_submit():
        flash(" ".join(form.days.errors) or "Revisa los días.", "danger")
        return
    try:
        grants.extend(grant, form.days.data)
    except grants.NotExtendable as error:
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash(done.format(end=long_date(grants.ends_at(grant))), "success")


def flash_book_notice(notice: BookNotice | None) -> None:
    """Tell the admin how the recipe book took a change (a failure keeps the old book)."""
    if notice is not None:
        flash(notice.message, notice.category)


def redirect_back(default: str):
    """Back to the same-site page in the form's `next` field, else to `default`."""
    return redirect(safe_next_url(request.form.get("next")) or default)


@bp.context_processor
def admin_template_helpers() -> dict:
    return {
        "now": utcnow(),
        "grant_standing": standing,
        "money": settings.money,
        "grant_label": payments.grant_label,
    }
