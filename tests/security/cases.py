"""The bad-input table: which payloads go to which field of which form, and what must
happen (see tests/security/corpus.py for the payloads and the meaning of the outcomes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urlencode

from tests import media
from tests.security.corpus import (
    ACCEPTED,
    ANY,
    LONG,
    MARKUP,
    NUL,
    NUMBERS,
    REFUSED,
    SQL,
    TEMPLATE,
    UNICODE,
    VIDEO_CASES,
    Case,
    Fields,
    Raw,
    Table,
    Upload,
    date_cases,
    free_text,
    image_cases,
    number_cases,
    strict_text,
)
from tests.security.forms import FUTURE

HUGE = "99999999999999999999"
DAY_BEFORE_START = (date.fromisoformat(FUTURE) - timedelta(days=1)).isoformat()

URLS = {
    "NUL in a course slug": ("visitor", "/cursos/%00"),
    "NUL in a forum slug": ("student", "/cursos/pan%00dulce/foro"),
    "NUL in a book slug": ("student", "/cursos/pan%00dulce/recetario.pdf"),
    "300-character slug": ("visitor", "/cursos/" + "a" * 300),
    "emoji slug": ("visitor", "/cursos/%F0%9F%8E%82"),
    "NUL in a media path": ("visitor", "/media/recipes/%00.jpg"),
    "traversal in a media path": ("visitor", "/media/recipes/..%2f..%2f..%2fconfig.py"),
    "dot-dot media path": ("visitor", "/media/../../etc/passwd"),
    "absolute media path": ("visitor", "/media//etc/passwd"),
    "media width not a number": ("student", "/media/recipes/x.jpg?w=abc"),
    "NUL in a search": ("admin", "/admin/usuarios?q=%00"),
    "markup in a search": ("admin", "/admin/usuarios?q=%3Cscript%3Ealert(1)%3C/script%3E"),
    "NUL in a filter": ("admin", "/admin/inscripciones?status=%00&course=%00"),
    "negative page": ("admin", "/admin/inscripciones?page=-5"),
    "NUL in next": ("visitor", "/ingresar?next=%00"),
    "NUL in a link token": ("visitor", "/clave/%00"),
    "huge forum page": ("student", "/cursos/pan-dulce/foro?page=" + HUGE),
    "NUL in a certificate code": ("visitor", "/verificar/%00"),
    "markup as a certificate code": (
        "visitor",
        "/verificar?codigo=%3Cscript%3Ealert(1)%3C/script%3E",
    ),
    "300-character certificate code": ("visitor", "/verificar/" + "K" * 300),
    "another's certificate PDF": ("student", "/certificados/ZZZZ-ZZZZ-ZZZZ.pdf"),
    "unknown renewals group": ("admin", "/admin/renovaciones?grupo=%00"),
    "huge renewals page": ("admin", "/admin/renovaciones?grupo=semana&page=" + HUGE),
    "impossible audit dates": ("admin", "/admin/auditoria?desde=2026-02-30&hasta=99999-01-01"),
    "NUL in the audit filters": ("admin", "/admin/auditoria?q=%00&quien=%00&accion=%00&alumna=%00"),
    "huge audit page": ("admin", "/admin/auditoria?alumna=" + HUGE + "&page=" + HUGE),
    "NUL in the offline page's query": ("visitor", "/sin-conexion?%00=%00"),
    "NUL after the service worker": ("student", "/sw.js%00"),
    "markup in the manifest's query": (
        "visitor",
        "/manifest.webmanifest?v=%3Cscript%3Ealert(1)%3C/script%3E",
    ),
}


def _url_cases() -> list[Case]:
    return [Case(f"url ({who})", "path", label, url, REFUSED) for label, (who, url) in URLS.items()]


# What people type into the search box, and what an attacker would: every one is a normal
# page or JSON answer (no 500, no syntax error from either database's index), echoed escaped.
QUERY_SYNTAX = {
    "FTS5 operators": 'merengue AND OR NOT * " - NEAR(a b, 2) ^torta title:x {a b}:y',
    "tsquery operators": "merengue:* & !(torta | pan) <-> c:AB",
    "quotes only": '"""',
    "lone operators": "* - ^ : ( ) & | !",
    "a 500-character word": "merengue" * 62 + "abcd",
    "one letter": "a",
    "many words": " ".join(["torta de chocolate"] * 40),
}


