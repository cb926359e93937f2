"""Every form and upload of the site, and every URL with a parameter, as the bad-input
harness sends them (tests/security/harness.py)."""

from __future__ import annotations

from dulcevicio.services.messages import MESSAGES
from tests.security.harness import Form

FUTURE = "2030-06-15"
PAST = "2026-01-15"


def fixed(path: str):
    """A URL from a template of FormWalk attributes: fixed('/cursos/{slug}/foro')."""

    def url(world, _case) -> str:
        return path.format(**vars(world))

    return url


def token_url(world, case) -> str:
    token = case.payload if case.field == "token" else world.password_token()
    return f"/clave/{token}"


def course_base(world) -> dict:
    return {
        "title": "Pan dulce",
        "slug": "pan-dulce",
        "description": "Conchas y más.",
        "difficulty_level": "BEGINNER",
        "estimated_duration_minutes": "90",
        "whatsapp_group_url": "https://chat.whatsapp.com/Grupo123",
        "is_active": "y",
        "certificate_enabled": "y",
        "certificate_hours": "",
        "signatory_name": "",
        "signatory_title": "",
    }


def structure_base(world) -> dict:
    """A recipe's structure as the editor posts it: yield, mould, one ingredient, one step."""
    return {
        "action": "guardar",
        "yield_amount": "8",
        "yield_kind": "porciones",
        "shape": "redondo",
        "width_cm": "22",
        "length_cm": "",
        "height_cm": "",
        "ingredients-0-group": "Para la masa",
        "ingredients-0-quantity": "200",
        "ingredients-0-unit": "g",
        "ingredients-0-ingredient": "harina",
        "ingredients-0-note": "",
        "steps-0-text": "Hornear.",
        "steps-0-timer_minutes": "40",
        "steps-0-lesson": "",
        "steps-0-second": "",
    }


def student_pages(*paths: str):
    return lambda world: [("student", path.format(**vars(world))) for path in paths]


def admin_pages(*paths: str):
    return lambda world: [("admin", path.format(**vars(world))) for path in paths]


def both(*groups):
    return lambda world: [page for group in groups for page in group(world)]


