"""Open redirects: after a successful login, `next` is followed only to a path on this site.

The corpus is generated here: every trick browsers are known to accept for leaving a site
(scheme-relative, backslashes, userinfo, encodings, whitespace and control characters,
script URLs, numeric IP hosts), in several spellings each.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from werkzeug.urls import iri_to_uri

from tests.helpers import submit_login

SECTION = "Open redirects"
EVIL = "evil.example"
# 203.0.113.7 written the ways URL parsers accept: decimal, octal, hex, mixed, IPv6.
IP_HOSTS = [
    "203.0.113.7",
    "3405803783",
    "0313.0.0161.07",
    "0xcb.0x0.0x71.0x7",
    "0xCB007107",
    "0313.0x0.113.7",
    "[::ffff:cb00:7107]",
    "[::ffff:203.0.113.7]",
    "[2001:db8::7]",
]
WHITESPACE = ["\t", "\n", "\r", " ", "\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\u3000", "\u00a0"]


def evil_shapes(host: str) -> list[str]:
    """The ways of naming another host, each relying on a different parser quirk."""
    return [
        f"//{host}",
        f"///{host}",
        f"////{host}/",
        f"/\\{host}",
        f"\\\\{host}",
        f"\\/{host}",
        f"/\\/{host}",
        f"//\\{host}",
        f"http://{host}",
        f"https://{host}/cursos",
        f"HTTPS://{host}",
        f"hTtP://{host}",
        f"http:{host}",
        f"https:/{host}",
        f"http:/\\{host}",
        f"https:\\\\{host}",
        f"http:///{host}",
        f"ftp://{host}",
        f"//user:clave@{host}",
        f"//localhost@{host}",
        f"https://localhost@{host}/",
        f"http://localhost:80@{host}",
        f"//{host}\\@localhost",
        f"//{host}#@localhost",
        f"//{host}?@localhost",
        f"//{host}:443/",
        f"{host}",
        f"{host}/cursos",
    ]


def encoded(payload: str, times: int) -> str:
    for _ in range(times):
        payload = quote(payload, safe="")
    return payload


def redirect_corpus() -> list[str]:
    corpus: list[str] = []
    for shape in evil_shapes(EVIL):
        corpus += [shape, encoded(shape, 1), encoded(shape, 2)]
        # Encoded again but keeping the leading slash that makes it look like a path.
        if shape.startswith("/"):
            corpus.append("/" + encoded(shape[1:], 1))
            corpus.append("/" + encoded(shape[1:], 2))
    for host in IP_HOSTS:
        corpus += [f"//{host}", f"http://{host}/", f"/\\{host}", f"https:{host}"]
    for char in WHITESPACE:
        corpus += [
            f"/{char}/{EVIL}",
            f"{char}//{EVIL}",
            f"//{EVIL}{char}",
            f"/{char}\\{EVIL}",
            f"//{char}{EVIL}",
            f"java{char}script:alert(1)",
            f"/%{ord(char) % 256:02X}/{EVIL}",
        ]
    corpus += [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "javascript://%0aalert(1)",
        "javascript:alert(1)//",
        "jav&#x09;ascript:alert(1)",
        "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "Data:,hola",
        f"//{EVIL}\u3002",
        "//evil\u3002example",
        f"/\uff0f{EVIL}",
        f"\uff0f\uff0f{EVIL}",
        f"/%0d%0aLocation:%20http://{EVIL}",
        f"/\r\nLocation: http://{EVIL}",
        f"/\r\nSet-Cookie: dulcevicio_session={EVIL}",
        "/" + "a" * 5000,
    ]
    return list(dict.fromkeys(corpus))


SAME_SITE = [
    "/",
    "/cursos",
    "/mis-cursos#curso-2",
    "/cuenta?tab=datos",
    "/cuenta/clave",
    "/cursos/tartas-de-fruta",
    "/cursos/tartas-de-fruta/lecciones/2?t=30",
    "/cursos/tartas-de-fruta/foro?page=2#comentario-5",
    "/cursos?q=piñón",
    "/cursos/repostería-fina",
    "/cursos?orden=fecha&página=2",
    "/cursos/pan-de-muerto?nota=año%20nuevo#sección-ñ",
    "/cursos/%C3%B1andú",
    "/cursos?next=/mis-cursos",
    "/mis-cursos?x=1&y=%2F",
]


def stays_on_site(location: str) -> bool:
    """Stricter than any browser: a plain path (one leading slash, nothing a browser would
    strip or turn into a slash), or an absolute URL to this very host."""
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "localhost"
    return (
        location.startswith("/")
        and not location.startswith("//")
        and "\\" not in location
        and all(0x20 < ord(char) < 0x7F for char in location)
    )


@pytest.fixture
def student(make_user):
    return make_user(email="lucia@example.com")


def login_with_next(app, target: str):
    response = submit_login(app.test_client(), "lucia@example.com", next_url=target)
    assert response.status_code == 302, repr(target)
    return response.headers["Location"]


def test_no_payload_is_followed_off_site(app, student, figures):
    corpus = redirect_corpus()
    assert len(corpus) >= 90
    locations = {target: login_with_next(app, target) for target in corpus}
    off_site = [(target, loc) for target, loc in locations.items() if not stays_on_site(loc)]
    followed = [target for target, loc in locations.items() if loc != "/mis-cursos"]
    figures.set(SECTION, "next payloads tried (after a successful login)", len(corpus))
    figures.set(SECTION, "followed off-site", len(off_site))
    figures.set(SECTION, "followed at all (as a same-site path)", len(followed))
    assert off_site == []


def test_same_site_paths_are_followed(app, student, figures):
    followed = [
        target for target in SAME_SITE if login_with_next(app, target) == iri_to_uri(target)
    ]
    figures.set(SECTION, "same-site paths followed", f"{len(followed)} / {len(SAME_SITE)}")
    assert followed == SAME_SITE
