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

COURSES, LESSONS, RECIPES = 20, 15, 10
STUDENTS, COURSES_PER_STUDENT, PROGRESS_PER_COURSE = 500, 4, 10
COMMENTS = 2000
ADMIN_EMAIL = "admin@bench.test"

FIRST = ["Camila", "Valentina", "Lucía", "Sofía", "Mateo", "Diego", "Ximena", "Andrés"]
LAST = ["Rojas", "Gómez", "Pérez", "Hernández", "Núñez", "Castillo", "Ortega", "Vargas"]
WORDS = [
    "mantequilla",
    "harina",
    "azúcar",
    "huevos",
    "vainilla",
    "cacao",
    "crema",
    "merengue",
    "almendra",
    "levadura",
    "horno",
    "molde",
    "batir",
    "tamizar",
    "reposar",
    "hornear",
    "glaseado",
    "caramelo",
    "fresas",
    "limón",
]


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def email(number: int) -> str:
    return f"alumna{number}@bench.test"


def phone(number: int) -> str | None:
    """Two students in three left a WhatsApp number (E.164), Mexican or Argentine."""
    if number % 3 == 2:
        return None
    return f"+54911{10_000_000 + number}" if number % 4 == 3 else f"+5255{10_000_000 + number}"


def slug(number: int) -> str:
    return f"curso-{number + 1}-reposteria"


def all_rows(rng: random.Random, scale: int, now, password_hash: str) -> list:
    students = STUDENTS * scale
    users = _users(students, now, password_hash)
    courses, lessons, recipes = _catalog(rng, now)
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


def _catalog(rng: random.Random, now) -> tuple[list[dict], list[dict], list[dict]]:
    courses, lessons, recipes = [], [], []
    stamp = {"created_at": now, "updated_at": now}
    for index in range(COURSES):
        course_id = index + 1
        courses.append(
            {
                **stamp,
                "id": course_id,
                "title": f"Curso {course_id}: {rng.choice(WORDS)} y {rng.choice(WORDS)}",
                "slug": slug(index),
                "description": text(rng, 45),
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
                    "title": f"Lección {position + 1}: {text(rng, 4)}",
                    "description": text(rng, 35),
                    "position": position,
                    "video_public_id": f"videos/bench-{course_id}-{position}.mp4",
                    "video_duration_seconds": 300 + 37 * position,
                    "is_preview": position == 0,
                    "is_active": position != LESSONS - 1 or index % 4 != 0,
                }
            )
        for position in range(RECIPES):
            recipes.append(
                {
                    **stamp,
                    "id": len(recipes) + 1,
                    "course_id": course_id,
                    "title": f"Receta {position + 1}: {rng.choice(WORDS)}",
                    "description": text(rng, 20),
                    "position": position,
                    "image_public_id": f"recipes/bench-{course_id}-{position}.jpg",
                    "image_width": 2000,
                    "image_height": 1500,
                    "recipe_text": "\n".join(text(rng, 12) for _ in range(12)),
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
                "content": text(rng, rng.randint(8, 60)),
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
