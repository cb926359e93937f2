"""The one world the security suite asks its questions in.

`build_world(app)` makes the cast every part shares (Jefa the admin, Ana the student) and
returns a `World`. Each part is furnished on top of that cast the first time a test asks
for it, so a test's database holds only what its part needs:
- `world.matrix`: the personas of the authorization matrix (Ana is "enrolled", Jefa is
  "admin"), three courses, files and comments, every piece of paid or private content
  carrying a marker whose `Scope` says who may see it (authz_matrix.py);
- `world.forms`: one course with everything a form can touch, for the bad-input harness;
- `world.site`: a small but complete site with a real id for every URL rule (the site walk).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import cached_property
from types import SimpleNamespace

import pikepdf
import sqlalchemy as sa
from flask import Flask

from dulcevicio.extensions import db
from dulcevicio.models import (
    Bake,
    BakeComment,
    BakePhoto,
    Certificate,
    Comment,
    Course,
    DeviceSession,
    Lesson,
    LessonProgress,
    Membership,
    Notification,
    NotificationKind,
    Payment,
    PaymentMethod,
    Recipe,
    Role,
    Testimonial,
    User,
    utcnow,
)
from dulcevicio.models.recipe_structure import (
    IngredientGroup,
    IngredientLine,
    RecipeStructure,
    Step,
    Unit,
)
from dulcevicio.services import accounts, certificates, forum, payments, periods, progress
from dulcevicio.services.enrollment import grant_enrollment
from dulcevicio.services.kitchen.parser import parse_recipe
from dulcevicio.services.media import uploads
from dulcevicio.services.membership import grant_membership
from dulcevicio.services.recipe_book import rebuild_recipe_book
from dulcevicio.services.storage import MediaKind, get_storage
from tests import media
from tests.helpers import PASSWORD, logged_in_client
from tests.security.authz_matrix import PERSONAS
from tests.security.harness import FormWalk


def build_world(app: Flask) -> World:
    return World(app)


class World:
    def __init__(self, app: Flask):
        self.app = app
        with app.app_context():
            self.admin = _account("jefa@example.com", "Jefa Pérez", role=Role.ADMIN)
            self.student = _account("ana@example.com", "Ana Pérez", username="ana")
            db.session.commit()
            for user in (self.admin, self.student):
                db.session.refresh(user)
                db.session.expunge(user)

    @cached_property
    def matrix(self) -> Matrix:
        return _furnish_matrix(self)

    @cached_property
    def forms(self) -> FormWalk:
        return _furnish_forms(self)

    @cached_property
    def site(self) -> Site:
        return _furnish_site(self)


def _account(email: str, full_name: str, *, password: str | None = PASSWORD, **fields) -> User:
    return accounts.create_account(email=email, full_name=full_name, password=password, **fields)


def _course(title: str, slug: str, lessons: int = 0, **fields) -> Course:
    """A course with `lessons` lessons ("Lección 1" is the preview), added to the session."""
    course = Course(title=title, slug=slug, **fields)
    course.lessons = [
        Lesson(title=f"Lección {n}", position=n, is_preview=n == 1) for n in range(1, lessons + 1)
    ]
    db.session.add(course)
    return course


# --- The authorization matrix -------------------------------------------------------------

# Who can access each course's content (the admin: every course, inactive ones included).
ACCESS = {
    "A": {"enrolled", "owner", "member", "admin"},
    "B": {"member", "admin"},
    "C": {"admin"},  # inactive: students cannot, whatever they hold
}


@dataclass(frozen=True)
class Scope:
    """Who may see a marker: a course's students with access, one user, or the admin."""

    course: str | None = None
    user: str | None = None
    public: bool = False

    def allows(self, persona: str) -> bool:
        if self.public or persona == "admin":
            return True
        if self.course is not None:
            return persona in ACCESS[self.course]
        return persona == self.user


ADMIN_ONLY = Scope()
PUBLIC = Scope(public=True)


@dataclass
class Matrix:
    names: dict  # URL placeholders: A, B, C, comment, <persona>, enrollment, ...
    markers: dict[str, tuple[bytes, Scope]]
    users: dict[str, User]  # the logged-in personas


