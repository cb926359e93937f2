"""Limits on what a request may carry: per-route body sizes (above or below the global
MAX_CONTENT_LENGTH), and no NUL character in the URL path.

The body limit must be in place before anything reads the body, and CSRFProtect reads the
form in its own before_request hook; so the factory registers `apply_body_limit` first.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, request


def body_limit(config_key: str) -> Callable:
    """Mark a view whose request body may be as large as `app.config[config_key]` bytes."""

    def mark(view: Callable) -> Callable:
        view.body_limit_config_key = config_key
        return view

    return mark


def apply_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, "body_limit_config_key", None)
    if key:
        request.max_content_length = current_app.config[key]


def refuse_nul_in_path() -> None:
    """No page has a NUL in its address, and PostgreSQL refuses NUL in the slugs and keys
    the views would look up: answer 404 before any view runs."""
    if "\x00" in request.path:
        abort(404)