def _search_cases() -> list[Case]:
    payloads = MARKUP | SQL | UNICODE | QUERY_SYNTAX | {"NUL character": NUL, "100 000": LONG}
    return [
        Case(f"url ({who})", "path", f"{where}: {label}", f"{url}?{urlencode({'q': payload})}", ANY)
        for label, payload in payloads.items()
        for who, where, url in (
            ("student", "search", "/buscar"),
            ("visitor", "search box", "/buscar/sugerencias"),
        )
    ] + [
        Case(
            "url (student)",
            "path",
            "search: unknown group, huge page",
            "/buscar?q=torta&tipo=%00&page=" + HUGE,
            ANY,
        ),
        Case(
            "url (admin)",
            "path",
            "search: negative page of a group",
            "/buscar?q=torta&tipo=recetas&page=-4",
            ANY,
        ),
    ]


def email_cases(form: str) -> list[Case]:
    """E-mail addresses: internationalised ones are valid; invisible characters and an
    existing address in other letter case are not."""
    return [
        Case(form, "email", "emoji address", "pastel🎂@example.com", ACCEPTED, shown=True),
        Case(form, "email", "zero-width address", "ana\u200b@example.com", REFUSED),
        Case(form, "email", "taken, other case", "JEFA@Example.com", REFUSED),
        Case(form, "email", "quoted local part", '"<script>"@example.com', REFUSED),
    ]


def phone_cases(form: str) -> list[Case]:
    """Numbers that look like phone numbers but are not ones WhatsApp could reach."""
    return [
        Case(form, "phone", label, value, REFUSED)
        for label, value in {
            "too short": "55 12",
            "too long": "+52 55 1234 5678 1234 5678",
            "unknown country": "+999 1234 5678",
            "letters": "55-CALL-NOW",
            "huge": HUGE,
        }.items()
    ]


def template_cases(form: str, field_name: str) -> list[Case]:
    """A message template: any text, but only the message's own {placeholders}, without
    formats or attribute access (str.format would run them)."""
    cases = [
        replace(case, expect=REFUSED) if case.label == "jinja loop" else case
        for case in free_text(form, field_name)
    ]
    cases += [
        Case(form, field_name, label, value, REFUSED)
        for label, value in {
            "unknown placeholder": "Hola {monto}",
            "attribute access": "Hola {curso.__class__.__mro__}",
            "index access": "Hola {curso[0]}",
            "huge width": "Hola {curso:>999999999}",
            "conversion": "Hola {curso!r}",
            "positional": "Hola {} {0}",
            "unclosed brace": "Hola {curso",
            "1 001 characters": "x" * 1001,
        }.items()
    ]
    return cases


