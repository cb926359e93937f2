"""Admin: a student's signed-in devices (listed on her detail page), closed one by one."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from dulcevicio.admin.blueprint import bp
from dulcevicio.errors import render_error
from dulcevicio.extensions import db
from dulcevicio.models import DeviceEndReason, User
from dulcevicio.services import audit, devices


@bp.route("/usuarios/<id:user_id>/dispositivos/<id:device_id>/cerrar", methods=["POST"])
def user_device_close(user_id: int, device_id: int):
    user = db.get_or_404(User, user_id)
    device = devices.active_device_of(user, device_id)
    if device is None:  # another account's, already ended, or unknown
        abort(404)
    if device.id == current_user.current_device.id:
        return render_error(
            400, "Para cerrar la sesión en el dispositivo que estás usando, usa «Salir»."
        )
    devices.end(device, DeviceEndReason.CLOSED_BY_ADMIN)
    audit.record("device.close", target=user, student=user, summary=device.label)
    db.session.commit()
    flash(f"Cerramos la sesión de {user.display_name} en {device.label}.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))
