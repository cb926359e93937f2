"""Views of the notifications blueprint: the page, following one, marking them read, and
the per-kind preferences (a form on "Mi cuenta")."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dulcevicio.auth.redirects import safe_next_url
from dulcevicio.extensions import db
from dulcevicio.notifications import texts
from dulcevicio.notifications.forms import preferences_form
from dulcevicio.services import access, notifications

bp = Blueprint("notifications", __name__)

ONE_URL = "/notificaciones/<id:notification_id>"


def _own_or_404(notification_id: int):
    notification = notifications.own_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    return notification


def _back_to_list():
    return redirect(safe_next_url(request.form.get("next")) or url_for("notifications.index"))


@bp.route("/notificaciones")
@login_required
def index():
    pagination, targets = notifications.page(current_user, request.args.get("page", 1, type=int))
    shown = texts.shown(pagination.items, targets)
    return render_template("notifications/index.html", pages=pagination, shown=shown)


@bp.route(ONE_URL)
@login_required
def follow(notification_id: int):
    """Follow one: it is read now, and she lands on its place (or hears why not)."""
    notification = _own_or_404(notification_id)
    notifications.mark_read(notification)
    db.session.commit()
    course = notification.course
    if course is not None and not access.can_access_course(current_user, course):
        flash(f"Ya no tienes acceso a «{course.title}».", "warning")
        if access.can_see_course(current_user, course):
            return redirect(url_for("catalog.course", slug=course.slug))
        return redirect(url_for("notifications.index"))
    target = notifications.targets([notification]).get(
        (notification.target_type, notification.target_id)
    )
    url = texts.target_url(notification, target)
    if url is None:
        flash(texts.GONE, "info")
        return redirect(url_for("notifications.index"))
    return redirect(url)


@bp.route(f"{ONE_URL}/leida", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notifications.mark_read(_own_or_404(notification_id))
    db.session.commit()
    return _back_to_list()


@bp.route("/notificaciones/leidas", methods=["POST"])
@login_required
def mark_all_read():
    notifications.mark_all_read(current_user)
    db.session.commit()
    flash("Marcamos todas tus notificaciones como leídas.", "success")
    return _back_to_list()


@bp.route("/notificaciones/preferencias", methods=["POST"])
@login_required
def preferences():
    form = preferences_form()
    if not form.validate_on_submit():
        abort(400)
    notifications.set_muted_kinds(current_user, set(texts.KIND_LABELS) - form.wanted())
    db.session.commit()
    flash("Guardamos tus preferencias de notificaciones.", "success")
    return redirect(url_for("auth.account", _anchor="notificaciones"))


@bp.app_template_global()
def unread_notifications() -> int:
    """The bell's count for the signed-in viewer (one cheap query; 0 for visitors)."""
    if not current_user.is_authenticated:
        return 0
    return notifications.unread_count(current_user)


@bp.app_template_filter()
def bell_label(count: int) -> str:
    return notifications.bell_label(count)
