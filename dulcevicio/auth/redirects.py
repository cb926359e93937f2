"""Safe post-login redirects: only paths on this site, never another host."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

MAX_NEXT_LENGTH = 2000


def _plain_path(candidate: str, *, allow_space: bool) -> bool:
    """One leading slash, then nothing a browser strips or reads as a slash."""
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    return not any(
        ch == "\\"
        or ord(ch) < 32
        or ord(ch) == 127
        or (ch.isspace() and not (allow_space and ch == " "))
        for ch in candidate
    )


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a same-site path such as `/cursos/pan?x=1`, else None.

    Refuses scheme-relative (`//host`), backslash (`/\\host`), absolute and `javascript:`
    URLs, userinfo tricks, and any whitespace or control character browsers would strip,
    as sent and once percent-decoded (where an encoded space, `?q=pan%20dulce`, is fine).
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if not _plain_path(target, allow_space=False):
        return None
    if not _plain_path(unquote(target), allow_space=True):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