FORMS: dict[str, Form] = {
    "login": Form(
        fixed("/ingresar"),
        base=lambda w: {"login": "nadie@example.com", "password": "no-es-la-clave"},
        who="visitor",
    ),
    "set password": Form(
        token_url,
        base=lambda w: {"password": "clave-nueva-123", "confirm": "clave-nueva-123"},
        who="visitor",
    ),
    "account": Form(
        fixed("/cuenta"),
        base=lambda w: {"full_name": "Ana Pérez", "username": "ana", "phone": "55 1234 5678"},
        who="student",
        shows=student_pages("/cuenta", "/cursos/{slug}/foro"),
    ),
    "my devices": Form(
        fixed("/cuenta/dispositivos"),
        who="student",
        shows=student_pages("/cuenta/dispositivos"),
    ),
    "change password": Form(
        fixed("/cuenta/clave"),
        base=lambda w: {
            "current_password": "clave-segura-123",
            "password": "corta",
            "confirm": "corta",
        },
        who="student",
    ),
    "admin user new": Form(
        fixed("/admin/usuarios/nuevo"),
        base=lambda w: {
            "full_name": "Luis Gómez",
            "email": w.unique("luis") + "@example.com",
            "username": "",
            "phone": "+54 9 11 2345 6789",
            "role": "USER",
            "access_method": "password",
            "password": "clave-segura-123",
        },
        shows=admin_pages("/admin/usuarios"),
    ),
    "admin user edit": Form(
        fixed("/admin/usuarios/{student_id}/editar"),
        base=lambda w: {
            "full_name": "Ana Pérez",
            "email": "ana@example.com",
            "username": "ana",
            "phone": "",
            "role": "USER",
        },
        shows=admin_pages("/admin/usuarios/{student_id}"),
    ),
    "admin course new": Form(
        fixed("/admin/cursos/nuevo"),
        base=lambda w: {**course_base(w), "slug": "", "title": "Curso nuevo"},
        shows=admin_pages("/admin/cursos"),
    ),
    "admin course edit": Form(
        fixed("/admin/cursos/{course_id}/editar"),
        base=course_base,
        shows=both(
            admin_pages("/admin/cursos/{course_id}/editar"), student_pages("/cursos/pan-dulce")
        ),
    ),
    "admin lesson new": Form(
        fixed("/admin/cursos/{course_id}/lecciones/nueva"),
        base=lambda w: {"title": "Lección nueva", "video_duration_seconds": "", "is_active": "y"},
        shows=admin_pages("/admin/cursos/{course_id}/lecciones"),
    ),
    "admin lesson edit": Form(
        fixed("/admin/cursos/{course_id}/lecciones/{lesson_id}/editar"),
        base=lambda w: {"title": "Lección 2", "video_duration_seconds": "1:40", "is_active": "y"},
        shows=both(
            admin_pages("/admin/cursos/{course_id}/lecciones"),
            student_pages("/cursos/{slug}/lecciones/{lesson_id}"),
        ),
    ),
    "admin lesson video": Form(
        fixed("/admin/lecciones/{lesson_id}/video"),
        shows=admin_pages("/admin/lecciones/{lesson_id}/video"),
    ),
    "admin recipe upload": Form(
        fixed("/admin/cursos/{course_id}/recetas/subir"),
        shows=admin_pages("/admin/cursos/{course_id}/recetas"),
    ),
    "admin recipe edit": Form(
        fixed("/admin/cursos/{drafts_id}/recetas/{draft_id}/editar"),
        base=lambda w: {"title": "Borrador", "description": "", "recipe_text": "", "is_active": ""},
        shows=admin_pages("/cursos/borradores/recetas/{draft_id}"),
    ),
    "admin recipe edit (book)": Form(
        fixed("/admin/cursos/{course_id}/recetas/{recipe_id}/editar"),
        base=lambda w: {"title": "Flan", "description": "", "recipe_text": "", "is_active": "y"},
        shows=student_pages("/cursos/{slug}/recetas/{recipe_id}"),
    ),
    "admin recipe structure": Form(
        fixed("/admin/cursos/{drafts_id}/recetas/{draft_id}/estructura"),
        base=structure_base,
        shows=admin_pages("/admin/cursos/{drafts_id}/recetas/{draft_id}/estructura"),
    ),
    # A step at a moment of one of the course's lessons (the drafts course has none).
    "admin recipe structure (lesson)": Form(
        fixed("/admin/cursos/{course_id}/recetas/{recipe_id}/estructura"),
        base=lambda w: structure_base(w)
        | {"steps-0-lesson": str(w.lesson_id), "steps-0-second": "1:35"},
        shows=both(
            admin_pages("/admin/cursos/{course_id}/recetas/{recipe_id}/estructura"),
            student_pages("/cursos/{slug}/recetas/{recipe_id}"),
        ),
    ),
    "admin recipe photo": Form(
        fixed("/admin/recetas/{draft_id}/imagen"),
        shows=admin_pages("/cursos/borradores/recetas/{draft_id}"),
    ),
    "admin enrollment": Form(
        fixed("/admin/inscripciones/nueva"),
        base=lambda w: {
            "user": "ana@example.com",
            "course": str(w.course_id),
            "duration": "30",
            "expires_on": "",
        },
        shows=admin_pages("/admin/inscripciones"),
    ),
    "admin bulk enrollment": Form(
        fixed("/admin/inscripciones/masiva"),
        base=lambda w: {
            "course": str(w.course_id),
            "emails": "ana@example.com",
            "duration": "30",
            "expires_on": "",
        },
        refusal="No hay ninguna cuenta con estos correos.",
    ),
    "admin enrollment extend": Form(fixed("/admin/inscripciones/{enrollment_id}/extender")),
    "admin membership": Form(
        fixed("/admin/membresias/nueva"),
        base=lambda w: {
            "user": "ana@example.com",
            "start_date": FUTURE,
            "duration": "365",
            "end_date": "",
            "notes": "",
        },
        shows=admin_pages("/admin/membresias"),
    ),
    "admin membership extend": Form(fixed("/admin/membresias/{membership_id}/extender")),
    "admin settings": Form(
        fixed("/admin/ajustes"),
        base=lambda w: {
            "business_name": "DulceVicio",
            "whatsapp_number": "55 1234 5678",
            "currency": "MXN",
        }
        | {f"message_{key}": message.default for key, message in MESSAGES.items()},
        shows=admin_pages("/admin/ajustes"),
    ),
    "admin payment": Form(
        fixed("/admin/pagos/nuevo"),
        base=lambda w: {
            "user": "ana@example.com",
            "paid_for": f"curso-{w.course_id}",
            "amount": "1200.50",
            "currency": "MXN",
            "method": "TRANSFER",
            "paid_on": PAST,
            "reference": "OP-1",
            "note": "",
        },
        shows=admin_pages("/admin/pagos"),
    ),
    "admin onboarding": Form(
        fixed("/admin/alumnas/nueva"),
        base=lambda w: {
            "full_name": "Rosa Quispe",
            "email": w.unique("rosa") + "@example.com",
            "phone": "55 1234 5678",
            "purchase": "curso",
            "course": str(w.course_id),
            "duration": "30",
            "expires_on": "",
            "amount": "900",
            "currency": "MXN",
            "method": "CASH",
            "paid_on": PAST,
            "reference": "",
        },
        shows=admin_pages("/admin/usuarios", "/admin/pagos"),
    ),
    "admin renewal": Form(
        fixed("/admin/renovaciones/inscripcion/{enrollment_id}/renovar"),
        base=lambda w: {
            "duration": "30",
            "until": "",
            "amount": "350",
            "currency": "MXN",
            "method": "CASH",
            "paid_on": PAST,
            "reference": "",
        },
        shows=admin_pages("/admin/pagos"),
    ),
    # The world's admin has no authenticator: this is its set-up form's first code.
    "admin second step": Form(
        fixed("/ingresar/verificacion"),
        base=lambda w: {"code": "123456"},
        shows=admin_pages("/ingresar/verificacion"),
    ),
    "admin certificate revoke": Form(
        lambda w, _case: f"/admin/certificados/{w.valid_certificate()}/revocar",
        base=lambda w: {"reason": "Pago devuelto"},
        shows=admin_pages("/admin/certificados"),
    ),
    "admin certificate name": Form(
        fixed("/admin/certificados/{certificate_id}/nombre"),
        base=lambda w: {"name": "Ana Pérez"},
        shows=admin_pages("/admin/certificados"),
    ),
    "admin trace": Form(
        fixed("/admin/rastrear"),
        base=lambda w: {"code": "7KQ2-M9XD"},
        shows=admin_pages("/admin/rastrear"),
    ),
    "forum post": Form(
        fixed("/cursos/{slug}/foro"),
        base=lambda w: {"content": "Hola a todas", "parent_id": ""},
        who="student",
        shows=student_pages("/cursos/{slug}/foro"),
    ),
    "forum reply": Form(
        fixed("/cursos/{slug}/foro"),
        base=lambda w: {"content": "Yo uso harina de fuerza", "parent_id": str(w.comment_id)},
        who="student",
        shows=student_pages("/cursos/{slug}/foro"),
    ),
    "forum edit": Form(
        fixed("/foro/comentarios/{comment_id}/editar"),
        base=lambda w: {"content": "¿Qué harina usan?"},
        who="student",
        shows=student_pages("/cursos/{slug}/foro"),
    ),
    "admin forum reply": Form(
        fixed("/admin/foro/{comment_id}/responder"),
        base=lambda w: {"content": "Harina de fuerza."},
        shows=admin_pages("/admin/foro"),
    ),
    "progress JSON": Form(
        fixed("/lecciones/{lesson_id}/progreso"),
        base=lambda w: {"position": 10, "duration": 100},
        who="student",
        encoding="json",
    ),
    "progress beacon": Form(
        fixed("/lecciones/{lesson_id}/progreso"),
        base=lambda w: {"position": "10", "duration": "100"},
        who="student",
    ),
}


# URLs with bad parts, read by the role that could follow them (nothing may change).
def url_form(who: str) -> Form:
    return Form(lambda world, case: case.payload, who=who, method="GET")


for _who in ("visitor", "student", "admin"):
    FORMS[f"url ({_who})"] = url_form(_who)
