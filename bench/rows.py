"""Rows of the benchmark dataset (bench/dataset.py), as plain dicts for Core inserts."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from dulcevicio.models import (
    Comment,
    Course,
    DifficultyLevel,
    Enrollment,
    Lesson,
    LessonProgress,
    Membership,
    Payment,
    PaymentMethod,
    Recipe,
    RenewalContact,
    Role,
    User,
)
from dulcevicio.services.kitchen.parser import parse_recipe

COURSES, LESSONS, RECIPES = 20, 15, 10
STUDENTS, COURSES_PER_STUDENT, PROGRESS_PER_COURSE = 500, 4, 10
COMMENTS = 2000
ADMIN_EMAIL = "admin@bench.test"

FIRST = ["Camila", "Valentina", "Lucía", "Sofía", "Mateo", "Diego", "Ximena", "Andrés"]
LAST = ["Rojas", "Gómez", "Pérez", "Hernández", "Núñez", "Castillo", "Ortega", "Vargas"]
# Realistic Spanish baking text, so that searches find what they would find on the site:
# a common ingredient (harina, azúcar) in most recipes, "chocolate" in about a third, a
# dish (merengue) in a few percent, and comments that ask and answer about them.
DISHES = [
    "tarta",
    "pastel",
    "bizcocho",
    "bizcochuelo",
    "galletas",
    "brownies",
    "merengue",
    "flan",
    "mousse",
    "cheesecake",
    "alfajores",
    "churros",
    "conchas",
    "magdalenas",
    "muffins",
    "cupcakes",
    "profiteroles",
    "éclairs",
    "macarons",
    "rosca",
    "budín",
    "trufas",
    "crepas",
    "tartaletas",
    "pavlova",
    "roles de canela",
    "panqué",
    "tiramisú",
    "polvorones",
    "brioche",
    "croissants",
    "buñuelos",
    "turrón",
    "carlota",
    "pay",
    "bombones",
    "soufflé",
    "strudel",
    "dona",
    "empanadas dulces",
]
# (flavour, weight): chocolate is the most asked-for.
FLAVOURS = [
    ("chocolate", 14),
    ("vainilla", 6),
    ("limón", 5),
    ("fresa", 4),
    ("frambuesa", 3),
    ("naranja", 3),
    ("coco", 3),
    ("almendra", 3),
    ("nuez", 3),
    ("avellana", 2),
    ("café", 3),
    ("canela", 3),
    ("dulce de leche", 3),
    ("cajeta", 2),
    ("mango", 2),
    ("maracuyá", 2),
    ("queso crema", 3),
    ("zanahoria", 2),
    ("manzana", 3),
    ("plátano", 2),
    ("moras", 2),
    ("pistache", 2),
    ("caramelo", 3),
    ("miel", 2),
    ("matcha", 1),
    ("chocolate blanco", 4),
    ("guayaba", 1),
    ("elote", 1),
    ("calabaza", 1),
    ("ron", 1),
]
TOPPINGS = [
    "ganache de chocolate",
    "merengue italiano",
    "crema batida",
    "glaseado de queso crema",
    "frutos rojos",
    "salsa de caramelo",
    "cobertura de chocolate",
    "almendras tostadas",
    "crema pastelera",
    "merengue suizo",
    "coulis de frambuesa",
    "nueces caramelizadas",
]
# (ingredient line, chance in a recipe); {g} grams, {ml} millilitres, {n} units.
INGREDIENTS = [
    ("{g} g de harina de trigo", 0.75),
    ("{g} g de azúcar", 0.8),
    ("{n} huevos", 0.65),
    ("{g} g de mantequilla sin sal", 0.65),
    ("{ml} ml de leche entera", 0.45),
    ("1 cucharadita de extracto de vainilla", 0.45),
    ("1 pizca de sal", 0.55),
    ("{g} g de chocolate semiamargo", 0.12),
    ("{g} g de cacao en polvo", 0.12),
    ("2 cucharaditas de polvo para hornear", 0.35),
    ("{ml} ml de crema para batir", 0.3),
    ("{g} g de azúcar glass", 0.3),
    ("ralladura de 1 limón", 0.12),
    ("{g} g de almendra molida", 0.08),
    ("{g} g de queso crema", 0.08),
    ("1 sobre de grenetina", 0.06),
    ("{g} g de levadura fresca", 0.08),
    ("{ml} ml de aceite vegetal", 0.15),
    ("{g} g de nueces picadas", 0.08),
    ("{g} g de fresas", 0.06),
    ("{ml} ml de agua", 0.25),
    ("{n} claras de huevo", 0.12),
    ("{n} yemas", 0.12),
    ("1 cucharadita de canela molida", 0.1),
    ("{g} g de fécula de maíz", 0.12),
    ("{g} g de miel", 0.06),
    ("{g} g de azúcar mascabado", 0.08),
    ("{ml} ml de jugo de naranja", 0.05),
    ("1 cucharadita de bicarbonato", 0.12),
    ("{g} g de chispas de chocolate", 0.08),
]
STEPS = [
    "Precalienta el horno a {c} °C y engrasa un molde de {cm} cm con mantequilla.",
    "Tamiza la harina con el polvo para hornear y la sal.",
    "Bate la mantequilla con el azúcar hasta obtener una crema pálida y esponjosa.",
    "Agrega los huevos uno a uno, batiendo bien después de cada adición.",
    "Incorpora los ingredientes secos en tres partes, alternando con la leche.",
    "Monta las claras a punto de nieve con una pizca de sal.",
    "Integra las claras con movimientos envolventes para no perder el aire.",
    "Prepara un almíbar con el azúcar y el agua hasta que llegue a {sugar} °C.",
    "Amasa hasta obtener una masa lisa y elástica; deja reposar tapada {min} minutos.",
    "Estira la masa con el rodillo hasta dejarla de {mm} mm de grosor.",
    "Hidrata la grenetina en agua fría durante 5 minutos y fúndela en el microondas.",
    "Carameliza el azúcar en una olla de fondo grueso sin dejar de mover.",
    "Rellena con la crema pastelera y cubre con el glaseado.",
    "Cocina la crema a fuego bajo, sin dejar de mover, hasta que espese.",
    "Forma bolitas del mismo tamaño y acomódalas en una charola con papel encerado.",
    "Pinta con huevo batido y espolvorea azúcar por encima.",
]
CHOCOLATE_STEPS = [  # only in recipes with chocolate
    "Derrite el chocolate a baño maría y deja que se entibie.",
    "Calienta la crema y viértela sobre el chocolate picado para hacer la ganache.",
]
STEPS_END = [
    "Vierte la mezcla en el molde y hornea {min} minutos, hasta que un palillo salga limpio.",
    "Hornea {min} minutos o hasta que los bordes estén dorados.",
    "Refrigera al menos {h} horas antes de desmoldar.",
    "Deja enfriar sobre una rejilla antes de desmoldar y decorar.",
]
DESCRIPTIONS = [
    "Un clásico de la repostería casera, con miga húmeda y sabor intenso a {flavour}.",
    "Receta paso a paso para lograr {dish} de {flavour} como en la pastelería.",
    "Ideal para cumpleaños y sobremesas: {dish} fácil, con ingredientes de la despensa.",
    "La versión de nuestra chef, con el punto justo de dulzor y mucho {flavour}.",
    "Perfecta para vender: rinde {n} porciones y se conserva varios días.",
    "Aprende a equilibrar la textura y el sabor del {flavour} en cada capa.",
]
COURSE_THEMES = [
    "Tartas y pays",
    "Chocolatería básica",
    "Merengues y pavlovas",
    "Galletas decoradas",
    "Pan dulce mexicano",
    "Repostería francesa",
    "Pasteles de cumpleaños",
    "Postres fríos",
    "Bombones y trufas",
    "Masa choux",
    "Hojaldre y croissants",
    "Cheesecakes",
    "Postres sin horno",
    "Cupcakes y muffins",
    "Alfajores y dulce de leche",
    "Panadería enriquecida",
    "Macarons",
    "Postres de temporada",
    "Caramelo y praliné",
    "Decoración con fondant",
]
TECHNIQUES = [
    "merengue francés, suizo e italiano",
    "temperado del chocolate",
    "masa quebrada",
    "crema pastelera",
    "bizcocho genovés",
    "ganache y coberturas",
    "masa choux",
    "hojaldre rápido",
    "caramelo y praliné",
    "glaseado real",
    "panes enriquecidos",
    "montaje y decoración",
    "rellenos de frutas",
    "batido y emulsión",
    "horneado parejo",
    "conservación y porciones",
    "costos y precios de venta",
    "manga pastelera y boquillas",
]
COMMENT_SENTENCES = [
    "¿Se puede sustituir la {ingredient} por {ingredient2}?",
    "Me quedó buenísimo el {dish} de {flavour}, gracias por la receta.",
    "¿A qué temperatura horneo el {dish} si mi horno es de gas?",
    "Mi merengue se baja siempre, ¿qué estoy haciendo mal?",
    "Lo hice con {flavour} en lugar de {flavour2} y quedó delicioso.",
    "¿Cuánto tiempo dura en refrigeración?",
    "Profe, ¿la mantequilla va fría o a temperatura ambiente?",
    "El chocolate se me cortó al mezclarlo con la crema, ¿se puede salvar?",
    "Gracias, la explicación del temperado del chocolate me sirvió mucho.",
    "¿Qué molde me recomiendan para el {dish}? El mío es de {cm} cm.",
    "Hice la receta para un cumpleaños y todos pidieron más.",
    "La masa me quedó muy pegajosa, ¿le agrego más harina?",
    "¿Se puede congelar el {dish} ya horneado?",
    "Usé azúcar mascabado y el sabor quedó más intenso.",
    "No encuentro {ingredient} en mi ciudad, ¿con qué la reemplazo?",
    "Sí se puede: usa {g} g de {ingredient} y hornea unos {min} minutos más.",
    "Te recomendamos batir a velocidad media y agregar el azúcar poco a poco.",
    "Revisa que el horno esté bien precalentado y no abras la puerta al principio.",
]


def _fill(rng: random.Random, template: str, dish: str = "", flavour: str = "") -> str:
    """A template with its blanks filled (quantities, and a dish and flavour when not
    given)."""
    ingredients = ["harina", "mantequilla", "leche", "crema", "azúcar", "fécula", "miel"]
    return template.format(
        g=rng.choice([30, 50, 80, 100, 120, 150, 200, 250, 300, 400, 500]),
        ml=rng.choice([60, 80, 100, 120, 200, 250, 300, 500]),
        n=rng.randint(2, 12),
        c=rng.choice([160, 170, 175, 180, 190, 200]),
        cm=rng.choice([18, 20, 22, 24, 26]),
        sugar=rng.choice([115, 118, 121]),
        min=rng.choice([10, 15, 20, 25, 30, 35, 40, 45, 50, 60]),
        mm=rng.choice([3, 4, 5]),
        h=rng.choice([2, 4, 6, 8, 12]),
        dish=dish or rng.choice(DISHES),
        flavour=flavour or _flavour(rng),
        flavour2=_flavour(rng),
        ingredient=rng.choice(ingredients),
        ingredient2=rng.choice(ingredients),
    )


def _flavour(rng: random.Random) -> str:
    return rng.choices([name for name, _ in FLAVOURS], [w for _, w in FLAVOURS])[0]


def prose(rng: random.Random, sentences: int) -> str:
    """A few sentences about baking (descriptions)."""
    return " ".join(_fill(rng, rng.choice(DESCRIPTIONS)) for _ in range(sentences))


def recipe_texts(rng: random.Random) -> tuple[str, str, str]:
    """(title, description, recipe text) of a recipe: a dish and a flavour, an ingredient
    list and numbered steps."""
    dish, flavour = rng.choice(DISHES), _flavour(rng)
    title = f"{dish} de {flavour}".capitalize()
    if rng.random() < 0.4:
        title += f" con {rng.choice(TOPPINGS)}"
    description = " ".join(
        _fill(rng, line, dish, flavour) for line in rng.sample(DESCRIPTIONS, rng.randint(1, 2))
    )
    lines = [f"{rng.choice([100, 150, 200, 250])} g de {flavour}"]
    lines += [_fill(rng, line) for line, chance in INGREDIENTS if rng.random() < chance]
    steps = [_fill(rng, step, dish, flavour) for step in rng.sample(STEPS, rng.randint(4, 7))]
    steps.insert(rng.randrange(1, len(steps)), f"Agrega {flavour} y mezcla hasta integrar.")
    if "chocolate" in f"{title} {' '.join(lines)}":
        steps.insert(1, rng.choice(CHOCOLATE_STEPS))
    steps.append(_fill(rng, rng.choice(STEPS_END)))
    text = "Ingredientes:\n" + "\n".join(f"- {line}" for line in lines)
    text += "\n\nPreparación:\n" + "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
    return title, description, text


def comment_text(rng: random.Random) -> str:
    """One to four sentences of a student's question or the team's answer."""
    return " ".join(_fill(rng, line) for line in rng.sample(COMMENT_SENTENCES, rng.randint(1, 4)))


def email(number: int) -> str:
    return f"alumna{number}@bench.test"


def phone(number: int) -> str | None:
    """Two students in three left a WhatsApp number (E.164), Mexican or Argentine."""
    if number % 3 == 2:
        return None
    return f"+54911{10_000_000 + number}" if number % 4 == 3 else f"+5255{10_000_000 + number}"


def slug(number: int) -> str:
    return f"curso-{number + 1}-reposteria"


def all_rows(
    rng: random.Random, scale: int, now, password_hash: str, recipes_per_course: int = RECIPES
) -> list:
    students = STUDENTS * scale
    users = _users(students, now, password_hash)
    courses, lessons, recipes = _catalog(rng, now, recipes_per_course)
    enrollments, memberships = _access(students, now)
    progress = _progress(now, lessons, enrollments)
    comments = _comments(rng, scale, now)
    payments = _payments(students, now, enrollments, memberships)
    contacts = _renewal_contacts(now, enrollments, memberships)
    return [
        (User, users),
        (Course, courses),
        (Lesson, lessons),
        (Recipe, recipes),
        (Enrollment, enrollments),
        (Membership, memberships),
        (LessonProgress, progress),
        (Comment, comments),
        (Payment, payments),
        (RenewalContact, contacts),
    ]


def payment_rows(rng: random.Random, count: int, now, password_hash: str) -> list:
    """What the payments export reads and no more: the catalog, the admin, the students
    who paid (2 for every 3 payments) with their enrollments and memberships, and exactly
    `count` payments."""
    students = count * 2 // 3 + 1  # 1 or 2 payments each: at least `count`
    users = _users(students, now, password_hash)
    courses, lessons, recipes = _catalog(rng, now)
    enrollments, memberships = _access(students, now)
    payments = _payments(students, now, enrollments, memberships)[:count]
    return [
        (User, users),
        (Course, courses),
        (Lesson, lessons),
        (Recipe, recipes),
        (Enrollment, enrollments),
        (Membership, memberships),
        (Payment, payments),
    ]


def _users(students: int, now, password_hash: str) -> list[dict]:
    base = {"password_hash": password_hash, "is_active": True}
    start = now - timedelta(days=720)
    admin = {**base, "id": 1, "email": ADMIN_EMAIL, "username": "admin", "role": Role.ADMIN}
    rows = [{**admin, "full_name": "Equipo DulceVicio", "created_at": start, "updated_at": start}]
    for number in range(students):
        created = start + timedelta(minutes=number * 7)
        name = f"{FIRST[number % len(FIRST)]} {LAST[number % len(LAST)]} {number}"
        rows.append(
            {
                **base,
                "id": number + 2,
                "email": email(number),
                "username": f"alumna{number}" if number % 3 == 0 else None,
                "full_name": name,
                "role": Role.USER,
                "phone": phone(number),
                "is_active": number % 50 != 49,
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def _catalog(
    rng: random.Random, now, recipes_per_course: int = RECIPES
) -> tuple[list[dict], list[dict], list[dict]]:
    courses, lessons, recipes = [], [], []
    stamp = {"created_at": now, "updated_at": now}
    for index in range(COURSES):
        course_id = index + 1
        courses.append(
            {
                **stamp,
                "id": course_id,
                "title": f"Curso {course_id}: {COURSE_THEMES[index % len(COURSE_THEMES)]}",
                "slug": slug(index),
                "description": prose(rng, 3),
                "thumbnail_url": f"/media/thumbnails/bench-{course_id}.jpg",
                "thumbnail_public_id": f"thumbnails/bench-{course_id}.jpg",
                "difficulty_level": list(DifficultyLevel)[index % 3],
                "estimated_duration_minutes": 90 + 15 * index,
                "is_active": True,
                "position": index,
                "whatsapp_group_url": f"https://chat.whatsapp.com/Bench{course_id}",
                "created_by_id": 1,
            }
        )
        for position in range(LESSONS):
            lessons.append(
                {
                    **stamp,
                    "id": len(lessons) + 1,
                    "course_id": course_id,
                    "title": f"Lección {position + 1}: {rng.choice(TECHNIQUES).capitalize()}",
                    "description": prose(rng, 2),
                    "position": position,
                    "video_public_id": f"videos/bench-{course_id}-{position}.mp4",
                    "video_duration_seconds": 300 + 37 * position,
                    "is_preview": position == 0,
                    "is_active": position != LESSONS - 1 or index % 4 != 0,
                }
            )
        for position in range(recipes_per_course):
            title, description, recipe_text = recipe_texts(rng)
            recipes.append(
                {
                    **stamp,
                    "id": len(recipes) + 1,
                    "course_id": course_id,
                    "title": title,
                    "description": description,
                    "position": position,
                    "image_public_id": f"recipes/bench-{course_id}-{position}.jpg",
                    "image_width": 2000,
                    "image_height": 1500,
                    "recipe_text": recipe_text,
                    # Structured as an admin does: the parser's proposal of the pasted text.
                    "structure": parse_recipe(recipe_text),
                    "is_active": True,
                }
            )
    return courses, lessons, recipes


def student_courses(number: int) -> list[int]:
    """Indexes of the courses student `number` is enrolled in (4 distinct ones)."""
    return [(number + step * 5) % COURSES for step in range(COURSES_PER_STUDENT)]


def _access(students: int, now) -> tuple[list[dict], list[dict]]:
    enrollments, memberships = [], []
    for number in range(students):
        user_id = number + 2
        for step, course in enumerate(student_courses(number)):
            expires = now + timedelta(days=1 + (number * 7 + step) % 365)
            if number % 13 == 12:
                expires = now - timedelta(days=1 + number % 30)  # expired
            elif number % 3 == 1:
                expires = None  # never
            enrolled = now - timedelta(days=(number + step) % 400, minutes=number)
            enrollments.append(
                {
                    "id": len(enrollments) + 1,
                    "user_id": user_id,
                    "course_id": course + 1,
                    "enrolled_at": enrolled,
                    "expires_at": expires,
                    "is_active": not (step == 3 and number % 9 == 8),
                    "granted_by_id": 1,
                    "created_at": enrolled,
                    "updated_at": enrolled,
                }
            )
        if number % 10 == 1 or number % 25 == 2:
            start = now - timedelta(days=30 + number % 200)
            in_force = number % 10 == 1
            end = now + timedelta(days=5 + number % 300) if in_force else start + timedelta(days=20)
            if number % 100 == 21:
                end = now + timedelta(hours=6 + number % 12)  # the renewals board's "tomorrow"
            memberships.append(
                {
                    "id": len(memberships) + 1,
                    "user_id": user_id,
                    "start_date": start,
                    "end_date": end,
                    "is_active": True,
                    "granted_by_id": 1,
                    "notes": "",
                    "created_at": start,
                    "updated_at": start,
                }
            )
    return enrollments, memberships


def _progress(now, lessons: list[dict], enrollments: list[dict]) -> list[dict]:
    """10 rows per enrollment: the first lessons completed, the next one started."""
    by_course: dict[int, list[dict]] = {}
    for lesson in lessons:
        by_course.setdefault(lesson["course_id"], []).append(lesson)
    rows = []
    for enrollment in enrollments:
        number = enrollment["user_id"] - 2
        done = (number + enrollment["course_id"]) % 11 if number else 5  # hers: 5 of course 0
        for position, lesson in enumerate(by_course[enrollment["course_id"]][:PROGRESS_PER_COURSE]):
            completed = position < done
            when = now - timedelta(hours=(number * 13 + position * 5) % (24 * 60))
            rows.append(
                {
                    "id": len(rows) + 1,
                    "user_id": enrollment["user_id"],
                    "course_id": enrollment["course_id"],
                    "lesson_id": lesson["id"],
                    "enrollment_id": enrollment["id"],
                    "completed": completed,
                    "completed_at": when if completed else None,
                    "last_watched_position": 0 if completed else (120 if position == done else 0),
                    "created_at": when,
                    "updated_at": when,
                }
            )
    return rows


def _comments(rng: random.Random, scale: int, now) -> list[dict]:
    """100 comments per course and unit of scale, newest last; 40 % are replies."""
    rows: list[dict] = []
    per_course: dict[int, list[int]] = {}
    students = STUDENTS * scale
    total = COMMENTS * scale
    for number in range(total):
        course_id = number % COURSES + 1
        earlier = per_course.setdefault(course_id, [])
        parent = rng.choice(earlier[-30:]) if earlier and rng.random() < 0.4 else None
        admin = parent is not None and rng.random() < 0.15
        created = now - timedelta(minutes=(total - number) * 11)
        rows.append(
            {
                "id": number + 1,
                "course_id": course_id,
                "user_id": 1 if admin else 2 + rng.randrange(students),
                "parent_id": parent,
                "content": comment_text(rng),
                "is_admin_response": admin,
                "is_active": rng.random() > 0.01,
                "is_deleted": rng.random() < 0.01,
                "created_at": created,
                "updated_at": created,
            }
        )
        earlier.append(number + 1)
    return rows


def _payments(students: int, now, enrollments: list[dict], memberships: list[dict]) -> list[dict]:
    """One or two payments per student over the last ~13 months (a quarter in ARS, 1 in 20
    voided, a third with a receipt photo), paying for one of her enrollments, her
    membership or nothing named."""
    methods = list(PaymentMethod)
    membership_of = {membership["user_id"]: membership["id"] for membership in memberships}
    rows: list[dict] = []
    for number in range(students):
        user_id = number + 2
        for second in range(1 + number % 2):
            key = len(rows) + 1
            paid = now - timedelta(days=(number * 3 + second * 41) % 400, minutes=number % 600)
            ars = number % 4 == 3
            amount = 15_000 + (number * 37) % 45_000 if ars else 800 + (number * 13) % 1_700
            grant = key % 5
            enrollment_id = membership_id = None
            if grant in (0, 1, 2):  # one of her four enrollments (ids 4n+1 … 4n+4)
                enrollment_id = enrollments[number * COURSES_PER_STUDENT + second + grant]["id"]
            elif grant == 3:
                membership_id = membership_of.get(user_id)
            void = key % 20 == 7
            rows.append(
                {
                    "id": key,
                    "user_id": user_id,
                    "enrollment_id": enrollment_id,
                    "membership_id": membership_id,
                    "paid_on": paid.date(),
                    "amount": Decimal(amount) + Decimal(key % 100) / 100,
                    "currency": "ARS" if ars else "MXN",
                    "method": methods[key % len(methods)],
                    "reference": f"OP-{700_000 + key}" if key % 2 else "",
                    "receipt_public_id": f"receipts/bench-{key}.jpg" if key % 3 == 0 else None,
                    "note": "Pagó en dos partes." if key % 7 == 0 else "",
                    "recorded_by_id": 1,
                    "voided_at": paid + timedelta(hours=3) if void else None,
                    "voided_by_id": 1 if void else None,
                    "created_at": paid,
                    "updated_at": paid,
                }
            )
    return rows


def _renewal_contacts(now, enrollments: list[dict], memberships: list[dict]) -> list[dict]:
    """Marks on the grants the renewals board shows (ending within 7 days or ended in the
    last 30): a third marked for their current end, every fifth with a stale mark for an
    earlier end (one a renewal moved, which no longer shows)."""
    window = (now - timedelta(days=30), now + timedelta(days=7))
    grants = [("enrollment_id", e["id"], e["expires_at"]) for e in enrollments]
    grants += [("membership_id", m["id"], m["end_date"]) for m in memberships]
    rows: list[dict] = []
    due = [grant for grant in grants if grant[2] is not None and window[0] < grant[2] <= window[1]]
    for index, (column, grant_id, end) in enumerate(due):
        marks = []
        if index % 5 == 0:
            marks.append(end - timedelta(days=30))
        if index % 3 == 0:
            marks.append(end)
        for for_end in marks:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "enrollment_id": grant_id if column == "enrollment_id" else None,
                    "membership_id": grant_id if column == "membership_id" else None,
                    "for_end": for_end,
                    "contacted_at": min(now, for_end) - timedelta(days=2, hours=index % 24),
                    "contacted_by_id": 1,
                }
            )
    return rows
