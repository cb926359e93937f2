"""Demo forum conversations for `flask seed-demo`: questions, replies and team answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, User
from dulcevicio.services.forum import post_comment


@dataclass(frozen=True)
class DemoComment:
    """A comment by `author` (an e-mail of a demo account), `hours_ago`, with its replies."""

    author: str
    content: str
    hours_ago: int
    replies: tuple[DemoComment, ...] = field(default=())


TEAM = "admin@dulcevicio.test"
CAMILA = "alumna@dulcevicio.test"
LUCIA = "lucia.fernandez@dulcevicio.test"
JOSE = "jose.vargas@dulcevicio.test"
SOFIA = "sofia.ramirez@dulcevicio.test"

# Threads per course slug. Some have a team answer, some wait for one (the admin overview
# lists those), so every forum screen has something to show on a first run.
CONVERSATIONS: dict[str, tuple[DemoComment, ...]] = {
    "pan-de-masa-madre": (
        DemoComment(
            CAMILA,
            "¿Cuántos días tarda en estar lista la masa madre? La mía burbujea poco al tercer día.",
            72,
            (
                DemoComment(
                    TEAM,
                    "Es normal: entre el día 5 y el 7 se vuelve constante. Mantenla a unos "
                    "24 °C y aliméntala siempre a la misma hora.",
                    70,
                    (DemoComment(CAMILA, "¡Gracias! Al quinto día ya duplicó su tamaño.", 30),),
                ),
            ),
        ),
        DemoComment(
            LUCIA,
            "¿Puedo usar harina integral en lugar de harina de fuerza?",
            26,
            (
                DemoComment(
                    JOSE,
                    "Yo uso mitad y mitad y queda muy bien; agrega un poco más de agua.",
                    20,
                ),
            ),
        ),
        DemoComment(
            JOSE,
            "Les comparto mi primer pan: quedó con la miga bien abierta. Más info en "
            "https://es.wikipedia.org/wiki/Masa_madre",
            5,
        ),
    ),
    "macarons-y-eclairs": (
        DemoComment(
            CAMILA,
            "Mis macarons salen sin pie, ¿qué estoy haciendo mal?",
            48,
            (
                DemoComment(
                    TEAM,
                    "Casi siempre es el macaronage: deja de mezclar cuando la masa caiga "
                    "como una cinta. Y déjalos secar 30 minutos antes de hornear.",
                    46,
                ),
            ),
        ),
    ),
    "tortas-de-celebracion": (
        DemoComment(
            SOFIA,
            "¿Con cuánta anticipación puedo cubrir una torta con fondant?",
            8,
        ),
    ),
}


def _written(
    course: Course, demo: DemoComment, parent: DemoComment | None = None
) -> list[tuple[Course, DemoComment, DemoComment | None]]:
    """A thread as (course, comment, the comment it answers), each before its replies."""
    rows = [(course, demo, parent)]
    for reply in demo.replies:
        rows += _written(course, reply, demo)
    return rows


def seed_forums(courses: list[Course], now: datetime) -> None:
    """Post the demo conversations in each demo course whose forum is still empty, in the
    order they were written across every forum, as students would have (the search lists
    comments newest first by that order)."""
    emails = {TEAM, CAMILA, LUCIA, JOSE, SOFIA}
    users = db.session.scalars(sa.select(User).where(User.email.in_(emails)))
    people = {user.email: user for user in users}
    written = []
    for course in courses:
        threads = CONVERSATIONS.get(course.slug, ())
        has_comments = db.session.scalar(
            sa.select(Comment.id).where(Comment.course_id == course.id).limit(1)
        )
        if has_comments or not threads:
            continue  # never add to (or duplicate) a forum that already has a conversation
        for thread in threads:
            written += _written(course, thread)
    posted: dict[int, Comment] = {}  # id() of a DemoComment: its comment
    for course, demo, parent in sorted(written, key=lambda row: -row[1].hours_ago):
        if demo.author not in people or (parent is not None and id(parent) not in posted):
            continue  # an account renamed by an admin: leave that thread out
        parent_id = posted[id(parent)].id if parent is not None else None
        comment = post_comment(course, people[demo.author], demo.content, parent_id)
        comment.created_at = comment.updated_at = now - timedelta(hours=demo.hours_ago)
        posted[id(demo)] = comment