def structure_cases() -> list[Case]:
    """A recipe's structure: texts of its rows, quantities as kitchens write them, units and
    shapes from lists, numbers in ranges, capped row counts; the pasted text it is proposed
    from (nothing is saved, the proposal is shown escaped)."""
    form, lesson = "admin recipe structure", "admin recipe structure (lesson)"
    cases = [
        case
        for name in ("ingredients-0-ingredient", "ingredients-0-note", "ingredients-0-group")
        for case in free_text(form, name)
    ]
    cases += free_text(form, "steps-0-text")
    cases += strict_text(form, "ingredients-0-quantity") + strict_text(form, "ingredients-0-unit")
    # "1,5" is how a Spanish recipe writes 1.5; NUL is dropped, leaving "1".
    cases += [
        replace(case, expect=ACCEPTED) if case.label in ("decimal comma", "NUL") else case
        for case in number_cases(form, "ingredients-0-quantity")
    ]
    for name in ("yield_amount", "width_cm", "steps-0-timer_minutes"):
        cases += number_cases(form, name)
    cases += [  # a mould 1,5 cm high is a tart's
        replace(case, expect=ACCEPTED) if case.label == "decimal comma" else case
        for case in number_cases(form, "height_cm")
    ]
    cases += [
        Case(form, name, label, value, REFUSED)
        for name, label, value in [
            ("ingredients-0-quantity", "zero", "0"),
            ("ingredients-0-quantity", "division by zero", "1/0"),
            ("ingredients-0-quantity", "exponent", "1e9"),
            ("ingredients-0-quantity", "reversed range", "3-2"),
            ("ingredients-0-quantity", "41 characters", "1" * 41),
            ("ingredients-0-unit", "unknown", "litros"),
            ("yield_amount", "zero", "0"),
            ("yield_amount", "501", "501"),
            ("width_cm", "zero", "0"),
            ("width_cm", "5 m", "500"),
            ("height_cm", "31 cm", "31"),
            ("length_cm", "on a round mould", "30"),
            ("shape", "unknown", "triangular"),
            ("steps-0-timer_minutes", "zero", "0"),
            ("steps-0-timer_minutes", "a day and a minute", "1441"),
            ("steps-0-second", "without a lesson", "30"),
            ("action", "unknown", "borrar"),
            ("action", "NUL", "guardar\x00"),
        ]
    ]
    rows = {
        f"ingredients-{n}-{key}": value
        for n in range(300)
        for key, value in (("quantity", "1"), ("unit", "g"), ("ingredient", f"i{n}"))
    }
    cases.append(Case(form, "ingredients", "300 rows", Fields(rows), REFUSED))
    steps = {f"steps-{n}-text": f"Paso {n}" for n in range(300)}
    cases.append(Case(form, "steps", "300 steps", Fields(steps), REFUSED))
    pasted = MARKUP | SQL | UNICODE | {"NUL": NUL, "10 000 characters": "250 g de harina\n" * 625}
    cases += [
        Case(form, "recipe_text", label, Fields({"action": "proponer", "recipe_text": text}), ANY)
        for label, text in pasted.items()
    ]
    cases.append(
        Case(
            form,
            "recipe_text",
            "100 000 characters",
            Fields({"action": "proponer", "recipe_text": LONG}),
            REFUSED,
        )
    )
    # The lesson's moment: "95" or "1:35", a lesson of this course.
    cases += [
        Case(lesson, "steps-0-second", "seconds", "95", ACCEPTED),
        Case(lesson, "steps-0-second", "the start", "0:00", ACCEPTED),
    ]
    cases += [
        Case(lesson, "steps-0-second", label, value, REFUSED)
        for label, value in {
            "99:99:99": "99:99:99",
            "a day and a second": "86401",
            "negative": "-1",
            "NUL": "1\x00",
        }.items()
    ]
    cases += number_cases(lesson, "steps-0-lesson")
    cases.append(Case(lesson, "steps-0-lesson", "no such lesson", "999999", REFUSED))
    return cases


