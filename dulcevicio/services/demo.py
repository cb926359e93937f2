"""Demo content for a first run: `flask seed-demo`. Idempotent; demo only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, DifficultyLevel, Lesson, Membership, Role, User, utcnow
from dulcevicio.services import accounts
from dulcevicio.services.access import membership_in_force
from dulcevicio.services.demo_media import seed_course_media
from dulcevicio.services.enrollment import grant_enrollment
from dulcevicio.services.membership import grant_membership


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    full_name: str
    role: Role
    username: str | None = None


ADMIN = DemoAccount(
    "admin@dulcevicio.test", "dulcevicio-admin", "Equipo DulceVicio", Role.ADMIN, "admin"
)
STUDENT = DemoAccount(
    "alumna@dulcevicio.test", "dulcevicio-alumna", "Camila Rojas", Role.USER, "camila"
)
MEMBER = DemoAccount(
    "socia@dulcevicio.test", "dulcevicio-socia", "Valentina Gómez", Role.USER, "valentina"
)
ACCOUNTS = (ADMIN, STUDENT, MEMBER)

COURSES = [
    {
        "slug": "pan-de-masa-madre",
        "title": "Pan de masa madre desde cero",
        "description": (
            "Cría tu propia masa madre y hornea panes de corteza crujiente y miga abierta "
            "en el horno de tu casa. Sin máquinas ni ingredientes raros."
        ),
        "difficulty_level": DifficultyLevel.BEGINNER,
        "estimated_duration_minutes": 240,
        "whatsapp_group_url": "https://chat.whatsapp.com/DemoMasaMadre2026",
        "lessons": [
            ("Bienvenida y materiales", "Lo que necesitas antes de empezar.", True),
            ("Tu primera masa madre", "Harina, agua y paciencia: los primeros siete días.", False),
            ("Amasado y pliegues", "Autólisis, pliegues y cómo leer tu masa.", False),
            ("Formado y fermentación en frío", "Bollos tensos y sabor de panadería.", False),
            ("Horneado en olla de hierro", "Vapor, greñado y la corteza perfecta.", False),
        ],
    },
    {
        "slug": "macarons-y-eclairs",
        "title": "Repostería francesa: macarons y éclairs",
        "description": (
            "Domina el merengue italiano, el macaronage y la pâte à choux para llenar tu "
            "vitrina de clásicos franceses."
        ),
        "difficulty_level": DifficultyLevel.INTERMEDIATE,
        "estimated_duration_minutes": 300,
        "whatsapp_group_url": "https://chat.whatsapp.com/DemoMacarons2026",
        "lessons": [
            ("Presentación del curso", "Qué vas a preparar y cómo organizarte.", True),
            ("Merengue italiano", "Almíbar a punto y un merengue estable.", False),
            ("Macaronage paso a paso", "La textura justa para pies perfectos.", False),
            ("Rellenos: ganache y buttercream", "Sabores que se conservan bien.", False),
            ("Pâte à choux", "Éclairs huecos, parejos y crujientes.", False),
            ("Glaseados brillantes", "Fondant y glaseado espejo.", False),
        ],
    },
    {
        "slug": "tortas-de-celebracion",
        "title": "Tortas de celebración",
        "description": (
            "Bizcochos estables, rellenos, armado y decoración profesional para tortas de "
            "cumpleaños, bodas y eventos."
        ),
        "difficulty_level": DifficultyLevel.ADVANCED,
        "estimated_duration_minutes": 420,
        "whatsapp_group_url": "https://chat.whatsapp.com/DemoTortas2026",
        "lessons": [
            ("Qué vas a aprender", "Un recorrido por el curso.", True),
            ("Bizcochos estables", "Recetas que aguantan pisos y transporte.", False),
            ("Rellenos y armado", "Capas parejas y bordes rectos.", False),
            ("Cubierta de fondant", "Cubrir sin grietas ni burbujas.", False),
            ("Decoración con manga", "Boquillas, flores y rosetones.", False),
            ("Transporte y conservación", "Que llegue perfecta a la fiesta.", False),
        ],
    },
]


def _ensure_account(demo: DemoAccount) -> User:
    user = accounts.find_user_by_login(demo.email)
    if user is None:
        return accounts.create_user(
            email=demo.email,
            full_name=demo.full_name,
            role=demo.role,
            username=demo.username,
            password=demo.password,
        )
    user.role, user.is_active = demo.role, True
    if not user.check_password(demo.password):
        accounts.set_password(user, demo.password)
    return user


def _ensure_course(spec: dict, position: int, author: User) -> Course:
    course = db.session.scalar(sa.select(Course).where(Course.slug == spec["slug"]))
    if course is not None:
        return course  # never overwrite what an admin may have edited
    fields = {key: value for key, value in spec.items() if key != "lessons"}
    course = Course(**fields, position=position, created_by=author)
    course.lessons = [
        Lesson(title=title, description=description, position=index, is_preview=preview)
        for index, (title, description, preview) in enumerate(spec["lessons"], start=1)
    ]
    db.session.add(course)
    db.session.flush()
    return course


def seed_demo(videos: bool = True) -> list[DemoAccount]:
    """Create (or restore) the demo accounts, courses and grants; returns the logins."""
    now = utcnow()
    admin, student, member = (_ensure_account(demo) for demo in ACCOUNTS)
    courses = [_ensure_course(spec, index, admin) for index, spec in enumerate(COURSES, start=1)]
    for index, course in enumerate(courses, start=1):
        seed_course_media(course, seed=index, videos=videos)
    grant_enrollment(student, courses[0], expires_at=now + timedelta(days=90), granted_by=admin)
    grant_enrollment(student, courses[1], expires_at=None, granted_by=admin)
    has_membership = db.session.scalar(
        sa.select(Membership.id).where(Membership.user_id == member.id, membership_in_force(now))
    )
    if not has_membership:
        grant_membership(
            member,
            start_date=now,
            end_date=now + timedelta(days=365),
            granted_by=admin,
            notes="Membresía de demostración",
        )
    return list(ACCOUNTS)
