"""`GET /media/<path>`: stored files by their key, sent only to viewers the access rule allows.

Local files are served from here; Cloudinary's keys start with its own folder, which names
no kind, so on Cloudinary this route answers 404 and pages link to Cloudinary directly.
"""

from flask import Blueprint, abort, request
from flask_login import current_user

from dulcevicio.services import access
from dulcevicio.services.storage import MediaKind, get_storage

bp = Blueprint("media", __name__)


@bp.route("/media/<path:public_id>")
def serve(public_id: str):
    kind = MediaKind.from_folder(public_id.split("/", 1)[0])
    # Denied and missing look the same: keys are random, existence is not revealed.
    if kind is None or not access.can_view_file(current_user, kind, public_id):
        abort(404)
    try:
        return get_storage().send(kind, public_id, width=request.args.get("w", type=int))
    except FileNotFoundError:
        abort(404)
