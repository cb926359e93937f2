"""Template helpers: Spanish formatting, links to write to the business on WhatsApp, the
admin check for the navbar."""

from __future__ import annotations

import re

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_eval_context
from jinja2.filters import do_urlize
from markupsafe import Markup, escape

from dulcevicio.formatting import clock, duration, long_date, long_datetime, time_ago
from dulcevicio.services import access, phones, whatsapp
from dulcevicio.services.kitchen.display import mould_text, yield_words

# What Jinja's urlize turns into a link: a scheme, www., an e-mail or a .com-like domain.
_MAYBE_LINK = re.compile(r"http|www\.|@|mailto:|\.(com|net|int|edu|gov|org|info|mil)", re.I)


@pass_eval_context
def linkify(eval_ctx, text: str) -> Markup:
    """Escaped text with its links made clickable (nofollow noopener, new tab).

    Jinja's urlize runs a few regular expressions per word; most comments hold no link
    at all, and for those its output is just the escaped text.
    """
    if not _MAYBE_LINK.search(text):
        return escape(text)
    return do_urlize(eval_ctx, text, nofollow=True, rel="noopener", target="_blank")


def csrf_token() -> str:
    """Flask-WTF's CSRF token, which it keeps in `g` after the first call of a request.

    Pages with a form per row or comment ask for it dozens of times; this skips
    Flask-WTF's configuration lookups after the first.
    """
    return g.get(current_app.config["WTF_CSRF_FIELD_NAME"]) or generate_csrf()


def _once(key: tuple, make):
    """`make()`, computed once per app and script root (the URL prefix the app runs under)."""
    if not has_request_context():
        return make()
    cache = current_app.extensions.setdefault("dulcevicio.fixed_html", {})
    key = (request.script_root, *key)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def fixed_url(endpoint: str, **values) -> str:
    """url_for for a link every page has (navigation, static files), built once per app.

    A page has a dozen of them, and url_for costs about as much as a query's Python side.
    """
    return _once(("url", endpoint, *sorted(values.items())), lambda: url_for(endpoint, **values))


def bootstrap_assets(part: str) -> Markup:
    """Bootstrap-Flask's tags (local files): "head" (CSS, icon font) or "scripts" (JS)."""
    bootstrap = current_app.extensions["bootstrap"]
    make = {
        "head": lambda: bootstrap.load_css() + Markup("\n") + bootstrap.load_icon_font_css(),
        "scripts": bootstrap.load_js,
    }[part]
    return _once(("bootstrap", part), make)


def page_url(number: int, endpoint: str | None = None, values: dict | None = None) -> str:
    """Page `number` of a list: of `endpoint` with `values`, or, without an endpoint, of this
    page with its own URL arguments and query string (a list keeps its filters)."""
    if endpoint is None:
        endpoint = request.endpoint
        values = {**(request.view_args or {}), **request.args.to_dict(), **(values or {})}
    return url_for(endpoint, **{**(values or {}), "page": number})


# The navbar shows the admin link by the same rule as the admin guard.


def is_admin() -> bool:
    return access.is_admin(current_user)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        long_date=long_date,
        long_datetime=long_datetime,
        time_ago=time_ago,
        duration=duration,
        clock=clock,
        linkify=linkify,
        phone=phones.display_phone,
        mould_text=mould_text,
        yield_words=yield_words,
    )
    app.jinja_env.globals.update(
        is_admin=is_admin,
        contact_url=whatsapp.to_business,
        whatsapp_chat=whatsapp.chat_url,
        csrf_token=csrf_token,
        fixed_url=fixed_url,
        page_url=page_url,
        bootstrap_assets=bootstrap_assets,
    )
    # Flask-WTF also puts its own csrf_token in every template context; this one wins.
    app.context_processor(lambda: {"csrf_token": csrf_token})


def compile_templates(app: Flask) -> int:
    """Compile every HTML template into the app's cache; returns how many.

    gunicorn calls it in the master before it forks the workers (gunicorn.conf.py), which
    start with them compiled: otherwise the first pages a worker serves pay ~0.4 s of it.
    """
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
