"""The authorization matrix: every route and method, asked by every persona, and the answer.

`test_authz_matrix.py` reads ROWS. It fails when a route of `app.url_map` (static files
excepted) has no row, when a row names a route that no longer exists, and when any cell
answers otherwise than written here, leaks a marker the persona may not see, or (refused
requests, and every GET) changes the database or the stored files.

Personas (the columns, always in this order):
  visitor   not logged in
  stranger  student with no enrollment and no membership
  expired   student whose enrollment in A ended yesterday (expires_at in the past)
  revoked   student whose enrollment in A was revoked (is_active false, no end)
  former    student whose membership ended yesterday
  enrolled  student enrolled in A (in force, no end)
  owner     second student enrolled in A, who owns the comments and the progress that the
            others try to touch
  member    student with a membership in force (every active course)
  admin     administrator

Objects (URL placeholders, filled by `world.matrix` in world.py):
  A, B, C     courses: A active (enrolled/owner's course), B active (nobody's but the
              member's), C inactive. Each has .id .slug and lessons .preview (is_preview)
              .locked (not preview) and, for A, .hidden (inactive lesson); recipes .recipe
              and .hidden_recipe (inactive), .sample (a sample recipe: photo and title
              public, text paid); .testimonial; stored files (media paths) .video_preview
              .video_locked .video_hidden (A) .recipe_image .hidden_image .sample_image
              .book .thumbnail.
  bake        .owner_A (owner's, in A, testimonial consent) .hidden_A (owner's, hidden by
              moderation) .featured_A (owner's, featured on A's public page) .member_B
              (member's, in B), each with its photo .<name>_photo; .comment_A (enrolled's
              comment on owner_A)
  notification .owner (the owner's: the enrolled student replied to her comment owner_A)
  comment     .owner_A (owner's, in A) .hidden_A (owner's, hidden by moderation)
              .reply_A (enrolled's reply to hidden_A: in a hidden thread) .deleted_A
              (owner's, deleted) .member_B (member's, in B) .admin_C (admin's, in the
              inactive course C)
  <persona>   .id .email of each persona; enrollment.enrolled .expired .owner .revoked,
              membership.member .former (row ids); token.owner (a live set-password link
              of the owner); device.owner (the owner's signed-in phone, besides the
              matrix's own client); today (ISO date, for the admin forms).

Outcome tokens:
  200 400 401 403 404 409   that status
  login                     302 to the login page: Location "/ingresar?next=..."
  ok                        the row's `ok` outcome (default 200; a redirect for most POSTs)
  ->PATTERN                 302 whose Location matches PATTERN ("*" matches anything)

Decisions written down here (SPEC: "404 or 403, consistently"):
- Pages of a course that exists for the viewer (active, or any course for admins) but that
  they cannot access answer 403 with the locked page ("Solicitar acceso"); visitors are
  sent to log in instead. A course that does not exist for the viewer (inactive for
  students), an object of another course put under this course's slug, an inactive lesson
  or recipe, a hidden or deleted comment, and an id no row can have (beyond INTEGER) are
  404 for every persona (visitors too, unless the route first asks them to log in).
- The course is checked before the object: a student without access to A gets the locked
  page (403) for any comment id of A, hidden ones included, so ids reveal nothing more.
- Forum edits and deletions are the author's only: other students, and admins, get 403
  (admins moderate through hide/show instead). Routes for admins only (the /admin
  blueprint, forum moderation) answer 403 to every student whatever the object, before
  loading it.
- GET /media/<path> answers 404 for denied and missing files alike (keys are random; a
  denial would confirm that a file exists). Covers are public.
- The player's JSON endpoint answers a visitor 401 (JSON), not a redirect to a page.
- A set-password link is a bearer credential: whoever holds it sees the form for its
  account (its e-mail included) - that row `reveals` the owner's e-mail.
- Time bounds of the access rule: start inclusive, end exclusive (asked through HTTP in
  test_authz_rule_bounds.py, and against a reference model in test_authz_rule_model.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dulcevicio.services.messages import MESSAGES

PERSONAS = (
    "visitor",
    "stranger",
    "expired",
    "revoked",
    "former",
    "enrolled",
    "owner",
    "member",
    "admin",
)
STUDENTS = PERSONAS[1:-1]
STATUSES = {"200", "400", "401", "403", "404", "409"}
LOGIN = "->/ingresar?next=*"
# Outcomes that refuse the request: nothing may change, nothing paid may show.
REFUSALS = {"login", "400", "401", "403", "404", "409"}
# Files for uploads, made fresh for every request.
JPEG, WEBM = "@jpeg", "@webm"


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    url: str
    target: str
    expect: tuple[str, ...]
    ok: str = "200"
    data: dict | None = None
    json: dict | None = None
    # Whether an allowed request is meant to change state (refused ones never may).
    effect: bool = True
    # Markers this answer may show to anyone who can send it (see the set-password link).
    reveals: frozenset[str] = field(default_factory=frozenset)

    def outcome(self, persona: str) -> str:
        token = self.expect[PERSONAS.index(persona)]
        return self.ok if token == "ok" else token


def row(endpoint, method, url, target, expect, *, ok="200", effect=None, reveals=(), **body):
    tokens = tuple(expect.split())
    if len(tokens) != len(PERSONAS):
        raise ValueError(f"{endpoint} {url}: {len(tokens)} outcomes for {len(PERSONAS)} personas")
    for token in (*tokens, ok):
        if token not in STATUSES | {"login", "ok"} and not token.startswith("->"):
            raise ValueError(f"{endpoint} {url}: unknown outcome {token!r}")
    return Row(
        endpoint,
        method,
        url,
        target,
        tokens,
        ok=ok,
        data=body.get("data"),
        json=body.get("json"),
        effect=(method != "GET") if effect is None else effect,
        reveals=frozenset(reveals),
    )


# Outcome lines shared by many rows, one token per persona in the order of PERSONAS.
# fmt: off
#                    visitor stranger expired revoked former enrolled owner member admin
EVERYONE         = "ok      ok       ok      ok      ok     ok       ok    ok     ok"
NOBODY           = "404     404      404     404     404    404      404   404    404"
LOGGED_IN        = "login   ok       ok      ok      ok     ok       ok    ok     ok"
ACCESS_A         = "login   403      403     403     403    ok       ok    ok     ok"
ACCESS_B         = "login   403      403     403     403    403      403   ok     ok"
ADMIN_SEES       = "404     404      404     404     404    404      404   404    ok"
LOGIN_ADMIN_SEES = "login   404      404     404     404    404      404   404    ok"
ADMIN_ONLY       = "login   403      403     403     403    403      403   403    ok"
# Closing a device on "Mis dispositivos": only its owner; anyone else's is a 404.
OWNER_ONLY       = "login   404      404     404     404    404      ok    404    404"
LOGIN_NOBODY     = "login   404      404     404     404    404      404   404    404"
# A student's certificate: hers, and the team's; anyone else's is a 404, not a 403.
OWNER_AND_ADMIN  = "login   404      404     404     404    404      ok    404    ok"
# The player's JSON endpoint: a visitor gets 401 (JSON), not a redirect to a page.
JSON_LOGGED_IN   = "401     ok       ok      ok      ok     ok       ok    ok     ok"
JSON_ACCESS_A    = "401     403      403     403     403    ok       ok    ok     ok"
JSON_ACCESS_B    = "401     403      403     403     403    403      403   ok     ok"
JSON_ADMIN_SEES  = "401     404      404     404     404    404      404   404    ok"
# Stored files (GET /media/...): denied and missing are both 404.
FILE_A           = "404     404      404     404     404    ok       ok    ok     ok"
FILE_B           = "404     404      404     404     404    404      404   ok     ok"
# fmt: on
# Logged-in visitors of the login page and the landing go home.
HOME, PANEL = "->/mis-cursos", "->/admin/"
GO_HOME = f"200 {HOME} {HOME} {HOME} {HOME} {HOME} {HOME} {HOME} {PANEL}"
LANDING = f"200 {HOME} {HOME} {HOME} {HOME} {HOME} {HOME} {HOME} {HOME}"


def admin_only(endpoint, method, url, target, *, ok="200", **kwargs):
    """Every /admin route: visitors log in, every student gets 403, the admin gets `ok`."""
    return row(endpoint, method, url, target, ADMIN_ONLY, ok=ok, **kwargs)


HUGE = "99999999999999999999"  # an id no row can have: beyond both databases' INTEGER
PROGRESS = {"position": 5, "duration": 100}
DONE = {"completed": "1"}
POST = {"content": "Un comentario nuevo"}
REACT = {"kind": "antojo", "on": "1"}
BAKE = {"photos": JPEG, "text": "Me quedó rica", "question": "", "recipe_id": ""}
SAME_PASSWORD = {"password": "nueva-clave-123", "confirm": "nueva-clave-123"}
NEW_PASSWORD = {
    "current_password": "clave-segura-123",
    "password": "clave-nueva-456",
    "confirm": "clave-nueva-456",
}
OWNER_LINK = {"reveals": {"email:owner"}}  # whoever holds the link acts as its owner
PAYMENT = {
    "amount": "1500.50",
    "currency": "MXN",
    "method": "YAPE",
    "paid_on": "{today}",
    "paid_for": "curso-{A.id}",
    "reference": "",
    "note": "",
}
# Every field of the settings form; a message's braces survive the matrix's str.format.
SETTINGS = {
    "business_name": "Repostería Nueva",
    "whatsapp_number": "55 1234 5678",
    "currency": "ARS",
} | {
    f"message_{key}": message.default.replace("{", "{{").replace("}", "}}")
    for key, message in MESSAGES.items()
}

# A structure as the editor posts it: one ingredient, one step at a moment of A's lesson.
STRUCTURE = {
    "action": "guardar",
    "yield_amount": "6",
    "yield_kind": "porciones",
    "ingredients-0-quantity": "200",
    "ingredients-0-unit": "g",
    "ingredients-0-ingredient": "harina",
    "steps-0-text": "Hornear.",
    "steps-0-lesson": "{A.locked}",
    "steps-0-second": "30",
}

# fmt: off
ROWS: tuple[Row, ...] = (
    # --- auth ---------------------------------------------------------------------------
    row("auth.login", "GET", "/ingresar", "login form", GO_HOME),
    row("auth.login", "POST", "/ingresar", "wrong password (the failure is counted)", GO_HOME,
        data={"login": "{stranger.email}", "password": "no-es-la-clave"},
        reveals={"email:stranger"}),  # the form shows back what was typed
    row("auth.logout", "POST", "/salir", "log out", EVERYONE, ok="->/"),
    row("auth.set_password", "GET", "/clave/{token.owner}", "owner's live link", EVERYONE,
        **OWNER_LINK),
    row("auth.set_password", "GET", "/clave/no-es-un-enlace", "forged link", EVERYONE, ok="400"),
    row("auth.set_password", "POST", "/clave/{token.owner}", "owner's link, passwords differ",
        EVERYONE, effect=False, data={**SAME_PASSWORD, "confirm": "otra"}, **OWNER_LINK),
    row("auth.set_password", "POST", "/clave/no-es-un-enlace", "forged link", EVERYONE,
        ok="400", data=SAME_PASSWORD),
    row("auth.account", "GET", "/cuenta", "own profile", LOGGED_IN),
    row("auth.account", "POST", "/cuenta", "rename oneself", LOGGED_IN, ok="->/cuenta",
        data={"full_name": "Nombre Nuevo", "username": ""}),
    row("auth.change_password", "GET", "/cuenta/clave", "password form", LOGGED_IN),
    row("auth.change_password", "POST", "/cuenta/clave", "change own password", LOGGED_IN,
        ok="->/cuenta", data=NEW_PASSWORD),
    # The admin's second step: students are never asked (404); the matrix's admin has no
    # authenticator yet, so she gets its set-up (which stores the secret being set up), and
    # a wrong code is refused on the page (and counted as a login attempt).
    row("auth.second_step", "GET", "/ingresar/verificacion", "second-step set-up",
        LOGIN_ADMIN_SEES, effect=True),
    row("auth.second_step", "POST", "/ingresar/verificacion", "a wrong first code",
        LOGIN_ADMIN_SEES, data={"code": "000000"}),
    row("auth.new_recovery_codes", "POST", "/cuenta/verificacion/codigos",
        "recovery codes without an authenticator", LOGIN_NOBODY),
    # --- certificates ---------------------------------------------------------------------
    row("certificates.mine", "GET", "/mis-certificados", "own certificates", LOGGED_IN),
    row("certificates.certificate_page", "GET", "/mis-certificados/{certificate.owner}",
        "the owner's certificate", OWNER_AND_ADMIN),
    row("certificates.certificate_page", "POST", "/mis-certificados/{certificate.owner}",
        "rename the owner's confirmed certificate", OWNER_AND_ADMIN,
        data={"name": "Otro nombre"}, effect=False),
    row("certificates.certificate_pdf_file", "GET", "/certificados/{certificate.owner}.pdf",
        "the owner's certificate PDF", OWNER_AND_ADMIN),
    row("certificates.verify", "GET", "/verificar", "the public check", EVERYONE),
    row("certificates.verify_code", "GET", "/verificar/{certificate.owner}",
        "the owner's certificate, checked", EVERYONE),
    row("certificates.verify_code", "GET", "/verificar/ZZZZ-ZZZZ-ZZZZ", "an unknown code",
        NOBODY),
    row("auth.devices_page", "GET", "/cuenta/dispositivos", "own devices", LOGGED_IN),
    row("auth.devices_page", "POST", "/cuenta/dispositivos", "close the owner's phone",
        OWNER_ONLY, ok="->/cuenta/dispositivos", data={"dispositivo": "{device.owner}"}),
    row("auth.devices_page", "POST", "/cuenta/dispositivos", "close an unknown device",
        LOGIN_NOBODY, data={"dispositivo": "999999"}),
    row("auth.devices_page", "POST", "/cuenta/dispositivos", "device id beyond INTEGER",
        LOGIN_NOBODY, data={"dispositivo": HUGE}),
    row("auth.devices_page", "POST", "/cuenta/dispositivos", "close own other devices",
        LOGGED_IN, ok="->/cuenta/dispositivos", data={"cerrar": "otros"}),
    # --- catalog and health -------------------------------------------------------------
    row("catalog.index", "GET", "/", "landing", LANDING),
    row("catalog.courses", "GET", "/cursos", "catalog", EVERYONE),
    row("catalog.course", "GET", "/cursos/{A.slug}", "A (paid parts left out)", EVERYONE),
    row("catalog.course", "GET", "/cursos/{B.slug}", "B (paid parts left out)", EVERYONE),
    row("catalog.course", "GET", "/cursos/{C.slug}", "inactive course C", ADMIN_SEES),
    row("catalog.course", "GET", "/cursos/no-existe", "unknown slug", NOBODY),
    row("health.healthz", "GET", "/healthz", "health check", EVERYONE),
    # --- the installable app: public files that hold nobody's data -----------------------
    row("app_shell.manifest", "GET", "/manifest.webmanifest", "web app manifest", EVERYONE),
    row("app_shell.service_worker", "GET", "/sw.js", "service worker", EVERYONE),
    row("app_shell.offline", "GET", "/sin-conexion", "offline page", EVERYONE),
    # --- learn --------------------------------------------------------------------------
    row("learn.dashboard", "GET", "/mis-cursos", "Mis cursos", LOGGED_IN),
    row("learn.lesson", "GET", "/cursos/{A.slug}/lecciones/{A.preview}", "A preview", EVERYONE),
    row("learn.lesson", "GET", "/cursos/{A.slug}/lecciones/{A.locked}", "A lesson", ACCESS_A),
    row("learn.lesson", "GET", "/cursos/{B.slug}/lecciones/{B.locked}", "B lesson", ACCESS_B),
    row("learn.lesson", "GET", "/cursos/{A.slug}/lecciones/{A.hidden}", "A inactive", ADMIN_SEES),
    row("learn.lesson", "GET", "/cursos/{C.slug}/lecciones/{C.preview}", "C preview", ADMIN_SEES),
    row("learn.lesson", "GET", "/cursos/{A.slug}/lecciones/{B.locked}", "B's under A", NOBODY),
    row("learn.lesson", "GET", "/cursos/{A.slug}/lecciones/999999", "unknown id", NOBODY),
    row("learn.lesson", "GET", "/cursos/{A.slug}/lecciones/" + HUGE, "id beyond INTEGER", NOBODY),
    row("learn.lesson_progress", "POST", f"/lecciones/{HUGE}/progreso", "id beyond INTEGER",
        NOBODY, json=PROGRESS),
    row("learn.lesson_progress", "POST", "/lecciones/{A.preview}/progreso", "A preview",
        JSON_LOGGED_IN, json=PROGRESS),
    row("learn.lesson_progress", "POST", "/lecciones/{A.locked}/progreso", "A lesson",
        JSON_ACCESS_A, json=PROGRESS),
    row("learn.lesson_progress", "POST", "/lecciones/{B.locked}/progreso", "B lesson",
        JSON_ACCESS_B, json=PROGRESS),
    row("learn.lesson_progress", "POST", "/lecciones/{A.hidden}/progreso", "A inactive",
        JSON_ADMIN_SEES, json=PROGRESS),
    row("learn.lesson_progress", "POST", "/lecciones/{C.preview}/progreso", "C preview",
        JSON_ADMIN_SEES, json=PROGRESS),
    row("learn.lesson_completed", "POST", "/lecciones/{A.preview}/completada", "A preview",
        LOGGED_IN, ok="->/cursos/{A.slug}/lecciones/{A.preview}", data=DONE),
    row("learn.lesson_completed", "POST", "/lecciones/{A.locked}/completada", "A lesson",
        ACCESS_A, ok="->/cursos/{A.slug}/lecciones/{A.locked}", data=DONE),
    row("learn.lesson_completed", "POST", "/lecciones/{B.locked}/completada", "B lesson",
        ACCESS_B, ok="->/cursos/{B.slug}/lecciones/{B.locked}", data=DONE),
    row("learn.lesson_completed", "POST", "/lecciones/{A.hidden}/completada", "A inactive",
        LOGIN_ADMIN_SEES, ok="->/cursos/{A.slug}/lecciones/{A.hidden}", data=DONE),
    row("learn.lesson_completed", "POST", "/lecciones/{C.preview}/completada", "C preview",
        LOGIN_ADMIN_SEES, ok="->/cursos/{C.slug}/lecciones/{C.preview}", data=DONE),
    row("learn.recipe", "GET", "/cursos/{A.slug}/recetas/{A.recipe}", "A recipe", ACCESS_A),
    row("learn.recipe", "GET", "/cursos/{B.slug}/recetas/{B.recipe}", "B recipe", ACCESS_B),
    row("learn.recipe", "GET", "/cursos/{A.slug}/recetas/{A.sample}",
        "A sample recipe: its text stays paid", ACCESS_A),
    row("learn.recipe", "GET", "/cursos/{A.slug}/recetas/{A.hidden_recipe}", "A inactive",
        ADMIN_SEES),
    row("learn.recipe", "GET", "/cursos/{C.slug}/recetas/{C.recipe}", "C recipe", ADMIN_SEES),
    row("learn.recipe", "GET", "/cursos/{A.slug}/recetas/{B.recipe}", "B's under A", NOBODY),
    row("learn.recipe", "GET", "/cursos/{A.slug}/recetas/" + HUGE, "id beyond INTEGER", NOBODY),
    # Kitchen mode shows the structure (ingredients and steps): the recipe page's rule.
    row("learn.kitchen", "GET", "/cursos/{A.slug}/recetas/{A.recipe}/cocina", "A recipe",
        ACCESS_A),
    row("learn.kitchen", "GET", "/cursos/{B.slug}/recetas/{B.recipe}/cocina", "B recipe",
        ACCESS_B),
    row("learn.kitchen", "GET", "/cursos/{A.slug}/recetas/{A.hidden_recipe}/cocina",
        "A inactive", ADMIN_SEES),
    row("learn.kitchen", "GET", "/cursos/{C.slug}/recetas/{C.recipe}/cocina", "C recipe",
        ADMIN_SEES),
    row("learn.kitchen", "GET", "/cursos/{A.slug}/recetas/{B.recipe}/cocina", "B's under A",
        NOBODY),
    row("learn.kitchen", "GET", "/cursos/{A.slug}/recetas/" + HUGE + "/cocina",
        "id beyond INTEGER", NOBODY),
    row("learn.lesson_completed", "POST", f"/lecciones/{HUGE}/completada", "id beyond INTEGER",
        NOBODY, data=DONE),
    # A student's download records her stamped copy (a row); refusals still change nothing.
    row("learn.recipe_book", "GET", "/cursos/{A.slug}/recetario.pdf", "A book", ACCESS_A,
        effect=True),
    row("learn.recipe_book", "GET", "/cursos/{B.slug}/recetario.pdf", "B book", ACCESS_B,
        effect=True),
    row("learn.recipe_book", "GET", "/cursos/{C.slug}/recetario.pdf", "C book", ADMIN_SEES,
        effect=True),
    # --- media --------------------------------------------------------------------------
    row("media.serve", "GET", "/media/{A.video_preview}", "A preview video", EVERYONE),
    row("media.serve", "GET", "/media/{A.video_locked}", "A video", FILE_A),
    row("media.serve", "GET", "/media/{A.video_hidden}", "A inactive lesson video", ADMIN_SEES),
    row("media.serve", "GET", "/media/{A.recipe_image}", "A recipe photo", FILE_A),
    row("media.serve", "GET", "/media/{A.sample_image}", "A sample recipe photo (public)",
        EVERYONE),
    row("media.serve", "GET", "/media/{C.sample_image}", "C sample recipe photo", ADMIN_SEES),
    row("media.serve", "GET", "/media/{A.hidden_image}", "A inactive recipe photo", ADMIN_SEES),
    row("media.serve", "GET", "/media/{A.book}", "A book file", FILE_A),
    row("media.serve", "GET", "/media/{B.video_locked}", "B video", FILE_B),
    row("media.serve", "GET", "/media/{B.book}", "B book file", FILE_B),
    row("media.serve", "GET", "/media/{C.video_preview}", "C preview video", ADMIN_SEES),
    row("media.serve", "GET", "/media/{C.recipe_image}", "C recipe photo", ADMIN_SEES),
    row("media.serve", "GET", "/media/{C.book}", "C book file", ADMIN_SEES),
    row("media.serve", "GET", "/media/{C.thumbnail}", "C cover (public)", EVERYONE),
    row("media.serve", "GET", "/media/videos/no-existe.webm", "missing file", NOBODY),
    row("media.serve", "GET", "/media/{payment.receipt}", "a payment's receipt", ADMIN_SEES),
    row("media.serve", "GET", "/media/{bake.owner_A_photo}", "A bake photo", FILE_A),
    row("media.serve", "GET", "/media/{bake.hidden_A_photo}", "A hidden bake photo", ADMIN_SEES),
    row("media.serve", "GET", "/media/{bake.featured_A_photo}", "A featured bake photo (public)",
        EVERYONE),
    row("media.serve", "GET", "/media/{bake.member_B_photo}", "B bake photo", FILE_B),
    # --- forum --------------------------------------------------------------------------
    row("forum.course_forum", "GET", "/cursos/{A.slug}/foro", "A forum", ACCESS_A),
    row("forum.course_forum", "GET", "/cursos/{B.slug}/foro", "B forum", ACCESS_B),
    row("forum.course_forum", "GET", "/cursos/{C.slug}/foro", "C forum", LOGIN_ADMIN_SEES),
    row("forum.course_forum", "POST", "/cursos/{A.slug}/foro", "post in A", ACCESS_A,
        ok="->/cursos/{A.slug}/foro*", data=POST),
    row("forum.course_forum", "POST", "/cursos/{B.slug}/foro", "post in B", ACCESS_B,
        ok="->/cursos/{B.slug}/foro*", data=POST),
    row("forum.course_forum", "POST", "/cursos/{C.slug}/foro", "post in C", LOGIN_ADMIN_SEES,
        ok="->/cursos/{C.slug}/foro*", data=POST),
    row("forum.course_forum", "POST", "/cursos/{A.slug}/foro", "reply to A's hidden comment",
        ACCESS_A, effect=False, data={**POST, "parent_id": "{comment.hidden_A}"}),
    row("forum.course_forum", "POST", "/cursos/{A.slug}/foro", "reply in A to B's comment",
        ACCESS_A, effect=False, data={**POST, "parent_id": "{comment.member_B}"}),
    *(
        row(endpoint, method, f"/foro/comentarios/{{comment.{name}}}/{action}", target, expect,
            **options)
        for endpoint, action, method, options in (
            ("forum.edit_comment", "editar", "GET", {}),
            ("forum.edit_comment", "editar", "POST",
             {"ok": "->/cursos/*/foro*", "data": {"content": "Texto cambiado"}}),
            ("forum.delete_comment", "eliminar", "POST", {"ok": "->/cursos/*/foro*"}),
        )
        # Edits and deletions are the author's own: admins moderate (hide/show) instead.
        #                                                 vis   str exp rev frm enr own mem adm
        for name, target, expect in (
            ("owner_A", "owner's comment in A",         "login 403 403 403 403 403 ok  403 403"),
            ("member_B", "member's comment in B",       "login 403 403 403 403 403 403 ok  403"),
            ("hidden_A", "owner's hidden comment",      "login 403 403 403 403 404 404 404 403"),
            ("reply_A", "enrolled's reply under it",    "login 403 403 403 403 404 404 404 403"),
            ("deleted_A", "owner's deleted comment",    "login 403 403 403 403 404 404 404 404"),
            ("admin_C", "admin's comment in inactive C", "login 404 404 404 404 404 404 404 ok"),
        )
    ),
    row("forum.edit_comment", "GET", f"/foro/comentarios/{HUGE}/editar", "id beyond INTEGER",
        NOBODY),
    row("forum.moderate_comment", "POST", "/foro/comentarios/{comment.owner_A}/moderar",
        "hide a comment in A", ADMIN_ONLY, ok="->/cursos/{A.slug}/foro*", data={"hidden": "1"}),
    row("forum.moderate_comment", "POST", "/foro/comentarios/{comment.admin_C}/moderar",
        "hide a comment in inactive C", ADMIN_ONLY, ok="->/cursos/{C.slug}/foro*",
        data={"hidden": "1"}),
    row("forum.moderate_comment", "POST", "/foro/comentarios/{comment.deleted_A}/moderar",
        "hide a deleted comment", ADMIN_ONLY, ok="404", data={"hidden": "1"}),
    # A comment's own address (search results link to it): its thread's forum page.
    *(
        row("forum.show_comment", "GET", f"/foro/comentarios/{{comment.{name}}}", target, expect,
            ok="->/cursos/*/foro*")
        #                                                 vis   str exp rev frm enr own mem adm
        for name, target, expect in (
            ("owner_A", "owner's comment in A",         "login 403 403 403 403 ok  ok  ok  ok"),
            ("member_B", "member's comment in B",       "login 403 403 403 403 403 403 ok  ok"),
            ("hidden_A", "owner's hidden comment",      "login 403 403 403 403 404 404 404 ok"),
            ("reply_A", "enrolled's reply under it",    "login 403 403 403 403 404 404 404 ok"),
            ("deleted_A", "owner's deleted comment",    "login 403 403 403 403 404 404 404 404"),
            ("admin_C", "admin's comment in inactive C", "login 404 404 404 404 404 404 404 ok"),
        )
    ),
    row("forum.show_comment", "GET", f"/foro/comentarios/{HUGE}", "id beyond INTEGER", NOBODY),
    # --- bakes ("¡Lo hice!"): the forum's rule; authors edit and delete their own ----------
    row("bakes.gallery", "GET", "/cursos/{A.slug}/lo-hice", "A bakes", ACCESS_A),
    row("bakes.gallery", "GET", "/cursos/{B.slug}/lo-hice", "B bakes", ACCESS_B),
    row("bakes.gallery", "GET", "/cursos/{C.slug}/lo-hice", "C bakes", LOGIN_ADMIN_SEES),
    row("bakes.gallery", "POST", "/cursos/{A.slug}/lo-hice", "post a bake in A", ACCESS_A,
        ok="->/cursos/{A.slug}/lo-hice*", data=BAKE),
    row("bakes.gallery", "POST", "/cursos/{B.slug}/lo-hice", "post a bake in B", ACCESS_B,
        ok="->/cursos/{B.slug}/lo-hice*", data=BAKE),
    row("bakes.gallery", "POST", "/cursos/{A.slug}/lo-hice", "a bake in A naming B's recipe",
        ACCESS_A, effect=False, data={**BAKE, "recipe_id": "{B.recipe}"}),
    *(
        row(endpoint, method, f"/lo-hice/{{bake.{name}}}{action}", target, expect, **options)
        for endpoint, action, method, options in (
            ("bakes.edit_bake", "/editar", "GET", {}),
            ("bakes.edit_bake", "/editar", "POST",
             {"ok": "->/cursos/*/lo-hice*", "data": {"text": "Texto cambiado", "consent": "y"}}),
            ("bakes.delete_bake", "/eliminar", "POST", {"ok": "->/cursos/*/lo-hice*"}),
        )
        # Edits and deletions are the author's own: admins hide and show instead.
        #                                                 vis   str exp rev frm enr own mem adm
        for name, target, expect in (
            ("owner_A", "owner's bake in A",            "login 403 403 403 403 403 ok  403 403"),
            ("member_B", "member's bake in B",          "login 403 403 403 403 403 403 ok  403"),
            ("hidden_A", "owner's hidden bake",         "login 403 403 403 403 404 404 404 403"),
        )
    ),
    *(
        row(endpoint, method, f"/lo-hice/{{bake.{name}}}{action}", target, expect,
            ok="->/cursos/*/lo-hice*", **options)
        for endpoint, action, method, options in (
            ("bakes.show_bake", "", "GET", {}),
            ("bakes.comment_bake", "/comentarios", "POST", {"data": POST}),
        )
        #                                                 vis   str exp rev frm enr own mem adm
        for name, target, expect in (
            ("owner_A", "owner's bake in A",            "login 403 403 403 403 ok  ok  ok  ok"),
            ("member_B", "member's bake in B",          "login 403 403 403 403 403 403 ok  ok"),
            ("hidden_A", "owner's hidden bake",         "login 403 403 403 403 404 404 404 ok"),
        )
    ),
    row("bakes.show_bake", "GET", f"/lo-hice/{HUGE}", "id beyond INTEGER", NOBODY),
    row("bakes.delete_comment", "POST", "/lo-hice/comentarios/{bake.comment_A}/eliminar",
        "enrolled's comment on the owner's bake", "login 403 403 403 403 ok  403 403 403",
        ok="->/cursos/*/lo-hice*"),
    row("bakes.moderate_bake", "POST", "/lo-hice/{bake.owner_A}/moderar", "hide a bake in A",
        ADMIN_ONLY, ok="->/cursos/{A.slug}/lo-hice*", data={"hidden": "1"}),
    row("bakes.moderate_comment", "POST", "/lo-hice/comentarios/{bake.comment_A}/moderar",
        "hide a comment on a bake in A", ADMIN_ONLY, ok="->/cursos/{A.slug}/lo-hice*",
        data={"hidden": "1"}),
    # --- reactions: whoever can see the item (the course rule first, like the forum) ------
    *(
        row("reactions.react_to_comment", "POST", f"/foro/comentarios/{{comment.{name}}}/reaccion",
            target, expect, ok="->/cursos/*/foro*", data=REACT)
        #                                                 vis   str exp rev frm enr own mem adm
        for name, target, expect in (
            ("owner_A", "owner's comment in A", ACCESS_A),
            ("member_B", "member's comment in B", ACCESS_B),
            ("hidden_A", "hidden comment (nobody reacts)", "login 403 403 403 403 404 404 404 404"),
            ("deleted_A", "deleted comment",            "login 403 403 403 403 404 404 404 404"),
            ("admin_C", "comment in inactive C", LOGIN_ADMIN_SEES),
        )
    ),
    *(
        row("reactions.react_to_bake", "POST", f"/lo-hice/{{bake.{name}}}/reaccion", target,
            expect, ok="->/cursos/*/lo-hice*", data=REACT)
        #                                                 vis   str exp rev frm enr own mem adm
        for name, target, expect in (
            ("owner_A", "owner's bake in A", ACCESS_A),
            ("member_B", "member's bake in B", ACCESS_B),
            ("hidden_A", "hidden bake (nobody reacts)", "login 403 403 403 403 404 404 404 404"),
        )
    ),
    row("reactions.react_to_comment", "POST", "/foro/comentarios/{comment.owner_A}/reaccion",
        "an unknown kind", "login 403 403 403 403 400 400 400 400", data={"kind": "enojo"}),
    row("reactions.react_to_bake", "POST", "/lo-hice/{bake.owner_A}/reaccion", "an unknown kind",
        "login 403 403 403 403 400 400 400 400", data={"kind": "enojo"}),
    row("reactions.react_to_comment", "POST", f"/foro/comentarios/{HUGE}/reaccion",
        "id beyond INTEGER", NOBODY, data=REACT),
    row("reactions.react_to_bake", "POST", f"/lo-hice/{HUGE}/reaccion", "id beyond INTEGER",
        NOBODY, data=REACT),
    # --- notifications: each her own; anyone else's is a 404 -------------------------------
    row("notifications.index", "GET", "/notificaciones", "own notifications", LOGGED_IN),
    row("notifications.follow", "GET", "/notificaciones/{notification.owner}",
        "follow the owner's (marks it read)", OWNER_ONLY, ok="->/foro/comentarios/*",
        effect=True),
    row("notifications.follow", "GET", f"/notificaciones/{HUGE}", "id beyond INTEGER", NOBODY),
    row("notifications.mark_read", "POST", "/notificaciones/{notification.owner}/leida",
        "mark the owner's read", OWNER_ONLY, ok="->/notificaciones"),
    row("notifications.mark_all_read", "POST", "/notificaciones/leidas", "mark all own read",
        LOGGED_IN, ok="->/notificaciones"),
    row("notifications.preferences", "POST", "/notificaciones/preferencias",
        "own preferences", LOGGED_IN, ok="->/cuenta#notificaciones",
        data={"avisos-kind_reply": "y"}),
    # --- search -------------------------------------------------------------------------
    # Every marker holds the word "marcador": each persona searches it, in every group and
    # in the suggestions, and the leak check proves she finds only what she may see.
    row("search.results", "GET", "/buscar?q=marcador", "search every group", EVERYONE),
    *(
        row("search.results", "GET", f"/buscar?q=marcador&tipo={group}", f"search {group}",
            EVERYONE)
        for group in ("cursos", "lecciones", "recetas", "foro")
    ),
    row("search.suggestions", "GET", "/buscar/sugerencias?q=marcador", "suggestions", EVERYONE),
    row("search.suggestions", "GET", "/buscar/sugerencias?q=marcado", "suggestions, typing",
        EVERYONE),
    # --- admin: visitors log in, every student gets 403, whatever the id ----------------
    admin_only("admin.index", "GET", "/admin/", "overview"),
    admin_only("admin.users_list", "GET", "/admin/usuarios", "users"),
    admin_only("admin.user_new", "GET", "/admin/usuarios/nuevo", "form"),
    admin_only("admin.user_new", "POST", "/admin/usuarios/nuevo", "create a student",
               ok="->/admin/usuarios/*",
               data={"full_name": "Cuenta Nueva", "email": "cuenta.nueva@example.com",
                     "role": "USER", "access_method": "password",
                     "password": "clave-segura-999"}),
    admin_only("admin.user_detail", "GET", "/admin/usuarios/{owner.id}", "owner's detail"),
    row("admin.user_detail", "GET", f"/admin/usuarios/{HUGE}", "id beyond INTEGER", NOBODY),
    admin_only("admin.user_edit", "GET", "/admin/usuarios/{owner.id}/editar", "form"),
    admin_only("admin.user_edit", "POST", "/admin/usuarios/{owner.id}/editar", "rename owner",
               ok="->/admin/usuarios/{owner.id}",
               data={"full_name": "Otro Nombre", "email": "{owner.email}", "role": "USER"}),
    admin_only("admin.user_device_close", "POST",
               "/admin/usuarios/{owner.id}/dispositivos/{device.owner}/cerrar",
               "close the owner's phone", ok="->/admin/usuarios/{owner.id}"),
    row("admin.user_device_close", "POST",
        "/admin/usuarios/{stranger.id}/dispositivos/{device.owner}/cerrar",
        "the owner's phone under another account", "login 403 403 403 403 403 403 403 404"),
    row("admin.user_device_close", "POST",
        f"/admin/usuarios/{{owner.id}}/dispositivos/{HUGE}/cerrar", "id beyond INTEGER",
        NOBODY),
    admin_only("admin.user_password_link", "POST", "/admin/usuarios/{owner.id}/enlace",
               "owner's password link"),
    admin_only("admin.courses_list", "GET", "/admin/cursos", "courses"),
    admin_only("admin.course_new", "GET", "/admin/cursos/nuevo", "form"),
    admin_only("admin.course_new", "POST", "/admin/cursos/nuevo", "create a course",
               ok="->/admin/cursos/*/lecciones",
               data={"title": "Curso Nuevo", "difficulty_level": "BEGINNER", "is_active": "y"}),
    admin_only("admin.course_edit", "GET", "/admin/cursos/{A.id}/editar", "form"),
    admin_only("admin.course_edit", "POST", "/admin/cursos/{A.id}/editar", "retitle A",
               ok="->/admin/cursos/{A.id}/editar",
               data={"title": "Otro título", "slug": "{A.slug}", "difficulty_level": "BEGINNER"}),
    admin_only("admin.testimonials_list", "GET", "/admin/cursos/{A.id}/testimonios",
               "A's testimonials"),
    admin_only("admin.testimonials_list", "POST", "/admin/cursos/{A.id}/testimonios",
               "add a testimonial to A", ok="->/admin/cursos/{A.id}/testimonios",
               data={"author_name": "Rosa", "text": "Muy claro todo."}),
    admin_only("admin.testimonial_edit", "GET",
               "/admin/cursos/{A.id}/testimonios/{A.testimonial}/editar", "form"),
    admin_only("admin.testimonial_edit", "POST",
               "/admin/cursos/{A.id}/testimonios/{A.testimonial}/editar",
               "rewrite A's testimonial", ok="->/admin/cursos/{A.id}/testimonios",
               data={"author_name": "Paula", "text": "Otro texto"}),
    admin_only("admin.testimonial_edit", "GET",
               "/admin/cursos/{A.id}/testimonios/{B.testimonial}/editar",
               "B's testimonial under A", ok="404"),
    admin_only("admin.testimonial_move", "POST",
               "/admin/cursos/{A.id}/testimonios/{A.testimonial}/mover",
               "move A's only testimonial (nothing to swap)", effect=False,
               ok="->/admin/cursos/{A.id}/testimonios", data={"direccion": "abajo"}),
    admin_only("admin.testimonial_delete", "POST",
               "/admin/cursos/{A.id}/testimonios/{A.testimonial}/eliminar",
               "delete A's testimonial", ok="->/admin/cursos/{A.id}/testimonios"),
    admin_only("admin.course_move", "POST", "/admin/cursos/{A.id}/mover", "move A down",
               ok="->/admin/cursos", data={"direccion": "abajo"}),
    admin_only("admin.course_delete", "GET", "/admin/cursos/{A.id}/eliminar", "confirm page"),
    admin_only("admin.course_students", "GET", "/admin/cursos/{A.id}/alumnos", "A's students"),
    admin_only("admin.lessons_list", "GET", "/admin/cursos/{A.id}/lecciones", "A's lessons"),
    admin_only("admin.lesson_new", "GET", "/admin/cursos/{A.id}/lecciones/nueva", "form"),
    admin_only("admin.lesson_new", "POST", "/admin/cursos/{A.id}/lecciones/nueva", "add to A",
               ok="->/admin/cursos/{A.id}/lecciones",
               data={"title": "Lección nueva", "is_active": "y"}),
    admin_only("admin.lesson_edit", "GET", "/admin/cursos/{A.id}/lecciones/{A.locked}/editar",
               "form"),
    admin_only("admin.lesson_edit", "POST", "/admin/cursos/{A.id}/lecciones/{A.locked}/editar",
               "make A's lesson a free preview", ok="->/admin/cursos/{A.id}/lecciones",
               data={"title": "Lección abierta", "is_preview": "y", "is_active": "y"}),
    admin_only("admin.lesson_move", "POST", "/admin/cursos/{A.id}/lecciones/{A.locked}/mover",
               "move A's lesson up", ok="->/admin/cursos/{A.id}/lecciones",
               data={"direccion": "arriba"}),
    admin_only("admin.lesson_video", "GET", "/admin/lecciones/{A.locked}/video", "video page"),
    admin_only("admin.lesson_video", "POST", "/admin/lecciones/{A.locked}/video",
               "replace A's video", ok="->/admin/lecciones/{A.locked}/video",
               data={"video": WEBM}),
    admin_only("admin.lesson_video_ticket", "POST", "/admin/lecciones/{A.locked}/video/firma",
               "direct-upload signature (Cloudinary only)", ok="409"),
    admin_only("admin.lesson_video_confirm", "POST",
               "/admin/lecciones/{A.locked}/video/confirmar",
               "direct-upload result (Cloudinary only)", ok="409", json={"public_id": "x"}),
    admin_only("admin.lesson_video_delete", "POST", "/admin/lecciones/{A.locked}/video/eliminar",
               "remove A's video", ok="->/admin/lecciones/{A.locked}/video"),
    admin_only("admin.recipes_list", "GET", "/admin/cursos/{A.id}/recetas", "A's recipes"),
    admin_only("admin.recipe_uploads", "POST", "/admin/cursos/{A.id}/recetas/subir",
               "add a recipe photo to A", ok="->/admin/cursos/{A.id}/recetas",
               data={"images": JPEG}),
    admin_only("admin.recipe_edit", "GET", "/admin/cursos/{A.id}/recetas/{A.recipe}/editar",
               "form"),
    admin_only("admin.recipe_edit", "POST", "/admin/cursos/{A.id}/recetas/{A.recipe}/editar",
               "rewrite A's recipe", ok="->/admin/cursos/{A.id}/recetas",
               data={"title": "Receta editada", "recipe_text": "Otro texto", "is_active": "y"}),
    admin_only("admin.recipe_structure", "GET",
               "/admin/cursos/{A.id}/recetas/{A.recipe}/estructura", "structure editor"),
    admin_only("admin.recipe_structure", "POST",
               "/admin/cursos/{A.id}/recetas/{A.recipe}/estructura",
               "propose a structure from a text (nothing saved)", effect=False,
               data={"action": "proponer", "recipe_text": "200 g de harina\n1. Hornear."}),
    admin_only("admin.recipe_structure", "POST",
               "/admin/cursos/{A.id}/recetas/{A.recipe}/estructura",
               "restructure A's recipe",
               ok="->/admin/cursos/{A.id}/recetas/{A.recipe}/estructura", data=STRUCTURE),
    admin_only("admin.recipe_image", "POST", "/admin/recetas/{A.recipe}/imagen",
               "replace A's recipe photo",
               ok="->/admin/cursos/{A.id}/recetas/{A.recipe}/editar", data={"image": JPEG}),
    admin_only("admin.recipe_move", "POST", "/admin/cursos/{A.id}/recetas/{A.recipe}/mover",
               "move A's recipe down", ok="->/admin/cursos/{A.id}/recetas",
               data={"direccion": "abajo"}),
    admin_only("admin.recipe_book_rebuild", "POST", "/admin/cursos/{A.id}/recetario",
               "rebuild A's book", ok="->/admin/cursos/{A.id}/recetas"),
    admin_only("admin.recipe_book_rebuild", "POST", "/admin/cursos/{A.id}/recetario",
               "end of a photo batch, JSON (the book is current: nothing rebuilt)",
               effect=False, json={"lote": True}),
    admin_only("admin.enrollments_list", "GET", "/admin/inscripciones", "enrollments"),
    admin_only("admin.enrollment_new", "GET", "/admin/inscripciones/nueva", "form"),
    admin_only("admin.enrollment_new", "POST", "/admin/inscripciones/nueva",
               "enroll the stranger in A", ok="->/admin/usuarios/{stranger.id}",
               data={"user": "{stranger.email}", "course": "{A.id}", "duration": "90"}),
    admin_only("admin.enrollment_bulk", "GET", "/admin/inscripciones/masiva", "form"),
    admin_only("admin.enrollment_bulk", "POST", "/admin/inscripciones/masiva",
               "bulk-enroll the stranger in B",
               data={"course": "{B.id}", "emails": "{stranger.email}", "duration": "30"}),
    admin_only("admin.enrollment_extend", "POST",
               "/admin/inscripciones/{enrollment.expired}/extender",
               "extend the expired enrollment", ok="->/admin/inscripciones", data={"days": "30"}),
    admin_only("admin.enrollment_revoke", "POST",
               "/admin/inscripciones/{enrollment.enrolled}/revocar",
               "revoke the enrolled student's access", ok="->/admin/inscripciones"),
    admin_only("admin.memberships_list", "GET", "/admin/membresias", "memberships"),
    admin_only("admin.membership_new", "GET", "/admin/membresias/nueva", "form"),
    admin_only("admin.membership_new", "POST", "/admin/membresias/nueva",
               "a membership for the stranger", ok="->/admin/usuarios/{stranger.id}",
               data={"user": "{stranger.email}", "start_date": "{today}", "duration": "365"}),
    admin_only("admin.membership_extend", "POST",
               "/admin/membresias/{membership.member}/extender", "extend the membership",
               ok="->/admin/membresias", data={"days": "30"}),
    admin_only("admin.membership_set_active", "POST",
               "/admin/membresias/{membership.member}/estado", "deactivate the membership",
               ok="->/admin/membresias", data={"activo": "0"}),
    admin_only("admin.forum", "GET", "/admin/foro", "moderation list"),
    admin_only("admin.bakes_queue", "GET", "/admin/lo-hice", "bakes waiting for feedback"),
    # Featuring needs the author's consent: the owner's bake has it, the member's has not.
    admin_only("admin.bake_feature", "POST", "/admin/lo-hice/{bake.owner_A}/destacar",
               "feature the owner's bake on A's page", ok="->/cursos/{A.slug}/lo-hice*",
               data={"featured": "1"}),
    admin_only("admin.bake_feature", "POST", "/admin/lo-hice/{bake.member_B}/destacar",
               "feature the member's bake without her consent", effect=False,
               ok="->/cursos/{B.slug}/lo-hice*", data={"featured": "1"}),
    admin_only("admin.settings_page", "GET", "/admin/ajustes", "business settings"),
    admin_only("admin.payments_list", "GET", "/admin/pagos", "payments"),
    admin_only("admin.payment_new", "GET", "/admin/pagos/nuevo", "form"),
    admin_only("admin.payment_new", "POST", "/admin/pagos/nuevo", "the owner's payment for A",
               ok="->/admin/pagos", data=PAYMENT | {"user": "{owner.email}"}),
    admin_only("admin.payment_edit", "GET", "/admin/pagos/{payment.owner}/editar", "form"),
    admin_only("admin.payment_edit", "POST", "/admin/pagos/{payment.owner}/editar",
               "correct the owner's payment", ok="->/admin/pagos", data=PAYMENT),
    row("admin.payment_edit", "GET", f"/admin/pagos/{HUGE}/editar", "id beyond INTEGER", NOBODY),
    admin_only("admin.payment_void", "POST", "/admin/pagos/{payment.owner}/anular",
               "void the owner's payment", ok="->/admin/pagos"),
    admin_only("admin.certificates_list", "GET", "/admin/certificados", "certificates"),
    admin_only("admin.certificates_list", "GET",
               "/admin/certificados?curso={A.id}&estado=revocados&q=owner", "filtered"),
    admin_only("admin.certificate_revoke", "POST",
               "/admin/certificados/{certificate.owner_id}/revocar",
               "revoke the owner's certificate", ok="->/admin/certificados",
               data={"reason": "Pago devuelto"}),
    admin_only("admin.certificate_restore", "POST",
               "/admin/certificados/{certificate.owner_id}/restaurar",
               "restore the owner's certificate", ok="->/admin/certificados"),
    admin_only("admin.certificate_rename", "GET",
               "/admin/certificados/{certificate.owner_id}/nombre", "name form"),
    admin_only("admin.certificate_rename", "POST",
               "/admin/certificados/{certificate.owner_id}/nombre",
               "correct the owner's printed name", ok="->/admin/certificados",
               data={"name": "Nombre Corregido"}),
    row("admin.certificate_rename", "GET", f"/admin/certificados/{HUGE}/nombre",
        "id beyond INTEGER", NOBODY),
    admin_only("admin.onboarding_page", "GET", "/admin/alumnas/nueva", "form"),
    admin_only("admin.onboarding_page", "POST", "/admin/alumnas/nueva",
               "onboard a new student in A with her payment",
               data={"full_name": "Alumna Nueva", "email": "alumna.nueva@example.com",
                     "phone": "55 1234 5678", "purchase": "curso", "course": "{A.id}",
                     "duration": "30", "amount": "900", "currency": "MXN", "method": "CASH",
                     "paid_on": "{today}"}),
    admin_only("admin.enrollment_bulk_accounts", "POST", "/admin/inscripciones/masiva/cuentas",
               "accounts for unknown e-mails, enrolled in B", ok="200",
               data={"course": "{B.id}", "duration": "30", "email": "nueva.b@example.com",
                     "name": "Nueva B", "create": "nueva.b@example.com"}),
    admin_only("admin.renewals_page", "GET", "/admin/renovaciones", "renewals"),
    admin_only("admin.audit_log", "GET", "/admin/auditoria", "audit log"),
    admin_only("admin.audit_log", "GET", "/admin/auditoria?alumna={owner.id}&accion=payment.record",
               "one student's history"),
    admin_only("admin.renewal_contacted", "POST",
               "/admin/renovaciones/inscripcion/{enrollment.expired}/contactada",
               "mark the expired student contacted", ok="->/admin/renovaciones*"),
    admin_only("admin.renewal_renew", "GET",
               "/admin/renovaciones/inscripcion/{enrollment.expired}/renovar", "renew form"),
    admin_only("admin.renewal_renew", "POST",
               "/admin/renovaciones/inscripcion/{enrollment.expired}/renovar",
               "renew the expired enrollment with its payment", ok="->/admin/renovaciones*",
               data={"duration": "30", "amount": "300", "currency": "MXN", "method": "CASH",
                     "paid_on": "{today}", "reference": ""}),
    admin_only("admin.renewal_renew", "POST",
               "/admin/renovaciones/membresia/{membership.former}/renovar",
               "renew the former member", ok="->/admin/renovaciones*", data={"duration": "365"}),
    row("admin.renewal_contacted", "POST",
        "/admin/renovaciones/regalo/{enrollment.expired}/contactada",
        "no such kind of grant", "login 403 403 403 403 403 403 403 404"),
    admin_only("admin.trace_page", "GET", "/admin/rastrear", "trace form"),
    admin_only("admin.trace_page", "POST", "/admin/rastrear", "trace a recipe-book code",
               data={"code": "7KQ2-M9XD"}),
    admin_only("admin.export_csv", "GET", "/admin/exportar/pagos.csv", "payments as CSV"),
    admin_only("admin.export_csv", "GET", "/admin/exportar/alumnas.csv", "students as CSV"),
    row("admin.export_csv", "GET", "/admin/exportar/claves.csv", "no such export",
        "login 403 403 403 403 403 403 403 404"),
    admin_only("admin.settings_page", "POST", "/admin/ajustes", "save the settings",
               ok="->/admin/ajustes", data=SETTINGS),
    admin_only("admin.forum_reply", "POST", "/admin/foro/{comment.owner_A}/responder",
               "answer the owner as the team", ok="->/admin/foro",
               data={"content": "Respuesta del equipo"}),
    # Destructive requests last: the admin's writes share one world and are asked in the
    # order of this table, so these must not come before rows that use what they remove.
    admin_only("admin.user_set_active", "POST", "/admin/usuarios/{owner.id}/estado",
               "deactivate the owner", ok="->/admin/usuarios/{owner.id}", data={"activo": "0"}),
    admin_only("admin.lesson_delete", "POST",
               "/admin/cursos/{A.id}/lecciones/{A.locked}/eliminar", "delete A's lesson",
               ok="->/admin/cursos/{A.id}/lecciones"),
    admin_only("admin.recipe_delete", "POST",
               "/admin/cursos/{A.id}/recetas/{A.recipe}/eliminar", "delete A's recipe",
               ok="->/admin/cursos/{A.id}/recetas"),
    admin_only("admin.membership_delete", "POST",
               "/admin/membresias/{membership.member}/eliminar", "delete the membership",
               ok="->/admin/membresias"),
    admin_only("admin.course_set_active", "POST", "/admin/cursos/{A.id}/estado", "deactivate A",
               ok="->/admin/cursos", data={"activo": "0"}),
    admin_only("admin.course_delete", "POST", "/admin/cursos/{A.id}/eliminar", "delete A",
               ok="->/admin/cursos", data={"confirm_students": "y"}),
)
# fmt: on
