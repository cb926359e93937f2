"""Demo bakes ("¡Lo hice!") for `flask seed-demo`: students' photos, a question waiting for
the instructor, answered ones, comments and one featured on the public course page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from dulcevicio.demo.forum import CAMILA, JOSE, LUCIA, SOFIA, TEAM
from dulcevicio.demo.media import pastry_photo
from dulcevicio.extensions import db
from dulcevicio.models import Bake, Course, User
from dulcevicio.services import bakes

PHOTO_SIZE = (1200, 900)


@dataclass(frozen=True)
class DemoBake:
    """A bake by `author` `hours_ago`, with `photos` generated photos and its comments
    ((author, text), in order; the team's is the instructor's feedback)."""

    author: str
    text: str
    hours_ago: int
    photos: int = 1
    question: str = ""
    consent: bool = False
    featured: bool = False
    comments: tuple[tuple[str, str], ...] = field(default=())


BAKES = {
    "pan-de-masa-madre": (
        DemoBake(
            LUCIA,
            "¡Mi primera hogaza! Le hice el corte en cruz y se abrió precioso. En casa no duró ni "
            "una hora.",
            50,
            photos=2,
            consent=True,
            featured=True,
            comments=(
                (
                    TEAM,
                    "¡Qué greña, Lucía! La corteza se ve perfecta. Ya estás lista para "
                    "probar con harina integral.",
                ),
                (JOSE, "Se ve increíble, ¿cuántas horas de fermentación le diste?"),
            ),
        ),
        DemoBake(
            CAMILA,
            "Segundo intento con la masa madre. El sabor quedó muy rico.",
            6,
            question="¿Por qué me quedó la miga tan cerrada? Seguí los tiempos de la receta.",
            comments=((LUCIA, "¡A mí me pasó igual la primera vez! Ánimo."),),
        ),
    ),
    "macarons-y-eclairs": (
        DemoBake(
            JOSE,
            "Macarons de frambuesa: salieron con pie, pero algunos se agrietaron.",
            20,
            photos=3,
            question="¿Puede ser que el horno esté muy fuerte arriba?",
        ),
    ),
    "tortas-de-celebracion": (
        DemoBake(
            SOFIA,
            "La torta del cumple de mi hija, con el bizcocho de vainilla del curso.",
            72,
            consent=True,
            comments=((TEAM, "¡Hermosa, Sofía! El crumb coat quedó parejito."),),
        ),
    ),
}


def _post(course: Course, demo: DemoBake, people: dict, now: datetime, seed: int) -> None:
    recipe = next((recipe for recipe in course.recipes if recipe.is_active), None)
    photos = [pastry_photo(seed + n, PHOTO_SIZE) for n in range(demo.photos)]
    bake = bakes.post_bake(
        course,
        people[demo.author],
        photos,
        text=demo.text,
        question=demo.question,
        recipe_id=recipe.id if recipe else None,
        consent=demo.consent,
    )
    when = now - timedelta(hours=demo.hours_ago)
    bake.created_at = bake.updated_at = when
    for hours, (author, text) in enumerate(demo.comments, start=1):
        if author in people:
            comment = bakes.comment_on_bake(bake, people[author], text)
            comment.created_at = comment.updated_at = when + timedelta(hours=hours)
            if comment.is_admin_response:
                bake.feedback_at = comment.created_at
    if demo.featured:
        bakes.set_featured(bake, True)


def seed_bakes(courses: list[Course], now: datetime) -> None:
    """Post the demo bakes in each demo course that has none yet."""
    emails = {TEAM, CAMILA, LUCIA, JOSE, SOFIA}
    people = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    for index, course in enumerate(courses):
        demos = BAKES.get(course.slug, ())
        first = sa.select(Bake.id).where(Bake.course_id == course.id).limit(1)
        has_bakes = db.session.scalar(first)
        if has_bakes or not demos:
            continue  # never add to (or duplicate) a gallery that already has bakes
        for number, demo in enumerate(demos):
            if demo.author in people:
                _post(course, demo, people, now, seed=100 + 10 * index + 3 * number)
    db.session.flush()
