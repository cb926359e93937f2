"""Rows of the benchmark dataset (bench/dataset.py), as plain dicts for Core inserts."""

from __future__ import annotations

import random
from datetime import timedelta

from dulcevicio.models import (
    Comment,
    Course,
    DifficultyLevel,
    Enrollment,
    Lesson,
    LessonProgress,
    Membership,
    Recipe,
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


def slug(number: int) -> str:
    return f"curso-{number + 1}-reposteria"


def all_rows(rng: random.Random, scale: int, now, password_hash: str) -> list:
    users = _users(scale, now, password_hash)
    courses, lessons, recipes = _catalog(rng, now)
    enrollments, memberships = _access(scale, now)
    progress = _progress(scale, now, lessons, enrollments)
    comments = _comments(rng, scale, now)
    return [
        (User, users),
        (Course, courses),
        (Lesson, lessons),
        (Recipe, recipes),
        (Enrollment, enrollments),
        (Membership, memberships),
        (LessonProgress, progress),
        (Comment, comments),
    ]


def _users(scale: int, now, password_hash: str) -> list[dict]:
    base = {"password_hash": password_hash, "is_active": True}
    start = now - timedelta(days=720)
    admin = {**base, "id": 1, "email": ADMIN_EMAIL, "username": "admin", "role": Role.ADMIN}
    rows = [{**admin, "full_name": "Equipo DulceVicio", "created_at": start, "updated_at": start}]
    for number in range(STUDENTS * scale):
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


def _access(scale: int, now) -> tuple[list[dict], list[dict]]:
    enrollments, memberships = [], []
    for number in range(STUDENTS * scale):
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


def _progress(scale: int, now, lessons: list[dict], enrollments: list[dict]) -> list[dict]:
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
