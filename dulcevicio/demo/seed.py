"""Demo content for a first run: `flask seed-demo`. Idempotent; demo only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from dulcevicio.demo.bakes import seed_bakes
from dulcevicio.demo.course_page import ensure_default_instructor, seed_course_page
from dulcevicio.demo.devices import seed_devices
from dulcevicio.demo.forum import seed_forums
from dulcevicio.demo.media import seed_course_media
from dulcevicio.extensions import db
from dulcevicio.models import (
    Course,
    DifficultyLevel,
    Enrollment,
    Lesson,
    LessonProgress,
    Membership,
    Payment,
    PaymentMethod,
    Role,
    User,
    utcnow,
)
from dulcevicio.services import accounts, certificates, payments, periods
from dulcevicio.services import settings as business
from dulcevicio.services.access import membership_in_force
from dulcevicio.services.enrollment import grant_enrollment
from dulcevicio.services.membership import grant_membership
from dulcevicio.services.upsert import insert


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


@dataclass(frozen=True)
class DemoStudent:
    """A student for the admin dashboards: enrollments (course index, state, lessons
    completed) and an optional membership state. Not a documented login."""

    email: str
    full_name: str
    enrollments: tuple[tuple[int, str, int], ...] = ()
    membership: str | None = None
    has_password: bool = True
    is_active: bool = True
    phone: str | None = None  # E.164


DEMO_STUDENTS = (
    DemoStudent(
        "lucia.fernandez@dulcevicio.test",
        "Lucía Fernández",
        ((0, "active", 3),),
        phone="+525512345678",
    ),
    DemoStudent(
        "martina.lopez@dulcevicio.test",
        "Martina López",
        ((1, "expiring", 4), (0, "expired", 5)),
        phone="+523312345678",
    ),
    DemoStudent(
        "sofia.ramirez@dulcevicio.test",
        "Sofía Ramírez",
        ((2, "active", 1),),
        phone="+5491123456789",
    ),
    DemoStudent(
        "isabella.torres@dulcevicio.test",
        "Isabella Torres",
        ((0, "revoked", 2),),
        phone="+573001234567",
    ),
    DemoStudent(
        "daniela.castro@dulcevicio.test",
        "Daniela Castro",
        membership="expiring",
        phone="+51987654321",
    ),
    DemoStudent(
        "mariana.herrera@dulcevicio.test",
        "Mariana Herrera",
        membership="scheduled",
        has_password=False,
    ),
    DemoStudent(
        "gabriela.mendoza@dulcevicio.test",
        "Gabriela Mendoza",
        ((1, "forever", 6),),
        membership="expired",
    ),
    DemoStudent(
        "andres.morales@dulcevicio.test",
        "Andrés Morales",
        ((2, "expiring", 2),),
        membership="inactive",
    ),
    DemoStudent("jose.vargas@dulcevicio.test", "José Vargas", ((0, "active", 5), (1, "active", 0))),
    DemoStudent(
        "paula.rios@dulcevicio.test",
        "Paula Ríos",
        ((2, "expired", 0),),
        has_password=False,
        is_active=False,
    ),
)
DEMO_STUDENT_PASSWORD = "dulcevicio-demo"  # noqa: S105 (demo only)
DEMO_STUDENT_PHONE = "+525587654321"
DEMO_BUSINESS_PHONE = "+525555123456"

# Who signs the demo courses' certificates.
DEMO_SIGNATORY = ("María González", "Chef pastelera y fundadora")

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
        return accounts.create_account(
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
    course = Course(
        **fields,
        position=position,
        created_by=author,
        signatory_name=DEMO_SIGNATORY[0],
        signatory_title=DEMO_SIGNATORY[1],
    )
    course.lessons = [
        Lesson(title=title, description=description, position=index, is_preview=preview)
        for index, (title, description, preview) in enumerate(spec["lessons"], start=1)
    ]
    db.session.add(course)
    db.session.flush()
    return course


def _ensure_demo_student(demo: DemoStudent, password_hash: str | None) -> User:
    user = accounts.find_user_by_login(demo.email)
    if user is None:
        user = accounts.create_account(email=demo.email, full_name=demo.full_name, phone=demo.phone)
        user.password_hash = password_hash if demo.has_password else None
    user.is_active = demo.is_active
    if demo.has_password and user.last_login_at is None:
        user.last_login_at = utcnow() - timedelta(days=len(demo.full_name) % 9)
    return user


def _enrollment_end(state: str, now: datetime) -> datetime | None:
    today = periods.today(now)
    days = {"active": 60, "expiring": 3, "expired": -10, "revoked": 30}.get(state)
    return None if days is None else periods.end_of_day(today + timedelta(days=days))


def _membership_period(state: str, now: datetime) -> tuple[datetime, datetime, bool]:
    start_days, end_days = {
        "active": (-30, 335),
        "expiring": (-360, 5),
        "scheduled": (10, 375),
        "expired": (-400, -35),
        "inactive": (-10, 20),
    }[state]
    today = periods.today(now)
    start = periods.start_of_day(today + timedelta(days=start_days))
    return start, periods.end_of_day(today + timedelta(days=end_days)), state != "inactive"


def _ensure_membership(user: User, state: str, admin: User, now: datetime) -> None:
    """One demo membership per (user, state), its dates refreshed on every run."""
    notes = f"Demostración: membresía {state}"
    start, end, active = _membership_period(state, now)
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == user.id, Membership.notes == notes)
    )
    if membership is None:
        membership = grant_membership(
            user, start_date=start, end_date=end, granted_by=admin, notes=notes
        )
    membership.start_date, membership.end_date, membership.is_active = start, end, active


def _ensure_progress(user: User, course: Course, completed: int, now: datetime) -> None:
    """The first `completed` lessons done (one a day) and the next one half watched."""
    rows = [
        {
            "user_id": user.id,
            "course_id": course.id,
            "lesson_id": lesson.id,
            "completed": index < completed,
            "completed_at": now - timedelta(days=completed - index) if index < completed else None,
            # Half-way into the video (a lesson without one has nothing to resume).
            "last_watched_position": 0
            if index < completed
            else (lesson.video_duration_seconds or 0) // 2,
            "created_at": now,
            "updated_at": now - timedelta(days=max(completed - index, 0)),
        }
        for index, lesson in enumerate(course.lessons[: completed + 1])
    ]
    if rows:
        db.session.execute(
            insert(LessonProgress)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["user_id", "lesson_id"])
        )


def _seed_students(courses: list[Course], admin: User, now: datetime) -> None:
    password_hash = accounts.hash_password(DEMO_STUDENT_PASSWORD)  # hashed once for all
    for demo in DEMO_STUDENTS:
        user = _ensure_demo_student(demo, password_hash)
        for course_index, state, completed in demo.enrollments:
            course = courses[course_index]
            enrollment = grant_enrollment(
                user, course, expires_at=_enrollment_end(state, now), granted_by=admin
            )
            enrollment.is_active = state != "revoked"
            # Back-date the start so the lists look lived-in (an expired one began long ago).
            enrollment.enrolled_at = min(enrollment.expires_at or now, now) - timedelta(days=75)
            _ensure_progress(user, course, completed, now)
        if demo.membership:
            _ensure_membership(user, demo.membership, admin, now)


# Payments the demo business recorded: (student e-mail, course index or None for the
# membership, days ago, amount, currency, method, voided).
DEMO_PAYMENTS = (
    ("lucia.fernandez@dulcevicio.test", 0, 3, "1200.00", "MXN", "TRANSFER", False),
    ("martina.lopez@dulcevicio.test", 1, 40, "950.50", "MXN", "MERCADO_PAGO", False),
    ("sofia.ramirez@dulcevicio.test", 2, 1, "18000.00", "ARS", "CASH", False),
    ("jose.vargas@dulcevicio.test", 0, 12, "1200.00", "MXN", "DEPOSIT", False),
    ("jose.vargas@dulcevicio.test", 0, 11, "1200.00", "MXN", "DEPOSIT", True),  # a duplicate
    ("daniela.castro@dulcevicio.test", None, 300, "4500.00", "MXN", "PAYPAL", False),
)


def _ensure_payments(admin: User) -> None:
    """The demo's recorded payments, once each (known by student and reference)."""
    today = periods.today()
    for email, course_index, days_ago, amount, currency, method, voided in DEMO_PAYMENTS:
        user = accounts.find_user_by_login(email)
        reference = f"DEMO-{days_ago:03d}"
        known = sa.select(Payment.id).where(
            Payment.user_id == user.id, Payment.reference == reference
        )
        if db.session.scalar(known):
            continue
        grant = (
            db.session.scalar(
                sa.select(Enrollment)
                .join(Course)
                .where(Enrollment.user_id == user.id, Course.slug == COURSES[course_index]["slug"])
            )
            if course_index is not None
            else db.session.scalar(sa.select(Membership).where(Membership.user_id == user.id))
        )
        details = payments.PaymentDetails(
            paid_on=today - timedelta(days=days_ago),
            amount=Decimal(amount),
            currency=currency,
            method=PaymentMethod(method),
            reference=reference,
        )
        payment = payments.record_payment(user, details, grant=grant, recorded_by=admin)
        if voided:
            payments.void_payment(payment, admin)