def _furnish_matrix(world: World) -> Matrix:
    now = utcnow()
    with world.app.app_context():
        users = {
            "admin": db.session.get(User, world.admin.id),
            "enrolled": db.session.get(User, world.student.id),
        }
        for persona in PERSONAS[1:]:
            users.setdefault(
                persona,
                _account(f"{persona}.marcador@example.com", f"Persona {persona.capitalize()}"),
            )
        courses = {
            "A": _course("Curso Abierto", "curso-1", 3, position=1),
            "B": _course("Curso Ajeno", "curso-2", 2, position=2),
            "C": _course("Curso Oculto Marcador", "curso-3", 2, position=3, is_active=False),
        }
        for course in courses.values():
            course.description = "Un curso de prueba."
        db.session.flush()
        enrollments = {
            "enrolled": grant_enrollment(users["enrolled"], courses["A"], expires_at=None),
            "owner": grant_enrollment(users["owner"], courses["A"], expires_at=None),
            "expired": grant_enrollment(
                users["expired"], courses["A"], expires_at=now - timedelta(days=1)
            ),
            "revoked": grant_enrollment(users["revoked"], courses["A"], expires_at=None),
        }
        enrollments["revoked"].is_active = False
        memberships = {
            "member": Membership(
                user_id=users["member"].id,
                start_date=now - timedelta(days=1),
                end_date=now + timedelta(days=30),
            ),
            "former": Membership(
                user_id=users["former"].id,
                start_date=now - timedelta(days=60),
                end_date=now - timedelta(days=1),
            ),
        }
        db.session.add_all(memberships.values())
        db.session.flush()
        markers: dict[str, tuple[bytes, Scope]] = {
            f"email:{persona}": (user.email.encode(), Scope(user=persona))
            for persona, user in users.items()
        }
        markers["C:title"] = (b"Curso Oculto Marcador", ADMIN_ONLY)
        names = {key: _furnish_course(course, key, markers) for key, course in courses.items()}
        comments = _comments(users, courses, markers)
        bakes = _bakes(users, courses, markers)
        owner = users["owner"]
        # The owner's notification of the enrolled student's reply: hers to follow.
        notification = Notification(
            user_id=owner.id,
            kind=NotificationKind.REPLY,
            course_id=courses["A"].id,
            actor_id=users["enrolled"].id,
            target_type="comment",
            target_id=comments["owner_A"],
        )
        db.session.add(notification)
        db.session.add(
            LessonProgress(
                user_id=owner.id,
                course_id=courses["A"].id,
                lesson_id=names["A"].locked,
                enrollment_id=enrollments["owner"].id,
                last_watched_position=42,
            )
        )
        payment = _payment(owner, enrollments["owner"], users["admin"], markers)
        token = accounts.issue_password_link_token(owner)
        # The owner's phone, signed in besides the matrix's client: the device others try
        # to close.
        phone = DeviceSession(user_id=owner.id, browser="Chrome 120", system="Android 14")
        db.session.add(phone)
        # The owner's certificate of A, its name confirmed: hers to download, anyone's to
        # check at /verificar.
        certificate = _certificate(owner, courses["A"], confirmed=True)
        today = periods.today().isoformat()
        db.session.commit()
        names.update(
            {persona: SimpleNamespace(id=u.id, email=u.email) for persona, u in users.items()},
            comment=SimpleNamespace(**comments),
            bake=SimpleNamespace(**bakes),
            notification=SimpleNamespace(owner=notification.id),
            enrollment=SimpleNamespace(**{key: row.id for key, row in enrollments.items()}),
            membership=SimpleNamespace(**{key: row.id for key, row in memberships.items()}),
            payment=SimpleNamespace(owner=payment.id, receipt=payment.receipt_public_id),
            token=SimpleNamespace(owner=token),
            device=SimpleNamespace(owner=phone.id),
            certificate=SimpleNamespace(owner=certificate.code, owner_id=certificate.id),
            today=today,
        )
        for user in users.values():
            db.session.refresh(user)
            db.session.expunge(user)
    return Matrix(names, markers, users)


