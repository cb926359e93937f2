"""Demo content of the course pages: learning points, instructors with generated portraits,
prices, sample recipes and testimonials; the business's default instructor. Fills only
what is empty, so a rerun never overwrites what an admin edited."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from decimal import Decimal

from dulcevicio.extensions import db
from dulcevicio.models import Course, Testimonial
from dulcevicio.services import settings as business
from dulcevicio.services.access import MAX_SAMPLES
from dulcevicio.services.media import uploads

# The business's own instructor: the founder, who also signs the certificates.
DEFAULT_INSTRUCTOR = (
    "María González",
    "Chef pastelera y fundadora de DulceVicio. Empezó horneando para su barrio en Puebla y "
    "hoy enseña a miles de alumnas de toda Latinoamérica a hornear con confianza en casa.",
)

COURSE_PAGES = {
    "pan-de-masa-madre": {
        "learning_points": (
            "Criar y mantener viva tu propia masa madre",
            "Leer la masa: cuándo amasar, plegar y dejar reposar",
            "Formar bollos tensos que crecen hacia arriba",
            "Fermentar en frío para ganar sabor y organizar tu semana",
            "Hornear en olla de hierro con corteza crujiente y miga abierta",
        ),
        "instructor": (
            "Julián Ortega",
            "Panadero desde hace quince años. Aprendió con su abuela en Oaxaca y trabajó en "
            "panaderías de masa madre de Ciudad de México antes de dedicarse a enseñar.",
        ),
        "price": (Decimal("1200.00"), None),  # the business's currency
        "samples": 3,
        "testimonials": (
            (
                "Lucía Fernández",
                "Alumna de Guadalajara",
                "Mi primera hogaza salió mejor que la de la panadería de mi esquina. Las "
                "explicaciones sobre cómo leer la masa me cambiaron todo.",
            ),
            (
                "Andrea Salinas",
                "Alumna de Monterrey",
                "Pensé que la masa madre era solo para expertos. Con los videos cortos y el "
                "grupo de WhatsApp la tuve lista en una semana.",
            ),
            (
                "Roberto Díaz",
                "Alumno de Puebla",
                "Ahora horneo pan para toda la familia los domingos. La parte de fermentación "
                "en frío vale el curso entero.",
            ),
        ),
    },
    "macarons-y-eclairs": {
        "learning_points": (
            "Preparar un merengue italiano estable con el almíbar a punto",
            "Hacer el macaronage justo para macarons lisos y con pie",
            "Rellenar con ganache y buttercream que se conservan días",
            "Dominar la pâte à choux para éclairs huecos y parejos",
            "Glasear con fondant y glaseado espejo brillante",
            "Organizar una producción para vender en tu vitrina",
        ),
        "instructor": (
            "Camille Duarte",
            "Pastelera formada en Lyon. Trabajó en pastelerías francesas de Buenos Aires y hoy "
            "enseña técnica clásica explicada paso a paso, sin secretos.",
        ),
        "price": (Decimal("1450.00"), "MXN"),
        "samples": 2,
        "testimonials": (
            (
                "Martina López",
                "Alumna de Córdoba",
                "Después de tres intentos fallidos por mi cuenta, mis macarons por fin tienen "
                "pie. El truco del macaronage está explicado como nadie.",
            ),
            (
                "Valeria Núñez",
                "Pastelera en Lima",
                "Vendo éclairs en mi cafetería gracias a este curso. Mis clientes preguntan si "
                "los traigo de una pastelería francesa.",
            ),
            (
                "Sofía Ramírez",
                "Alumna de Rosario",
                "Clarísimo y muy cálido. Me encantó poder volver a ver cada lección las veces "
                "que quise.",
            ),
        ),
    },
    "tortas-de-celebracion": {
        "learning_points": (
            "Hornear bizcochos estables que soportan varios pisos",
            "Rellenar y armar con capas parejas y bordes rectos",
            "Cubrir con fondant sin grietas ni burbujas",
            "Decorar con manga: flores, rosetones y mensajes",
            "Transportar y conservar la torta hasta la fiesta",
            "Calcular porciones y presupuestar un encargo",
        ),
        "instructor": (
            "Lorena Paz",
            "Decoradora de tortas de boda en Bogotá. Lleva más de 2 000 tortas entregadas y "
            "le encanta compartir lo que aprendió a fuerza de encargos.",
        ),
        "price": (Decimal("18000.00"), "ARS"),
        "samples": 2,
        "testimonials": (
            (
                "Isabella Torres",
                "Alumna de Bogotá",
                "Hice la torta de cumpleaños de mi hija con tres pisos y llegó perfecta al "
                "salón. No lo podía creer.",
            ),
            (
                "Gabriela Mendoza",
                "Repostera en Quito",
                "El módulo de presupuesto me ayudó a cobrar lo justo. Ya tomo encargos todas "
                "las semanas.",
            ),
            (
                "Daniela Castro",
                "Alumna de Arequipa",
                "Por fin entendí el fondant. Las explicaciones son pacientes y muy claras.",
            ),
        ),
    },
}

SKIN = [(241, 201, 170), (224, 172, 130), (198, 140, 100), (160, 110, 78), (120, 80, 56)]
HAIR = [(60, 38, 28), (30, 24, 22), (120, 76, 40), (170, 120, 70), (90, 60, 50)]
BACKDROPS = [(251, 211, 224), (255, 233, 207), (220, 236, 228), (230, 222, 245)]
APRONS = [(194, 24, 91), (74, 44, 33), (26, 122, 67), (240, 170, 60)]


def portrait(seed: int, size: int = 512) -> bytes:
    """A JPEG that reads as a friendly head-and-shoulders portrait in an apron."""
    from PIL import Image, ImageDraw, ImageFilter  # lazy: the CLI loads this module

    rng = random.Random(seed)  # noqa: S311 (pictures, not secrets)
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    backdrop, apron = BACKDROPS[seed % len(BACKDROPS)], APRONS[seed % len(APRONS)]
    image = Image.new("RGB", (size, size), backdrop)
    draw = ImageDraw.Draw(image)
    s = size / 512
    draw.ellipse((60 * s, 340 * s, 452 * s, 700 * s), fill=(250, 248, 244))  # chef's jacket
    draw.polygon(
        [(180 * s, 380 * s), (332 * s, 380 * s), (372 * s, 512 * s), (140 * s, 512 * s)],
        fill=apron,
    )
    draw.rectangle((226 * s, 290 * s, 286 * s, 360 * s), fill=skin)  # neck
    draw.ellipse((150 * s, 90 * s, 362 * s, 330 * s), fill=hair)  # hair behind
    draw.ellipse((170 * s, 120 * s, 342 * s, 320 * s), fill=skin)  # face
    draw.chord((165 * s, 95 * s, 347 * s, 250 * s), 180, 360, fill=hair)  # fringe
    for x in (220, 292):  # eyes
        draw.ellipse(((x - 9) * s, 210 * s, (x + 9) * s, 226 * s), fill=(50, 35, 30))
    draw.arc((222 * s, 240 * s, 290 * s, 290 * s), 20, 160, fill=(150, 60, 60), width=round(5 * s))
    image = image.filter(ImageFilter.GaussianBlur(radius=1.2 * s))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def seed_course_page(course: Course, seed: int) -> None:
    """Fill the course page's empty parts from COURSE_PAGES (recipes must exist first)."""
    spec = COURSE_PAGES.get(course.slug)
    if spec is None:
        return
    if not course.learning_points:
        course.learning_points = "\n".join(spec["learning_points"])
    if not course.instructor_name:
        course.instructor_name, course.instructor_bio = spec["instructor"]
        if course.instructor_photo_public_id is None:
            uploads.replace_instructor_photo(course, portrait(seed))
    if course.price_amount is None:
        course.price_amount, course.price_currency = spec["price"]
    with_photo = [recipe for recipe in course.recipes if recipe.image_public_id]
    if not any(recipe.is_sample for recipe in course.recipes):
        for recipe in with_photo[: min(spec["samples"], MAX_SAMPLES)]:
            recipe.is_sample = True
    if not course.testimonials:
        course.testimonials = [
            Testimonial(author_name=name, author_detail=detail, text=text, position=position)
            for position, (name, detail, text) in enumerate(spec["testimonials"], start=1)
        ]
    db.session.flush()


def ensure_default_instructor() -> None:
    """The business's instructor, with a portrait, unless an admin already named one."""
    current = business.current()
    if current.instructor_name:
        return
    name, bio = DEFAULT_INSTRUCTOR
    photo = current.instructor_photo_public_id or uploads.save_instructor_photo(portrait(0))
    business.save(
        replace(current, instructor_name=name, instructor_bio=bio, instructor_photo_public_id=photo)
    )
