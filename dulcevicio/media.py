"""`GET /media/<path>`: locally stored files, sent only to viewers the access rule allows."""

from flask import Blueprint, abort, request, send_file
from flask_login import current_user

from dulcevicio.services import access
from dulcevicio.services.storage import LocalStorage, MediaKind, get_storage

bp = Blueprint("media", __name__)

PUBLIC_MAX_AGE = 365 * 24 * 3600  # keys are unique per upload: a public file never changes


@bp.route("/media/<path:public_id>")
def serve(public_id: str):
    storage = get_storage()
    kind = MediaKind.from_folder(public_id.split("/", 1)[0])
    if not isinstance(storage, LocalStorage) or kind is None:
        abort(404)
    path = storage.path(public_id)
    # Denied and missing look the same: keys are random, existence is not revealed.
    if path is None or not access.can_view_file(current_user, kind, public_id):
        abort(404)
    width = request.args.get("w", type=int)
    if width is not None:
        path = storage.variant(public_id, width)
        if path is None:
            abort(404)
    # Public files are cached for good; private ones get no-store like every page
    # (security.keep_out_of_caches).
    try:
        return send_file(path, conditional=True, max_age=0 if kind.private else PUBLIC_MAX_AGE)
    except FileNotFoundError:
        abort(404)