def _certificate(user: User, course: Course, *, confirmed: bool) -> Certificate:
    certificate = Certificate(
        code=certificates.new_code(),
        user_id=user.id,
        course_id=course.id,
        course_title=course.title,
        printed_name=user.display_name,
        name_confirmed_at=utcnow() if confirmed else None,
        hours=4,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def _payment(owner: User, enrollment, admin: User, markers: dict) -> Payment:
    """The owner's payment for A: its details and its receipt are for the team only."""
    payment = Payment(
        user_id=owner.id,
        enrollment_id=enrollment.id,
        paid_on=periods.today(),
        amount=Decimal("1200.00"),
        currency="MXN",
        method=PaymentMethod.TRANSFER,
        reference=_secret(markers, "payment:reference", ADMIN_ONLY),
        note=_secret(markers, "payment:note", ADMIN_ONLY),
        recorded_by_id=admin.id,
    )
    payment.receipt_public_id = _file(
        markers, "payment:receipt", ADMIN_ONLY, MediaKind.RECEIPT, "jpg", media.jpeg()
    )
    db.session.add(payment)
    db.session.flush()
    return payment


def _stored(kind: MediaKind, extension: str, content: bytes) -> str:
    return get_storage().save(content, kind, extension).public_id


def _secret(markers: dict, name: str, scope: Scope, text: str | None = None) -> str:
    text = text or f"MARCADOR-{name.upper().replace(':', '-')}"
    markers[name] = (text.encode(), scope)
    return text


def _file(
    markers: dict,
    name: str,
    scope: Scope,
    kind: MediaKind,
    extension: str,
    head: bytes = b"",
    make: Callable[[str], bytes] | None = None,
):
    """A stored file whose key and content are both markers; returns its media path. The
    content is `head` and the marker, or what `make` builds around the marker."""
    marker = _secret(markers, f"{name}:bytes", scope)
    content = make(marker) if make else head + marker.encode()
    public_id = _stored(kind, extension, content)
    markers[f"{name}:key"] = (public_id.split("/")[-1].encode(), scope)
    return public_id


def _titled_pdf(title: str) -> bytes:
    """A one-page PDF whose title is `title` (a student's stamped copy keeps the title)."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Title"] = title
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _furnish_course(course: Course, key: str, markers: dict) -> SimpleNamespace:
    """Videos, recipes (one active, one inactive), book, WhatsApp group and cover."""
    paid = Scope(course=key)
    preview, locked, *rest = course.lessons
    for lesson, name, scope in (
        (preview, "video_preview", PUBLIC if course.is_active else paid),
        (locked, "video_locked", paid),
        *((lesson, "video_hidden", ADMIN_ONLY) for lesson in rest),
    ):
        lesson.video_public_id = _file(
            markers, f"{key}:{name}", scope, MediaKind.VIDEO, "webm", media.webm()
        )
        lesson.video_url = "/media/" + lesson.video_public_id
        lesson.video_duration_seconds = 100
    locked.description = _secret(markers, f"{key}:lesson_description", paid)
    for lesson in rest:
        lesson.is_active = False
        lesson.title = _secret(markers, f"{key}:hidden_lesson_title", ADMIN_ONLY)
    recipes = {}
    for name, scope, active in (("recipe", paid, True), ("hidden_recipe", ADMIN_ONLY, False)):
        recipe = Recipe(
            course=course,
            title=_secret(markers, f"{key}:{name}_title", scope),
            recipe_text=_secret(markers, f"{key}:{name}_text", scope),
            structure=RecipeStructure(
                yield_amount=8,
                groups=(
                    IngredientGroup(
                        title="Para la masa",
                        lines=(
                            IngredientLine(
                                ingredient=_secret(markers, f"{key}:{name}_ingredient", scope),
                                quantity=200,
                                unit=Unit.GRAM,
                            ),
                        ),
                    ),
                ),
                steps=(
                    Step(
                        text=_secret(markers, f"{key}:{name}_step", scope),
                        timer_minutes=10,
                        lesson_id=locked.id,
                        second=30,
                    ),
                ),
            ),
            position=len(recipes) + 1,
            is_active=active,
        )
        recipe.image_public_id = _file(
            markers, f"{key}:{name}_image", scope, MediaKind.RECIPE_IMAGE, "jpg", media.jpeg()
        )
        recipe.image_url = "/media/" + recipe.image_public_id
        db.session.add(recipe)
        recipes[name] = recipe
    # A sample: its photo and title are public (the course's, if active); its text is paid.
    sample = Recipe(
        course=course,
        title=_secret(markers, f"{key}:sample_title", PUBLIC if course.is_active else ADMIN_ONLY),
        recipe_text=_secret(markers, f"{key}:sample_text", paid),
        position=len(recipes) + 1,
        is_sample=True,
    )
    sample.image_public_id = _file(
        markers,
        f"{key}:sample_image",
        PUBLIC if course.is_active else ADMIN_ONLY,
        MediaKind.RECIPE_IMAGE,
        "jpg",
        media.jpeg(),
    )
    sample.image_url = "/media/" + sample.image_public_id
    db.session.add(sample)
    testimonial = Testimonial(course=course, author_name="Paula", text="¡Me encantó!", position=1)
    db.session.add(testimonial)
    course.recipe_pdf_public_id = _file(
        markers, f"{key}:book", paid, MediaKind.RECIPE_BOOK, "pdf", make=_titled_pdf
    )
    course.recipe_pdf_url = "/media/" + course.recipe_pdf_public_id
    course.whatsapp_group_url = _secret(
        markers, f"{key}:whatsapp", paid, f"https://chat.whatsapp.com/Grupo{key}Marcador"
    )
    course.thumbnail_public_id = _stored(MediaKind.THUMBNAIL, "jpg", media.jpeg())
    course.thumbnail_url = "/media/" + course.thumbnail_public_id
    db.session.flush()
    return SimpleNamespace(
        id=course.id,
        slug=course.slug,
        preview=preview.id,
        locked=locked.id,
        hidden=rest[0].id if rest else None,
        recipe=recipes["recipe"].id,
        hidden_recipe=recipes["hidden_recipe"].id,
        video_preview=preview.video_public_id,
        video_locked=locked.video_public_id,
        video_hidden=rest[0].video_public_id if rest else None,
        recipe_image=recipes["recipe"].image_public_id,
        hidden_image=recipes["hidden_recipe"].image_public_id,
        sample=sample.id,
        sample_image=sample.image_public_id,
        testimonial=testimonial.id,
        book=course.recipe_pdf_public_id,
        thumbnail=course.thumbnail_public_id,
    )


def _comments(users: dict, courses: dict, markers: dict) -> dict[str, int]:
    specs = {
        # name: (course, author, scope, column values)
        "owner_A": ("A", "owner", Scope(course="A"), {}),
        "hidden_A": ("A", "owner", ADMIN_ONLY, {"is_active": False}),
        "reply_A": ("A", "enrolled", ADMIN_ONLY, {"parent": "hidden_A"}),
        "deleted_A": ("A", "owner", ADMIN_ONLY, {"is_deleted": True}),
        "member_B": ("B", "member", Scope(course="B"), {}),
        "admin_C": ("C", "admin", ADMIN_ONLY, {"is_admin_response": True}),
    }
    ids = {}
    for name, (course, author, scope, columns) in specs.items():
        if "parent" in columns:
            columns = {"parent_id": ids[columns["parent"]]}
        comment = Comment(
            course_id=courses[course].id,
            user_id=users[author].id,
            content=_secret(markers, f"comment:{name}", scope),
            **columns,
        )
        db.session.add(comment)
        db.session.flush()
        ids[name] = comment.id
    return ids


def _bakes(users: dict, courses: dict, markers: dict) -> dict:
    """Bakes ("¡Lo hice!") with a photo each: the owner's in A (she consented to testimonials),
    hidden by moderation, featured on A's public page, and the member's in B; the enrolled
    student's comment on the owner's bake. Ids and photo keys."""
    specs = {
        # name: (course, author, scope, column values)
        "owner_A": ("A", "owner", Scope(course="A"), {"testimonial_consent": True}),
        "hidden_A": ("A", "owner", ADMIN_ONLY, {"is_active": False}),
        "featured_A": ("A", "owner", PUBLIC, {"testimonial_consent": True, "is_featured": True}),
        "member_B": ("B", "member", Scope(course="B"), {}),
    }
    names: dict = {}
    for name, (course, author, scope, columns) in specs.items():
        photo = _file(
            markers, f"bake:{name}:photo", scope, MediaKind.BAKE_PHOTO, "jpg", media.jpeg()
        )
        bake = Bake(
            course_id=courses[course].id,
            user_id=users[author].id,
            text=_secret(markers, f"bake:{name}", scope),
            photos=[BakePhoto(public_id=photo)],
            **columns,
        )
        db.session.add(bake)
        db.session.flush()
        names[name], names[f"{name}_photo"] = bake.id, photo
    comment = BakeComment(
        bake_id=names["owner_A"],
        user_id=users["enrolled"].id,
        content=_secret(markers, "bake_comment:enrolled_A", Scope(course="A")),
    )
    db.session.add(comment)
    db.session.flush()
    names["comment_A"] = comment.id
    return names


# --- The bad-input harness -------------------------------------------------------------------


def _furnish_forms(world: World) -> FormWalk:
    """One course with a thumbnail, two lessons and a recipe with its photo; an inactive
    course with an inactive recipe; Ana's enrollment, membership and forum question; an
    invited account without a password."""
    app = world.app
    with app.app_context():
        student = db.session.get(User, world.student.id)
        invited = _account("invitada@example.com", "Invitada", password=None)
        course = _course("Pan dulce", "pan-dulce", 2, description="Conchas y más.")
        for lesson in course.lessons:
            lesson.video_duration_seconds = 100
        db.session.flush()
        uploads.replace_course_thumbnail(course, media.jpeg((1280, 720)))
        recipe = uploads.add_recipe_from_image(course, media.jpeg(), "flan.jpg")
        # A course whose only recipe is inactive: editing it rebuilds no book, which
        # keeps the many recipe cases fast (the book gets its own few cases).
        drafts = _course("Borradores", "borradores", is_active=False)
        db.session.flush()
        draft = uploads.add_recipe_from_image(drafts, media.jpeg(), "borrador.jpg")
        draft.is_active = False
        now = utcnow()
        enrollment = grant_enrollment(student, course, expires_at=now + timedelta(days=30))
        membership = Membership(
            user_id=student.id, start_date=now - timedelta(days=1), end_date=now + timedelta(30)
        )
        comment = Comment(course_id=course.id, user_id=student.id, content="¿Qué harina?")
        db.session.add_all([membership, comment])
        certificate = _certificate(student, course, confirmed=True)
        db.session.commit()
        walk = FormWalk(
            app=app,
            admin_id=world.admin.id,
            student_id=student.id,
            invited_id=invited.id,
            course_id=course.id,
            slug=course.slug,
            lesson_id=course.lessons[1].id,
            recipe_id=recipe.id,
            drafts_id=drafts.id,
            draft_id=draft.id,
            comment_id=comment.id,
            enrollment_id=enrollment.id,
            membership_id=membership.id,
            certificate_id=certificate.id,
        )
    walk.clients = {
        "admin": logged_in_client(app, world.admin),
        "student": logged_in_client(app, world.student),
    }
    return walk


# --- The site walk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Ids and names of everything `world.site` made (plain values, usable anywhere)."""

    admin_email: str
    student_email: str
    member_email: str
    spare_email: str
    spare_id: int
    invited_id: int
    course_id: int
    course_slug: str
    hidden_course_id: int
    preview_lesson_id: int
    video_lesson_id: int
    recipe_id: int
    recipe_image_id: str
    video_id: str
    thumbnail_id: str
    student_comment_id: int
    enrollment_id: int
    membership_id: int
    ending_enrollment_id: int  # the spare student's, ending in 3 days: on the renewals board
    payment_id: int
    set_password_token: str
    spare_device_id: int  # the spare student's signed-in device
    certificate_code: str  # the student's certificate of the course
    certificate_id: int
    testimonial_id: int  # on the course's page
    bake_id: int  # the student's bake, with a photo
    bake_comment_id: int  # the student's comment on the member's bake
    notification_id: int  # the student's: the admin answered her question

    def values(self) -> dict[str, object]:
        """A real value for every URL rule argument name the app uses."""
        return {
            "course_id": self.course_id,
            "lesson_id": self.video_lesson_id,
            "recipe_id": self.recipe_id,
            "enrollment_id": self.enrollment_id,
            "membership_id": self.membership_id,
            "user_id": self.spare_id,
            "comment_id": self.student_comment_id,
            "slug": self.course_slug,
            "token": self.set_password_token,
            "public_id": self.recipe_image_id,
            "payment_id": self.payment_id,
            "kind": "pagos",
            "kind_name": "inscripcion",
            "grant_id": self.ending_enrollment_id,
            "device_id": self.spare_device_id,
            "code": self.certificate_code,
            "cert_id": self.certificate_id,
            "testimonial_id": self.testimonial_id,
            "bake_id": self.bake_id,
            "bake_comment_id": self.bake_comment_id,
            "notification_id": self.notification_id,
        }


def _furnish_site(world: World) -> Site:
    """A member, a spare student, an invited account; an active course with a preview
    lesson, a lesson with a video, a recipe with its photo and the recipe book, where Ana
    is enrolled and asks in the forum (the admin answers); an inactive course; progress."""
    with world.app.app_context():
        admin = db.session.get(User, world.admin.id)
        student = db.session.get(User, world.student.id)
        member = _account("socia@example.com", "Valentina Gómez")
        spare = _account("otra@example.com", "Lucía Fernández")
        invited = _account("nueva@example.com", "Mariana Herrera", password=None)
        course = Course(
            title="Tartas de fruta",
            slug="tartas-de-fruta",
            description="Masa quebrada, cremas y frutas.",
            position=1,
            whatsapp_group_url="https://chat.whatsapp.com/AbCdEf123",
            created_by=admin,
            lessons=[
                Lesson(title="Bienvenida", position=1, is_preview=True),
                Lesson(title="La masa", position=2, video_duration_seconds=120),
            ],
        )
        db.session.add(course)
        hidden = _course("Bombones", "bombones", position=2, is_active=False)
        db.session.flush()
        preview, lesson = course.lessons
        uploads.replace_course_thumbnail(course, media.jpeg((400, 300)))
        uploads.replace_lesson_video(lesson, io.BytesIO(media.mp4()), "masa.mp4")
        recipe = uploads.add_recipe_from_image(course, media.jpeg((320, 240)), "tarta.jpg")
        recipe.recipe_text = (
            "Ingredientes\n- 200 g de harina\n- 100 g de mantequilla\n- 80 g de azúcar\n"
            "Preparación\n1. Mezclar la harina con la mantequilla.\n2. Hornear 30 minutos."
        )
        recipe.structure = parse_recipe(recipe.recipe_text)
        rebuild_recipe_book(course)
        enrollment = grant_enrollment(student, course, expires_at=None, granted_by=admin)
        ending = grant_enrollment(spare, course, expires_at=utcnow() + timedelta(days=3))
        membership = grant_membership(
            member, start_date=utcnow(), end_date=utcnow() + timedelta(days=365)
        )
        progress.save_position(student, lesson, 30, 120)
        comment = forum.post_comment(course, student, "¿Sirve la harina integral?")
        forum.post_comment(course, admin, "Sí, con un poco más de agua.", parent_id=comment.id)
        paid = payments.PaymentDetails(periods.today(), Decimal("800"), "MXN", PaymentMethod.CASH)
        payment = payments.record_payment(student, paid, grant=enrollment, recorded_by=admin)
        token = accounts.issue_password_link_token(invited)
        spare_device = DeviceSession(user_id=spare.id, browser="Chrome 120", system="Android 14")
        db.session.add(spare_device)
        certificate = _certificate(student, course, confirmed=True)
        testimonial = Testimonial(course=course, author_name="Paula", text="Muy claro.")
        second = Testimonial(course=course, author_name="Rosa", text="Rico.", position=1)
        db.session.add_all([testimonial, second])
        # The member's bake (older: first in the admin's queue, whose forms the CSRF walk
        # harvests; she consented to testimonials) with her own comment (first: the one the
        # admin hides) and Ana's (the one Ana deletes); then Ana's own bake.
        first = Bake(
            course=course,
            user=member,
            text="Mi primera tarta de fruta.",
            testimonial_consent=True,
            created_at=utcnow() - timedelta(hours=1),
            photos=[BakePhoto(public_id=pid) for pid in uploads.save_bake_photos([media.jpeg()])],
            comments=[
                BakeComment(
                    user=member,
                    content="La masa quedó crocante.",
                    created_at=utcnow() - timedelta(minutes=50),
                ),
                BakeComment(user=student, content="¡Qué linda!"),
            ],
        )
        bake = Bake(
            course=course,
            user=student,
            text="Me salió bien dorada.",
            photos=[BakePhoto(public_id=pid) for pid in uploads.save_bake_photos([media.jpeg()])],
        )
        db.session.add_all([first, bake])
        db.session.commit()
        return Site(
            admin_email=admin.email,
            student_email=student.email,
            member_email=member.email,
            spare_email=spare.email,
            spare_id=spare.id,
            invited_id=invited.id,
            course_id=course.id,
            course_slug=course.slug,
            hidden_course_id=hidden.id,
            preview_lesson_id=preview.id,
            video_lesson_id=lesson.id,
            recipe_id=recipe.id,
            recipe_image_id=recipe.image_public_id,
            video_id=lesson.video_public_id,
            thumbnail_id=course.thumbnail_public_id,
            student_comment_id=comment.id,
            enrollment_id=enrollment.id,
            membership_id=membership.id,
            ending_enrollment_id=ending.id,
            payment_id=payment.id,
            set_password_token=token,
            spare_device_id=spare_device.id,
            certificate_code=certificate.code,
            certificate_id=certificate.id,
            testimonial_id=testimonial.id,
            bake_id=bake.id,
            bake_comment_id=first.comments[1].id,
            notification_id=db.session.scalar(
                sa.select(Notification.id).where(Notification.user_id == student.id)
            ),
        )
