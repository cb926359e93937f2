"""The benchmarks' students' bakes, reactions and notifications (bench/rows.py's catalog,
students and comments come first; a module, not a script).

Per unit of scale: 25 bakes a course (500), each with 1–3 photos (keys that are never
fetched: the gallery only links them), 0–3 comments (every other bake answered by the
team) and 0–4 reactions; a reaction on a third of the forum's comments; 20 notifications
per student, half of them read, and 60 for the bench's student (student 0), whose course
0 also holds bakes of her own.
"""

from __future__ import annotations

import random
from datetime import timedelta

from bench.rows import COMMENTS, COURSES, STUDENTS, comment_text, prose
from dulcevicio.models import (
    Bake,
    BakeComment,
    BakePhoto,
    Notification,
    NotificationKind,
    Reaction,
    ReactionKind,
)

BAKES_PER_COURSE = 25
NOTIFICATIONS_PER_STUDENT = 20
BENCH_STUDENT_NOTIFICATIONS = 60
KINDS = list(ReactionKind)


def _student_of(course_index: int, number: int, students: int) -> int:
    """The user id of a student enrolled in the course (student n takes course n % 20)."""
    return 2 + (course_index + COURSES * number) % students


def social_rows(rng: random.Random, scale: int, now, recipes_per_course: int) -> list:
    students = STUDENTS * scale
    bakes, photos, comments, reactions = [], [], [], []
    for number in range(BAKES_PER_COURSE * COURSES * scale):
        course_index = number % COURSES
        bake_id = number + 1
        created = now - timedelta(hours=number)
        author = _student_of(course_index, number // COURSES, students)
        answered = number % 2 == 0
        bakes.append(
            {
                "id": bake_id,
                "course_id": course_index + 1,
                "recipe_id": course_index * recipes_per_course + number % recipes_per_course + 1,
                "user_id": author,
                "text": prose(rng, 2),
                "question": "¿Cómo logro una miga más abierta?" if number % 3 == 0 else "",
                "testimonial_consent": number % 4 == 0,
                "is_featured": number % 40 == 0,
                "is_active": number % 50 != 7,
                "feedback_at": created + timedelta(hours=2) if answered else None,
                "created_at": created,
                "updated_at": created,
            }
        )
        for position in range(1 + number % 3):
            photos.append(
                {
                    "id": len(photos) + 1,
                    "bake_id": bake_id,
                    "public_id": f"bakes/bench-{bake_id:06d}-{position}.jpg",
                    "position": position,
                }
            )
        for step in range(number % 4):
            team = answered and step == 0
            comments.append(
                {
                    "id": len(comments) + 1,
                    "bake_id": bake_id,
                    "user_id": 1 if team else _student_of(course_index, number + step, students),
                    "content": comment_text(rng),
                    "is_admin_response": team,
                    "is_active": True,
                    "created_at": created + timedelta(hours=2 + step),
                    "updated_at": created + timedelta(hours=2 + step),
                }
            )
        for step in range(number % 5):
            reactions.append(
                {
                    "id": len(reactions) + 1,
                    "user_id": _student_of(course_index, number + 1 + step, students),
                    "comment_id": None,
                    "bake_id": bake_id,
                    "kind": KINDS[step % len(KINDS)],
                    "created_at": created + timedelta(hours=3),
                }
            )
    for comment_id in range(1, COMMENTS * scale + 1, 3):
        reactions.append(
            {
                "id": len(reactions) + 1,
                "user_id": 2 + comment_id % students,
                "comment_id": comment_id,
                "bake_id": None,
                "kind": KINDS[comment_id % len(KINDS)],
                "created_at": now - timedelta(minutes=comment_id),
            }
        )
    return [
        (Bake, bakes),
        (BakePhoto, photos),
        (BakeComment, comments),
        (Reaction, reactions),
        (Notification, _notifications(students, now, len(bakes))),
    ]


def _notifications(students: int, now, bakes: int) -> list[dict]:
    rows: list[dict] = []
    for number in range(students):
        user_id = number + 2
        count = BENCH_STUDENT_NOTIFICATIONS if number == 0 else NOTIFICATIONS_PER_STUDENT
        for step in range(count):
            created = now - timedelta(hours=step * 5 + number % 7)
            course_id = number % COURSES + 1
            kind, target_type, target_id = [
                (NotificationKind.REPLY, "comment", 1 + (number * 7 + step) % COMMENTS),
                (NotificationKind.FEEDBACK, "bake", 1 + (number + step * COURSES) % bakes),
                (NotificationKind.NEW_CONTENT, "lesson", 1 + (course_id - 1) * 15 + step % 15),
                (NotificationKind.REPLY, "bake", 1 + (number + step) % bakes),
            ][step % 4]
            team = kind is NotificationKind.FEEDBACK
            rows.append(
                {
                    "id": len(rows) + 1,
                    "user_id": user_id,
                    "kind": kind,
                    "course_id": course_id,
                    "actor_id": 1 if team else 2 + (number + 1) % students,
                    "target_type": target_type,
                    "target_id": target_id,
                    "created_at": created,
                    "read_at": created + timedelta(hours=1) if step % 2 else None,
                }
            )
    return rows
