"""What a notification says (Spanish) and where it leads."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from dulcevicio.formatting import long_date
from dulcevicio.models import Notification, NotificationKind
from dulcevicio.services.notifications import Target

# Per-kind preferences on "Mi cuenta", in this order.
KIND_LABELS = {
    NotificationKind.REPLY: "Respuestas a mis comentarios y a mis «¡Lo hice!»",
    NotificationKind.FEEDBACK: "Respuestas del equipo a mis «¡Lo hice!» y preguntas",
    NotificationKind.CERTIFICATE: "Mis certificados",
    NotificationKind.NEW_CONTENT: "Lecciones y recetas nuevas en mis cursos",
    NotificationKind.ACCESS_ENDING: "Aviso cuando mi acceso está por terminar",
}
GONE = "Esto ya no está disponible."


@dataclass
class Shown:
    """A notification as the page shows it: the sentence and where it leads (None: gone)."""

    notification: Notification
    text: str
    url: str | None

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def _first_name(notification: Notification) -> str:
    actor = notification.actor
    if actor is None:
        return "Alguien"
    words = actor.display_name.split()
    return words[0] if words else actor.display_name


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}»"


def sentence(notification: Notification, target: Target | None) -> str:
    kind, kind_of = notification.kind, notification.target_type
    course = _quoted(notification.course.title) if notification.course else "tu curso"
    title = target.title if target else ""
    who = _first_name(notification)
    if kind_of == "bake":
        bake = f"tu «¡Lo hice!» de {_quoted(title)}" if title else f"tu «¡Lo hice!» en {course}"
        if kind is NotificationKind.FEEDBACK:
            return f"El equipo de DulceVicio respondió {bake}"
        return f"{who} comentó {bake}"
    if kind_of == "comment":
        if kind is NotificationKind.FEEDBACK:
            return f"El equipo de DulceVicio respondió tu pregunta en el foro de {course}"
        return f"{who} respondió tu comentario en el foro de {course}"
    if kind is NotificationKind.CERTIFICATE:
        return f"Tu certificado de {course} está listo"
    if kind is NotificationKind.NEW_CONTENT:
        if kind_of == "lesson":
            return f"Nueva lección en {course}: {title}" if title else f"Nueva lección en {course}"
        if notification.target_id is None:
            return f"Nuevas recetas en {course}"
        return f"Nueva receta en {course}: {title}" if title else f"Nueva receta en {course}"
    if kind is NotificationKind.ACCESS_ENDING:
        day = long_date(target.until) if target and target.until else ""
        ends = f"termina el {day}" if day else "termina pronto"
        if kind_of == "membership":
            return f"Tu membresía {ends}"
        return f"Tu acceso a {course} {ends}"
    return "Tienes una novedad"


def target_url(notification: Notification, target: Target | None) -> str | None:
    """Where the notification leads, or None when its place no longer exists."""
    kind_of, target_id = notification.target_type, notification.target_id
    course = notification.course
    if kind_of in ("enrollment", "membership"):
        if course is not None:
            return url_for("catalog.course", slug=course.slug)
        return url_for("learn.dashboard")
    if kind_of == "recipe" and target_id is None and course is not None:
        return url_for("catalog.course", slug=course.slug)  # a batch of new recipes
    if target is None or not target.live or course is None:
        return None
    if kind_of == "comment":
        return url_for("forum.show_comment", comment_id=target_id)
    if kind_of == "bake":
        return url_for("bakes.show_bake", bake_id=target_id)
    if kind_of == "lesson":
        return url_for("learn.lesson", slug=course.slug, lesson_id=target_id)
    if kind_of == "recipe":
        return url_for("learn.recipe", slug=course.slug, recipe_id=target_id)
    if kind_of == "certificate":
        return url_for("certificates.certificate_page", code=target.title)
    return None


def shown(notifications: list[Notification], targets: dict) -> list[Shown]:
    return [
        Shown(n, sentence(n, t), target_url(n, t))
        for n in notifications
        for t in [targets.get((n.target_type, n.target_id))]
    ]
