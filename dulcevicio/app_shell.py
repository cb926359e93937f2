"""The installable app: `GET /manifest.webmanifest`, `GET /sw.js` (the service worker, at
the root so it covers the whole site) and `GET /sin-conexion` (what it shows offline).

None of them reads the session or anyone's data, so browsers may keep them
(security.STATIC_ENDPOINTS leaves their caching alone).
"""

import json

from flask import Blueprint, current_app, request

from dulcevicio.extensions import limiter
from dulcevicio.services import app_shell, settings

bp = Blueprint("app_shell", __name__)

# Names and colours change rarely; an hour's delay before an installed app sees them is fine.
SHELL_MAX_AGE = 3600


def _cacheable(body: str, mimetype: str, *, max_age: int | None):
    """A public response revalidated by ETag; `max_age=None` asks the browser to revalidate
    every time (no-cache)."""
    response = current_app.response_class(body, mimetype=mimetype)
    if max_age is None:
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = max_age
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/manifest.webmanifest")
@limiter.exempt
def manifest():
    body = json.dumps(app_shell.manifest(), ensure_ascii=False)
    return _cacheable(body, "application/manifest+json", max_age=SHELL_MAX_AGE)


@bp.route("/sw.js")
@limiter.exempt
def service_worker():
    # no-cache: the browser checks for a new worker (new static files) on every visit.
    return _cacheable(app_shell.service_worker_source(), "text/javascript", max_age=None)


@bp.route("/sin-conexion")
@limiter.exempt
def offline():
    # Without Flask's context processors: Flask-Login's would load the signed-in user (a
    # query, her device's "last seen") for a page that must not show anyone's data.
    page = current_app.jinja_env.get_template("app_shell/offline.html").render(
        business_name=settings.current().business_name or settings.DEFAULT_NAME
    )
    return _cacheable(page, "text/html", max_age=SHELL_MAX_AGE)