def _ensure_business_settings() -> None:
    """A WhatsApp number, so a first run shows every WhatsApp button; never overwrites
    what an admin saved."""
    current = business.current()
    if current.whatsapp_number is None:
        business.save(replace(current, whatsapp_number=DEMO_BUSINESS_PHONE))


def seed_demo(videos: bool = True) -> list[DemoAccount]:
    """Create (or restore) the demo accounts, courses and grants; returns the logins.

    Also fills the admin dashboards: more students with enrollments and memberships in
    every state (some ending this week), some lesson progress and forum conversations.
    """
    now = utcnow()
    admin, student, member = (_ensure_account(demo) for demo in ACCOUNTS)
    courses = [_ensure_course(spec, index, admin) for index, spec in enumerate(COURSES, start=1)]
    for index, course in enumerate(courses, start=1):
        seed_course_media(course, seed=index, videos=videos)
        seed_course_page(course, seed=index)
    grant_enrollment(student, courses[0], expires_at=now + timedelta(days=90), granted_by=admin)
    grant_enrollment(student, courses[1], expires_at=None, granted_by=admin)
    # Her second course, completed: her certificate waits for her to confirm her name.
    _ensure_progress(student, courses[1], len(courses[1].lessons), now)
    _ensure_progress(student, courses[0], 2, now)
    # Her third course ended last week: "Mis cursos" shows it locked, with the renewal.
    grant_enrollment(
        student, courses[2], expires_at=_enrollment_end("expired", now), granted_by=admin
    )
    _ensure_progress(student, courses[2], 3, now)
    if student.phone is None:
        student.phone = DEMO_STUDENT_PHONE
    _ensure_business_settings()
    ensure_default_instructor()
    seed_devices(student, now)
    _seed_students(courses, admin, now)
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
    _ensure_payments(admin)
    seed_forums(courses, now)
    seed_bakes(courses, now)
    certificates.issue_missing()  # every completed course gets its certificate
    return list(ACCOUNTS)
