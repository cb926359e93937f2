"""The admin blueprint and its one guard: every /admin view is for admins only."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from dulcevicio.extensions import login_manager
from dulcevicio.services import access

bp = Blueprint("admin", __name__)


@bp.before_request
def require_admin():
    """Runs before every admin view, so no view can forget the check."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.second_step_pending:  # an admin who has not passed the second step
        return redirect(url_for("auth.second_step", next=request.full_path.rstrip("?")))
    if not access.is_admin(current_user):
        abort(403)
    return None
