"""The bad-input corpus: payloads, and one table of (form, field, payload, expected) cases.

Expected outcomes:
- REFUSED: nothing stored changes (no row, no file) and the answer says why (a form error,
  a flash message, or a 4xx page);
- ACCEPTED: something is stored (the input is valid, odd as it looks, or is cleaned);
- ANY: either is fine; only the invariants every case shares are checked (no 500, nothing
  rendered unescaped, `{{7*7}}` never 49, stored images are plain RGB JPEGs).
`shown` asks that the payload appears, escaped, on a page after the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from tests import media
from tests.security import bad_files

REFUSED, ACCEPTED, ANY = "refused", "accepted", "any"

LONG = "x" * 100_000
TEMPLATE = "dv{{7*7}}dv"  # rendered by a template engine it would read dv49dv
JINJA_LOOP = "{% for x in range(9) %}dv{% endfor %}"  # rendered: dvdvdv...
MARKUP = {
    "script tag": '<script>alert("dv")</script>',
    "attribute breakout": '"><img src=x onerror=alert(1)>',
    "template": TEMPLATE,
    "jinja loop": JINJA_LOOP,
}
SQL = {
    "sql quote": "x' OR '1'='1",
    "sql drop": "'); DROP TABLE users; --",
}
UNICODE = {
    "emoji": "Pastel 🎂🍰 de fresa 🍓",
    "rtl": "كعكة الشوكولاتة \u202eabc",
    "zero width": "Pan\u200b de\u200d muerto\ufeff",
}
NUL = "Pan\x00 dulce"
NUMBERS = {
    "negative": "-1",
    "huge": "99999999999999999999",
    "huge negative": "-99999999999999999999",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e309": "1e309",
    "non-numeric": "abc",
    "trailing text": "12abc",
    "hex": "0x10",
    "decimal comma": "1,5",
    "sql": "1 OR 1=1",
    "NUL": "1\x00",
}
DATES = {
    "year 0": "0000-01-01",
    "year 1": "0001-01-01",
    "year 99999": "99999-12-31",
    "year 9999": "9999-12-31",
    "February 30": "2030-02-30",
    "month 13": "2030-13-01",
    "not a date": "mañana",
    "negative year": "-2030-01-01",
    "sql": "2030-01-01' OR '1'='1",
    "NUL": "2030-01-01\x00",
}


@dataclass(frozen=True)
class Upload:
    """A file field value: a name and a generator of its bytes (bombs are made once)."""

    name: str
    make: Callable[[], bytes]

    def data(self) -> bytes:
        return _generated(self.make)


@cache
def _generated(make: Callable[[], bytes]) -> bytes:
    return make()


@dataclass(frozen=True)
class Raw:
    """A request body sent as it is (JSON the json module would not write)."""

    body: str


@dataclass(frozen=True)
class Fields:
    """Several fields changed together (e.g. a 'date' preset and the date)."""

    values: dict


@dataclass(frozen=True)
class Case:
    form: str
    field: str
    label: str
    payload: object
    expect: str
    shown: bool = False
    bomb: bool = False

    @property
    def id(self) -> str:
        return f"{self.form} · {self.field} · {self.label}"


# --- Files ---------------------------------------------------------------------------

BOMBS = {
    "PNG claiming 100000×100000": lambda: media.png_header(100_000, 100_000),
    "PNG 8000×8000 of real data (190 KB)": lambda: bad_files.png_bomb(8000, 8000),
    "PNG 6000×6000 of real data (105 KB)": lambda: bad_files.png_bomb(6000, 6000),
    "transparent PNG 6000×6000 (140 KB)": lambda: bad_files.transparent_png_bomb(6000),
    "PNG zTXt chunk inflating to 64 MB": bad_files.png_text_bomb,
    "GIF claiming 65535×65535": bad_files.gif_bomb,
    "JPEG claiming 65000×65000": lambda: bad_files.jpeg_claiming(65_000, 65_000),
}
BAD_IMAGES = {
    "0-byte file": lambda: b"",
    "truncated JPEG": media.truncated_jpeg,
    "truncated PNG": bad_files.truncated_png,
    "HTML renamed .jpg": lambda: media.HTML,
    "PHP renamed .jpg": lambda: bad_files.PHP,
    "HTML then a JPEG": bad_files.html_then_jpeg,
    "SVG with a script": lambda: media.SVG,
    "GIF": media.gif,
    "BMP": bad_files.bmp,
    "TIFF": bad_files.tiff,
}
# Valid images, however odd: accepted and stored as an upright RGB JPEG without metadata.
ODD_IMAGES = {
    "CMYK JPEG": media.cmyk_jpeg,
    "16-bit PNG": media.sixteen_bit_png,
    "JPEG+HTML polyglot": bad_files.jpeg_html_polyglot,
    "1×1 PNG": bad_files.one_pixel_png,
    "20000×1 PNG": bad_files.extreme_ratio_png,
}
ODD_NAMES = {
    "path traversal name": "../../../../etc/cron.d/pastel.jpg",
    "windows traversal name": "..\\..\\windows\\win.ini.jpg",
    "NUL in the name": "pastel.php\x00.jpg",
    "300-character name": "p" * 300 + ".jpg",
    # Browsers send a double quote in a file name as %22, so the markup starts at "<".
    "markup name": "<img src=x onerror=alert(1)>.jpg",
    "RTL override name": "gpj.\u202eexe.jpg",
}


def image_cases(form: str, field: str, *, many: bool = False, bombs: bool = True) -> list[Case]:
    """Every bad file on its own; the odd but valid ones one by one, or all in one request
    when the field takes `many` files (one recipe book build instead of eleven)."""

    def value(upload: Upload):
        return [upload] if many else upload

    cases = [
        Case(form, field, label, value(Upload(f"{label}.jpg", make)), REFUSED)
        for label, make in BAD_IMAGES.items()
    ]
    if bombs:
        cases += [
            Case(form, field, label, value(Upload("bomba.png", make)), REFUSED, bomb=True)
            for label, make in BOMBS.items()
        ]
    odd = [(label, Upload("foto.jpg", make)) for label, make in ODD_IMAGES.items()]
    odd += [(label, Upload(name, media.jpeg)) for label, name in ODD_NAMES.items()]
    if many:
        together = [upload for _label, upload in odd]
        return [*cases, Case(form, field, f"{len(odd)} odd images at once", together, ACCEPTED)]
    return cases + [Case(form, field, label, upload, ACCEPTED) for label, upload in odd]


VIDEO_CASES = {
    "0-byte .mp4": (Upload("clase.mp4", lambda: b""), REFUSED),
    "HTML renamed .mp4": (Upload("clase.mp4", lambda: media.HTML), REFUSED),
    "PHP renamed .mov": (Upload("clase.mov", lambda: bad_files.PHP), REFUSED),
    "MP4 named .exe": (Upload("clase.exe", media.mp4), REFUSED),
    "MP4 named .php": (Upload("clase.php", media.mp4), REFUSED),
    "WebM named .mp4": (Upload("clase.mp4", media.webm), REFUSED),
    "JPEG named .webm": (Upload("clase.webm", media.jpeg), REFUSED),
    "no extension": (Upload("clase", media.mp4), REFUSED),
    "path traversal name": (Upload("../../../tmp/clase.mp4", media.mp4), ACCEPTED),
    "NUL in the name": (Upload("clase.php\x00.mp4", media.mp4), ACCEPTED),
    "300-character name": (Upload("v" * 300 + ".webm", media.webm), ACCEPTED),
    "markup name": (Upload("<svg onload=alert(1)>.mp4", media.mp4), ACCEPTED),
}


# --- Text ----------------------------------------------------------------------------


def free_text(form: str, field_name: str, *, shown: bool = True, long: str = REFUSED) -> list:
    """A field that takes any text and shows it: markup, SQL and Unicode are stored as
    typed and displayed escaped; 100 000 characters are refused; NUL is dropped."""
    cases = [
        Case(form, field_name, label, payload, ACCEPTED, shown=shown)
        for label, payload in (MARKUP | SQL | UNICODE).items()
    ]
    cases.append(Case(form, field_name, "100 000 characters", LONG, long))
    cases.append(Case(form, field_name, "NUL character", NUL, ACCEPTED))
    return cases


def strict_text(form: str, field_name: str, **expect_overrides: str) -> list[Case]:
    """A field with a format (e-mail, username, slug, URL...): every payload is refused
    unless `expect_overrides` says otherwise (by label)."""
    payloads = MARKUP | SQL | UNICODE | {"100 000 characters": LONG, "NUL character": NUL}
    return [
        Case(form, field_name, label, payload, expect_overrides.get(label, REFUSED))
        for label, payload in payloads.items()
    ]


def number_cases(form: str, field_name: str) -> list[Case]:
    return [Case(form, field_name, label, value, REFUSED) for label, value in NUMBERS.items()]


def date_cases(form: str, field_name: str, preset: dict | None = None) -> list[Case]:
    return [
        Case(form, field_name, label, Fields({**(preset or {}), field_name: value}), REFUSED)
        for label, value in DATES.items()
    ]


@dataclass
class Table:
    cases: list[Case] = field(default_factory=list)

    def add(self, *groups: Iterable[Case] | Case) -> None:
        for group in groups:
            self.cases.extend([group] if isinstance(group, Case) else group)

    def forms(self) -> list[str]:
        return list(dict.fromkeys(case.form for case in self.cases))

    def of(self, form: str) -> list[Case]:
        return [case for case in self.cases if case.form == form]
