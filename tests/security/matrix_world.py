"""The world the authorization matrix is asked in: personas, three courses, files, comments.

Every piece of paid or private content carries a distinctive marker; `Scope` says who may
see it, so any answer can be searched for markers its persona must not get.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, LessonProgress, Recipe, Role, User, utcnow
from dulcevicio.services import accounts, periods
from dulcevicio.services.storage import MediaKind, get_storage
from tests import media
from tests.security.authz_matrix import PERSONAS

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
class World:
    names: dict  # URL placeholders: A, B, C, comment, <persona>, enrollment, ...
    markers: dict[str, tuple[bytes, Scope]]
    emails: dict[str, str]


def build_world(app, make_user, make_course, grant, make_membership) -> World:
    now = utcnow()
    users = {
        persona: make_user(
            Role.ADMIN if persona == "admin" else Role.USER,
            email=f"{persona}.marcador@example.com",
            full_name=f"Persona {persona.capitalize()}",
        )
        for persona in PERSONAS[1:]
    }
    courses = {
        "A": make_course(title="Curso Abierto", lessons=3),
        "B": make_course(title="Curso Ajeno", lessons=2),
        "C": make_course(title="Curso Oculto Marcador", is_active=False, lessons=2),
    }
    enrollments = {
        "enrolled": grant(users["enrolled"], courses["A"]),
        "owner": grant(users["owner"], courses["A"]),
        "expired": grant(users["expired"], courses["A"], expires_at=now - timedelta(days=1)),
        "revoked": grant(users["revoked"], courses["A"], is_active=False),
    }
    memberships = {
        "member": make_membership(
            users["member"], now - timedelta(days=1), now + timedelta(days=30)
        ),
        "former": make_membership(
            users["former"], now - timedelta(days=60), now - timedelta(days=1)
        ),
    }
    markers: dict[str, tuple[bytes, Scope]] = {
        f"email:{persona}": (user.email.encode(), Scope(user=persona))
        for persona, user in users.items()
    }
    markers["C:title"] = (b"Curso Oculto Marcador", ADMIN_ONLY)
    with app.app_context():
        names = {
            key: _furnish(db.session.get(Course, c.id), key, markers) for key, c in courses.items()
        }
        comments = _comments(users, courses, markers)
        owner = db.session.get(User, users["owner"].id)
        db.session.add(
            LessonProgress(
                user_id=owner.id,
                course_id=courses["A"].id,
                lesson_id=names["A"].locked,
                enrollment_id=enrollments["owner"].id,
                last_watched_position=42,
            )
        )
        token = accounts.issue_password_link_token(owner)
        today = periods.today().isoformat()
        db.session.commit()
    names.update(
        {persona: SimpleNamespace(id=user.id, email=user.email) for persona, user in users.items()},
        comment=SimpleNamespace(**comments),
        enrollment=SimpleNamespace(**{key: row.id for key, row in enrollments.items()}),
        membership=SimpleNamespace(**{key: row.id for key, row in memberships.items()}),
        token=SimpleNamespace(owner=token),
        today=today,
    )
    return World(names, markers, {persona: user.email for persona, user in users.items()})


def _stored(kind: MediaKind, extension: str, content: bytes) -> str:
    return get_storage().save(content, kind, extension).public_id


def _secret(markers: dict, name: str, scope: Scope, text: str | None = None) -> str:
    text = text or f"MARCADOR-{name.upper().replace(':', '-')}"
    markers[name] = (text.encode(), scope)
    return text


def _file(markers: dict, name: str, scope: Scope, kind: MediaKind, extension: str, head: bytes):
    """A stored file whose key and content are both markers; returns its media path."""
    content = head + _secret(markers, f"{name}:bytes", scope).encode()
    public_id = _stored(kind, extension, content)
    markers[f"{name}:key"] = (public_id.split("/")[-1].encode(), scope)
    return public_id


def _furnish(course: Course, key: str, markers: dict) -> SimpleNamespace:
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
            position=len(recipes) + 1,
            is_active=active,
        )
        recipe.image_public_id = _file(
            markers, f"{key}:{name}_image", scope, MediaKind.RECIPE_IMAGE, "jpg", media.jpeg()
        )
        recipe.image_url = "/media/" + recipe.image_public_id
        db.session.add(recipe)
        recipes[name] = recipe
    course.recipe_pdf_public_id = _file(
        markers, f"{key}:book", paid, MediaKind.RECIPE_BOOK, "pdf", b"%PDF-1.4\n%"
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
