"""Safe post-login redirects: only paths on this site, never another host."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a same-site path such as `/cursos/pan?x=1`, else None.

    Refuses scheme-relative (`//host`), backslash (`/\\host`), absolute and `javascript:`
    URLs, userinfo tricks, and any whitespace or control character browsers would strip.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    for candidate in (target, unquote(target)):
        if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in candidate):
            return None
        if not candidate.startswith("/") or candidate.startswith("//"):
            return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
