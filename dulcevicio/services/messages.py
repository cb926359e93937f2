"""The WhatsApp messages the business sends and receives, as editable Spanish templates.

A template names what it needs in braces: {nombre}, {curso}, {fecha}, {enlace}, {monto}.
Each message offers only the placeholders it can fill; the settings page checks a new
text against them before storing it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

MAX_LENGTH = 1000
PLACEHOLDERS = {
    "nombre": "el nombre de la alumna",
    "curso": "el curso (o «todos los cursos» para una membresía)",
    "fecha": "la fecha de fin del acceso, o la del pago",
    "enlace": "el enlace para crear o cambiar la contraseña",
    "monto": "el monto pagado, con su moneda",
}
# What the settings page's preview fills the placeholders with.
SAMPLE = {
    "nombre": "Ana Pérez",
    "curso": "Masa madre desde cero",
    "fecha": "15 de enero de 2027",
    "enlace": "https://ejemplo.com/clave/abc123",
    "monto": "$1,200.00 MXN",
}


@dataclass(frozen=True)
class Message:
    key: str
    label: str
    when: str  # where the app offers it
    placeholders: tuple[str, ...]
    default: str


MESSAGES = {
    message.key: message
    for message in (
        Message(
            "general_contact",
            "Consulta general",
            "Botón «Escríbenos» de la página de inicio.",
            (),
            "Hola, quiero información sobre los cursos de repostería.",
        ),
        Message(
            "access_request",
            "Solicitar acceso a un curso",
            "Botón «Solicitar acceso» del catálogo, del curso y de las lecciones bloqueadas.",
            ("curso",),
            "Hola, quiero acceder al curso «{curso}». ¿Cómo puedo inscribirme?",
        ),
        Message(
            "access_help",
            "Ayuda con el acceso",
            "Página «Acceso denegado».",
            (),
            "Hola, intento entrar a una página del sitio y me dice «Acceso denegado». ¿Me ayudan?",
        ),
        Message(
            "password_help",
            "Olvidé mi contraseña",
            "Enlace «¿Olvidaste tu contraseña?» de la página de ingreso.",
            (),
            "Hola, olvidé mi contraseña. ¿Me envían un enlace para crear una nueva?",
        ),
        Message(
            "renewal_request",
            "La alumna pide renovar",
            "Botón «Renovar por WhatsApp» de «Mis cursos» (acceso por terminar o terminado).",
            ("nombre", "curso", "fecha"),
            "Hola, soy {nombre}. Quiero renovar mi acceso a «{curso}» (fecha de fin: {fecha}).",
        ),
        Message(
            "invitation",
            "Invitación a una cuenta nueva",
            "Alta de alumna y enlace de invitación, enviado a su número.",
            ("nombre", "curso", "enlace"),
            "Hola, {nombre}. ¡Te damos la bienvenida a «{curso}»! Crea tu contraseña con "
            "este enlace (sirve una sola vez): {enlace}",
        ),
        Message(
            "access_granted",
            "Acceso nuevo (cuenta que ya tiene contraseña)",
            "Alta de alumna que ya tenía cuenta: le avisa que ya puede entrar.",
            ("nombre", "curso", "fecha", "enlace"),
            "Hola, {nombre}. ¡Ya tienes acceso a «{curso}» ({fecha})! Entra con tu correo y "
            "tu contraseña: {enlace}",
        ),
        Message(
            "password_link",
            "Enlace para cambiar la contraseña",
            "Enlace para cambiar la contraseña de una cuenta que ya tiene una.",
            ("nombre", "enlace"),
            "Hola, {nombre}. Este es tu enlace para cambiar tu contraseña (sirve una sola "
            "vez): {enlace}",
        ),
        Message(
            "renewal_reminder",
            "Recordatorio de renovación",
            "Renovaciones: acceso que termina en los próximos días.",
            ("nombre", "curso", "fecha"),
            "Hola, {nombre}. Tu acceso a «{curso}» termina el {fecha}. ¿Quieres renovarlo? "
            "Respóndenos por aquí y te lo extendemos.",
        ),
        Message(
            "win_back",
            "Invitación a volver",
            "Renovaciones: acceso que terminó en los últimos 30 días.",
            ("nombre", "curso", "fecha"),
            "Hola, {nombre}. Tu acceso a «{curso}» terminó el {fecha}. Si quieres volver, "
            "respóndenos y lo reactivamos: tu progreso sigue guardado.",
        ),
        Message(
            "payment_thanks",
            "Confirmación de pago",
            "Pagos: confirmación a la alumna de un pago registrado.",
            ("nombre", "curso", "monto", "fecha"),
            "Hola, {nombre}. Recibimos tu pago de {monto} del {fecha} por «{curso}». ¡Gracias!",
        ),
    )
}


class TemplateRejected(ValueError):
    """The template text cannot be used; the message says why (Spanish)."""


def check_template(key: str, text: str) -> str:
    """The text, stripped, if it is a usable template for message `key`."""
    text = (text or "").strip()
    if not text:
        raise TemplateRejected("Escribe el mensaje.")
    if len(text) > MAX_LENGTH:
        raise TemplateRejected(f"El mensaje admite como máximo {MAX_LENGTH} caracteres.")
    allowed = MESSAGES[key].placeholders
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as error:
        raise TemplateRejected(
            "Hay una llave { o } sin cerrar. Los datos se escriben así: {nombre}."
        ) from error
    for name, spec, conversion in fields:
        if spec or conversion:
            raise TemplateRejected(f"Escribe los datos tal cual, sin formato: {{{name}}}.")
        if name not in allowed:
            offered = ", ".join(f"{{{field}}}" for field in allowed) or "ninguno"
            raise TemplateRejected(
                f"«{{{name}}}» no es un dato de este mensaje. Puedes usar: {offered}."
            )
    return text


def render(template: str, **values: str) -> str:
    """A checked template with its placeholders filled."""
    return template.format_map(values)
