"""`GET /healthz`: the app answers and the database does a round-trip."""

import sqlalchemy as sa
from flask import Blueprint, jsonify

from dulcevicio.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
