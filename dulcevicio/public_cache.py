"""Public pages for visitors: rendered once per worker, served from memory while nothing
they show has changed, and revalidated by browsers and proxies with an ETag.

A view marked `@public_page` (landing, catalog, course page, lesson) answers a visitor (no
login, an empty session: no flash message waiting, no CSRF token issued) with
`Cache-Control: public, no-cache`, an `ETag` and `Vary: Cookie`, and notes the public
pages' version it read before rendering (`services/public_pages.py`). `PublicPageCache`,
around the app, keeps such a 200 answer to a GET by scheme, host and path, with that
version. A later GET or HEAD without a session or remember-me cookie and without a query
string is answered from it, without entering Flask, while the version is the same: `304`
when the browser already holds that ETag. Anyone who carries a login, a session or a query
string goes through the app as before, and pages with private data stay `no-store`.

What makes a kept page safe to share is checked when it is kept: rendered for a visitor,
the session left empty and unmodified, no cookie set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, make_response, request, session
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie, parse_etags, unquote_etag

from dulcevicio.extensions import shared_redis
from dulcevicio.services import public_pages
from dulcevicio.services.kept import Kept

MAX_PAGES = 256  # per worker: the public pages of every course and preview lesson
RENDERED_UNDER = "dulcevicio.public_page_version"  # environ: the version a page was rendered under
VERSION_READ = "dulcevicio.public_version_read"  # environ: the version the cache just read
# Not repeated on a 304 (RFC 9110, 15.4.5: it carries the validators and caching fields).
_BODY_HEADERS = frozenset({"content-length", "content-type"})


def _without_body_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers if name.lower() not in _BODY_HEADERS]


def _for_visitors() -> bool:
    return not current_user.is_authenticated and not session and not session.modified


def public_page(view: Callable) -> Callable:
    """Mark a view whose page, for a visitor, is the same for every visitor."""

    @wraps(view)
    def answer(*args, **kwargs):
        if request.method not in ("GET", "HEAD") or not _for_visitors():
            return view(*args, **kwargs)
        version = request.environ.get(VERSION_READ)
        if version is None:
            version = public_pages.current_version()  # before rendering: never newer
        response = make_response(view(*args, **kwargs))
        if response.status_code != 200 or not _for_visitors():
            return response
        response.cache_control.public = True
        response.cache_control.no_cache = True
        response.vary.add("Cookie")
        response.add_etag()
        request.environ[RENDERED_UNDER] = version
        return response.make_conditional(request)

    return answer


@dataclass(frozen=True)
class KeptPage:
    headers: list[tuple[str, str]]
    body: bytes
    etag: str

    def answer(self, environ: dict, start_response) -> Iterable[bytes]:
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(self.etag):
            start_response("304 Not Modified", _without_body_headers(self.headers))
            return []
        start_response("200 OK", self.headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [self.body]


class PublicPageCache:
    """WSGI middleware: visitors' public pages from this worker's memory (see above)."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages: Kept[KeptPage] = Kept(MAX_PAGES)
        self.login_cookies = (app.config["SESSION_COOKIE_NAME"], app.config["REMEMBER_COOKIE_NAME"])

    def _may_answer(self, environ: dict) -> bool:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
            return False
        cookie = environ.get("HTTP_COOKIE")
        return not cookie or not any(name in parse_cookie(cookie) for name in self.login_cookies)

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        if not self._may_answer(environ):
            return self.wsgi_app(environ, start_response)
        key = (environ["wsgi.url_scheme"], environ.get("HTTP_HOST", ""), environ["PATH_INFO"])
        kept = self.pages.peek(key)
        if kept is None:  # not a public page, or not rendered here yet: no version asked
            return self._render_and_keep(environ, start_response, key)
        version = self._version()
        if version is None:  # the database cannot say: the app answers (its 503 page)
            return self.wsgi_app(environ, start_response)
        if kept[0] == version:
            return kept[1].answer(environ, start_response)
        environ[VERSION_READ] = version
        return self._render_and_keep(environ, start_response, key)

    def _version(self) -> int | None:
        """The public pages' version: from Redis when it holds it (no app context, no
        query: most answers), else from the database."""
        shared = shared_redis(self.app)
        if shared is not None:
            held = public_pages.shared_version(shared)
            if held is not None:
                return held
        try:
            with self.app.app_context():
                return public_pages.current_version()
        except SQLAlchemyError:
            return None

    def _render_and_keep(self, environ: dict, start_response, key: tuple) -> Iterable[bytes]:
        """Let the app answer; keep a page it marks as public, then answer from the kept
        copy. A returning visitor's conditional GET on a worker that has not kept the page
        yet gets a 304 from the app: the page is rendered again, whole, to be kept."""
        if environ["REQUEST_METHOD"] != "GET":
            return self.wsgi_app(environ, start_response)
        status, headers, body_parts = self._call(environ)
        if environ.get(RENDERED_UNDER) is not None and status.startswith("304"):
            _close(body_parts)
            asked = environ.pop("HTTP_IF_NONE_MATCH")
            del environ[RENDERED_UNDER]
            status, headers, body_parts = self._call(environ)
            environ["HTTP_IF_NONE_MATCH"] = asked
        version = environ.get(RENDERED_UNDER)
        if version is None or not status.startswith("200"):
            start_response(status, headers)
            return body_parts
        try:
            body = b"".join(body_parts)
        finally:
            _close(body_parts)
        names = {name.lower(): value for name, value in headers}
        if "set-cookie" in names or "etag" not in names:
            start_response(status, headers)
            return [body]
        page = KeptPage(headers, body, unquote_etag(names["etag"])[0])
        self.pages.put(key, version, page)
        return page.answer(environ, start_response)

    def _call(self, environ: dict) -> tuple[str, list, Iterable[bytes]]:
        """The app's (status, headers, body) for `environ`, nothing sent yet."""
        sent: dict = {}

        def note(status: str, headers: list, exc_info=None):
            sent.update(status=status, headers=list(headers))
            return lambda _data: None  # Flask never writes through it

        body_parts = self.wsgi_app(environ, note)
        return sent["status"], sent["headers"], body_parts


def _close(body_parts: Iterable[bytes]) -> None:
    if hasattr(body_parts, "close"):
        body_parts.close()


def keep_public_pages(app: Flask) -> None:
    """Serve visitors' public pages from memory (unless PUBLIC_PAGES_CACHED is off)."""
    if app.config["PUBLIC_PAGES_CACHED"]:
        app.wsgi_app = PublicPageCache(app, app.wsgi_app)