def build_table() -> Table:
    t = Table()
    # Login and passwords: nothing here is ever shown; everything but a good password fails.
    t.add(strict_text("login", "login"), strict_text("login", "password"))
    t.add(
        Case("set password", "password", "7 characters", Fields({"password": "1234567"}), REFUSED),
        Case(
            "set password",
            "password",
            "100 000 characters",
            Fields({"password": LONG, "confirm": LONG}),
            REFUSED,
        ),
        Case("set password", "confirm", "mismatch", "otra-clave-123", REFUSED),
        Case(
            "set password",
            "password",
            "markup",
            Fields({"password": MARKUP["script tag"], "confirm": MARKUP["script tag"]}),
            ACCEPTED,
        ),
        Case(
            "set password",
            "password",
            "emoji",
            Fields({"password": "🎂🍰🍓🎂🍰🍓🎂🍰", "confirm": "🎂🍰🍓🎂🍰🍓🎂🍰"}),
            ACCEPTED,
        ),
        Case("set password", "token", "forged token", "abc.def.ghi", REFUSED),
        Case("set password", "token", "300-character token", "t" * 300, REFUSED),
        Case("set password", "token", "traversal token", "..%2f..%2fadmin", REFUSED),
    )
    t.add(
        Case("change password", "current_password", label, value, REFUSED)
        for label, value in {**MARKUP, **SQL, "NUL": NUL, "100 000": LONG}.items()
    )
    t.add(
        Case(
            "change password",
            "password",
            "100 000 characters",
            Fields({"password": LONG, "confirm": LONG}),
            REFUSED,
        ),
        Case("change password", "confirm", "mismatch", "otra-clave-123", REFUSED),
    )
    # Profile: the name is free text, the username has a format, the avatar is an image.
    t.add(free_text("account", "full_name"), strict_text("account", "username"))
    t.add(strict_text("account", "phone"), phone_cases("account"))
    t.add(image_cases("account", "avatar"))
    # Admin users.
    t.add(free_text("admin user new", "full_name"))
    t.add(strict_text("admin user new", "email"), email_cases("admin user new"))
    t.add(strict_text("admin user new", "username"))
    t.add(strict_text("admin user new", "phone"), phone_cases("admin user new"))
    t.add(
        Case("admin user new", "role", label, value, REFUSED)
        for label, value in {"unknown": "SUPERADMIN", "sql": "ADMIN' --", "NUL": "USER\x00"}.items()
    )
    t.add(Case("admin user new", "access_method", "unknown", "magic", REFUSED))
    t.add(Case("admin user new", "password", "100 000", LONG, REFUSED))
    t.add(free_text("admin user edit", "full_name"))
    # Device limits: a whole number from 1 to 20; a device to close: an id of hers.
    t.add(number_cases("admin user edit", "device_limit"))
    t.add(Case("admin user edit", "device_limit", "zero", "0", REFUSED))
    t.add(number_cases("admin settings", "device_limit"))
    t.add(Case("admin settings", "device_limit", "21", "21", REFUSED))
    t.add(number_cases("my devices", "dispositivo"))
    t.add(Case("my devices", "cerrar", "not the others", "todos", REFUSED))
    t.add(Case("my devices", "cerrar", "NUL", "otros\x00", REFUSED))
    t.add(strict_text("admin user edit", "phone"), phone_cases("admin user edit"))
    # Payments.
    # A decimal comma is how half the continent writes money: "1,5" is 1.50.
    t.add(strict_text("admin payment", "amount"))
    t.add(
        replace(case, expect=ACCEPTED) if case.label == "decimal comma" else case
        for case in number_cases("admin payment", "amount")
    )
    t.add(
        Case("admin payment", "amount", label, value, REFUSED)
        for label, value in {
            "zero": "0",
            "three decimals": "10.005",
            "thousands separator": "1,200.50",
            "exponent": "1e3",
        }.items()
    )
    t.add(strict_text("admin payment", "currency"), strict_text("admin payment", "method"))
    t.add(strict_text("admin payment", "paid_for"), strict_text("admin payment", "user"))
    t.add(free_text("admin payment", "reference", long=REFUSED), free_text("admin payment", "note"))
    t.add(date_cases("admin payment", "paid_on"))
    t.add(Case("admin payment", "paid_on", "in the future", FUTURE, REFUSED))
    t.add(image_cases("admin payment", "receipt", bombs=False))
    # One-step onboarding.
    t.add(free_text("admin onboarding", "full_name"))
    t.add(strict_text("admin onboarding", "email"), email_cases("admin onboarding"))
    t.add(strict_text("admin onboarding", "phone"), phone_cases("admin onboarding"))
    t.add(strict_text("admin onboarding", "purchase"), strict_text("admin onboarding", "course"))
    t.add(strict_text("admin onboarding", "duration"), strict_text("admin onboarding", "amount"))
    t.add(date_cases("admin onboarding", "expires_on", {"duration": "date"}))
    t.add(
        Case(
            "admin onboarding",
            "duration",
            "a membership for ever",
            Fields({"purchase": "membresia", "duration": "never"}),
            REFUSED,
        )
    )
    # Renewals: the period and the optional payment.
    t.add(strict_text("admin renewal", "duration"), strict_text("admin renewal", "amount"))
    t.add(date_cases("admin renewal", "until", {"duration": "date"}))
    t.add(
        Case(
            "admin renewal",
            "until",
            "yesterday",
            Fields({"duration": "date", "until": "2001-01-01"}),
            REFUSED,
        )
    )
    t.add(strict_text("admin renewal", "method"), strict_text("admin renewal", "currency"))
    t.add(free_text("admin renewal", "reference", long=REFUSED))
    # The admin's second step: a code is 6 digits (or a recovery code).
    t.add(strict_text("admin second step", "code"))
    # Tracing a recipe book: a code is 8 letters and digits; an upload must be a PDF.
    t.add(strict_text("admin trace", "code"))
    t.add(
        [
            Case("admin trace", "copy", label, upload, REFUSED)
            for label, upload in {
                "HTML named .pdf": Upload("recetario.pdf", lambda: media.HTML),
                "JPEG named .pdf": Upload("recetario.pdf", media.jpeg),
                "0-byte .pdf": Upload("recetario.pdf", lambda: b""),
                "truncated PDF": Upload("recetario.pdf", lambda: b"%PDF-1.7\n1 0 obj\n<<"),
            }.items()
        ]
    )
    # Business settings.
    t.add(free_text("admin settings", "business_name"))
    t.add(strict_text("admin settings", "whatsapp_number"))
    t.add(strict_text("admin settings", "currency"))
    t.add(Case("admin settings", "currency", "not ISO 4217", "XYZ", REFUSED))
    t.add(template_cases("admin settings", "message_access_request"))
    t.add(template_cases("admin settings", "message_invitation"))
    t.add(strict_text("admin user edit", "email"), email_cases("admin user edit"))
    # Courses.
    t.add(free_text("admin course new", "title"))
    t.add(strict_text("admin course new", "slug"))
    t.add(number_cases("admin course new", "estimated_duration_minutes"))
    t.add(strict_text("admin course new", "whatsapp_group_url"))
    t.add(
        Case("admin course new", "whatsapp_group_url", label, value, REFUSED)
        for label, value in {
            "javascript URL": "javascript:alert(1)",
            "plain http": "http://chat.whatsapp.com/Grupo123",
            "look-alike host": "https://chat.whatsapp.com.evil.example/Grupo123",
            "userinfo trick": "https://chat.whatsapp.com@evil.example/Grupo123",
        }.items()
    )
    t.add(Case("admin course new", "difficulty_level", "unknown", "EXPERT", REFUSED))
    t.add(image_cases("admin course new", "thumbnail", bombs=False))
    t.add(free_text("admin course edit", "title"), free_text("admin course edit", "description"))
    t.add(image_cases("admin course edit", "thumbnail"))
    # Certificates: hours a whole number from 1 to 1000, who signs free text, a signature
    # image; an admin's revoking reason and name correction are free text.
    t.add(number_cases("admin course edit", "certificate_hours"))
    t.add(Case("admin course edit", "certificate_hours", "zero", "0", REFUSED))
    t.add(free_text("admin course edit", "signatory_name"))
    t.add(image_cases("admin course edit", "signature"))
    t.add(free_text("admin settings", "signatory_name"))
    # The course page that sells: points (12 of 160), the instructor, a displayed price.
    t.add(free_text("admin course edit", "learning_points", shown=False))
    t.add(Case("admin course edit", "learning_points", "13 points", "a\n" * 13, REFUSED))
    t.add(Case("admin course edit", "learning_points", "a 161-character point", "p" * 161, REFUSED))
    t.add(
        free_text("admin course edit", "instructor_name"),
        free_text("admin course edit", "instructor_bio"),
    )
    t.add(Case("admin course edit", "instructor_bio", "601 characters", "b" * 601, REFUSED))
    t.add(image_cases("admin course edit", "instructor_photo", bombs=False))
    t.add(
        Case("admin course edit", "price_amount", label, value, expect)
        for label, value, expect in [
            *(
                (label, value, REFUSED)
                for label, value in NUMBERS.items()
                if label != "decimal comma"
            ),
            ("decimal comma", "1,5", ACCEPTED),
            ("thousands and decimals", "25.000,50", ACCEPTED),
            ("zero", "0", REFUSED),
            ("three decimals", "1.555", ACCEPTED),  # 1555: a thousands separator
            ("four decimals", "1.5555", REFUSED),
            ("10^10", "10000000000", REFUSED),
        ]
    )
    t.add(Case("admin course edit", "price_currency", "not ISO 4217", "XYZ", REFUSED))
    t.add(free_text("admin settings", "instructor_name"))
    t.add(image_cases("admin settings", "instructor_photo", bombs=False))
    t.add(free_text("admin certificate revoke", "reason"))
    t.add(free_text("admin certificate name", "name"))
    # Lessons and their videos.
    t.add(free_text("admin lesson new", "title"))
    t.add(number_cases("admin lesson new", "video_duration_seconds"))
    t.add(
        Case("admin lesson new", "video_duration_seconds", label, value, REFUSED)
        for label, value in {
            "99:99": "99:99",
            "1:60:00": "1:60:00",
            "25 hours": "25:00:00",
            "-1:00": "-1:00",
        }.items()
    )
    t.add(free_text("admin lesson edit", "title"), free_text("admin lesson edit", "description"))
    t.add(
        Case("admin lesson video", "video", label, upload, expect)
        for label, (upload, expect) in VIDEO_CASES.items()
    )
    # Recipes: many photos at once, texts, a replaced photo.
    t.add(image_cases("admin recipe upload", "images", many=True))
    t.add(
        free_text("admin recipe edit", "title"),
        free_text("admin recipe edit", "description"),
        free_text("admin recipe edit", "recipe_text"),
    )
    # The recipe book lays out whatever the recipe says (emoji, RTL, markup as text).
    t.add(
        Case("admin recipe edit (book)", name, label, payload, ACCEPTED, shown=True)
        for name, (label, payload) in [
            ("title", ("emoji", UNICODE["emoji"])),
            ("title", ("rtl", UNICODE["rtl"])),
            ("description", ("zero width", UNICODE["zero width"])),
            ("recipe_text", ("script tag", MARKUP["script tag"])),
            ("recipe_text", ("template", TEMPLATE)),
        ]
    )
    t.add(image_cases("admin recipe photo", "image"))
    t.add(structure_cases())
    # Enrollments and memberships.
    t.add(strict_text("admin enrollment", "user"))
    t.add(number_cases("admin enrollment", "course"))
    t.add(Case("admin enrollment", "duration", "unknown preset", "7", REFUSED))
    t.add(date_cases("admin enrollment", "expires_on", {"duration": "date"}))
    t.add(
        Case(
            "admin enrollment",
            "expires_on",
            "past date",
            Fields({"duration": "date", "expires_on": "2001-01-01"}),
            REFUSED,
        )
    )
    # Unknown e-mails are listed back: escaped (whitespace splits the others apart).
    t.add(
        Case("admin bulk enrollment", "emails", label, value, REFUSED, shown=" " not in value)
        for label, value in (MARKUP | SQL).items()
    )
    t.add(
        Case("admin bulk enrollment", "emails", "100 000 characters", LONG, REFUSED),
        Case(
            "admin bulk enrollment",
            "emails",
            "501 e-mails",
            "\n".join(f"p{n}@example.com" for n in range(501)),
            REFUSED,
        ),
        Case("admin bulk enrollment", "emails", "only separators", ",;\n \t", REFUSED),
    )
    t.add(number_cases("admin bulk enrollment", "course"))
    t.add(date_cases("admin bulk enrollment", "expires_on", {"duration": "date"}))
    t.add(number_cases("admin enrollment extend", "days"))
    t.add(Case("admin enrollment extend", "days", "11 years", "4000", REFUSED))
    t.add(free_text("admin membership", "notes"))
    t.add(strict_text("admin membership", "user"))
    t.add(date_cases("admin membership", "start_date"))
    t.add(date_cases("admin membership", "end_date", {"duration": "date"}))
    t.add(
        Case(
            "admin membership",
            "end_date",
            "before the start",
            Fields({"duration": "date", "end_date": DAY_BEFORE_START}),
            REFUSED,
        )
    )
    t.add(number_cases("admin membership extend", "days"))
    # Forum.
    t.add(free_text("forum post", "content"))
    t.add(
        Case("forum post", "content", "only NUL", "\x00\x00", REFUSED),
        Case("forum post", "content", "only zero-width", "\u200b\u200b", ANY),
    )
    t.add(
        Case("forum post", "parent_id", label, value, REFUSED)
        for label, value in {
            **{k: NUMBERS[k] for k in ("negative", "huge", "non-numeric", "sql", "NUL")},
            "zero": "0",
            "unknown comment": "999999",
        }.items()
    )
    t.add(free_text("forum reply", "content"), free_text("forum edit", "content"))
    t.add(free_text("admin forum reply", "content"))
    # The player's progress saves.
    t.add(
        Case("progress JSON", "position", label, value, REFUSED)
        for label, value in {
            "negative": -1,
            "beyond the duration": 500,
            "huge": 10**30,
            "1e308": 1e308,
            "string": "abc",
            "numeric string": "10",
            "null": None,
            "list": [1],
            "object": {"s": 1},
            "boolean": True,
            "100 000 characters": LONG,
        }.items()
    )
    t.add(
        Case("progress JSON", "duration", label, value, REFUSED)
        for label, value in {"negative": -5, "string": "NaN", "huge": 10**30}.items()
    )
    t.add(
        Case("progress JSON", "body", label, Raw(body), REFUSED)
        for label, body in {
            "NaN": '{"position": NaN}',
            "Infinity": '{"position": Infinity}',
            "-Infinity": '{"position": -Infinity}',
            "not JSON": "{{{",
            "a string": '"x"',
            "a list": "[1, 2]",
            "empty": "",
            "1e999": '{"position": 1e999}',
        }.items()
    )
    t.add(
        Case("progress beacon", "position", label, value, REFUSED)
        for label, value in {**NUMBERS, "markup": MARKUP["script tag"]}.items()
    )
    t.add(Case("progress JSON", "position", "valid", 42, ACCEPTED))
    t.add(_url_cases())
    t.add(_search_cases())
    return t


TABLE = build_table()
