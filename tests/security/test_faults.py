"""Faults during uploads: every upload route against storage, disk, database, PDF and
Cloudinary failures. tests/test_upload_consistency.py covers a recipe photo's commit
failure and a refused disk write on the recipe upload; this walks the whole matrix.

One world per storage backend; the scenarios run one after the other on it, so each one
also proves that the previous failures left it whole. After each: no answer >= 500, a
Spanish message, no row half-written, no stored file without its row, no row without its
file, and the previous files still stored, linked and served.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, Role, User
from dulcevicio.services import accounts
from dulcevicio.services.media import uploads
from dulcevicio.services.recipe_book import rebuild_recipe_book
from dulcevicio.services.storage import IMAGE_WIDTHS
from tests import media
from tests.helpers import PASSWORD, course_form, logged_in_client
from tests.security.faults import (
    LOCAL_REFUSED,
    cloudinary_errors,
    commit_fails,
    disk_full,
    pdf_fails,
    storage_refuses,
)
from tests.security.harness import table_rows

SECTION = "Faults"
UNCHANGED, BOOK_KEPT = "nothing changes", "the change stays, the old book too"
CLOUD_REFUSED = "Cloudinary no aceptó el archivo"
DATABASE_DOWN = "la base de datos no respondió"
BOOK_FAILED = "El recetario anterior sigue disponible."
# Where rows keep their files: (model, column).
FILE_COLUMNS = [
    (User, "avatar_public_id"),
    (Course, "thumbnail_public_id"),
    (Course, "recipe_pdf_public_id"),
    (Lesson, "video_public_id"),
    (Recipe, "image_public_id"),
]


@dataclass
class Place:
    app: object
    admin: object
    student: object
    course_id: int
    lesson_id: int
    recipe_id: int
    stub: object = None  # the Cloudinary stand-in, when media live there

    def stored(self) -> set[str]:
        """Every file in storage (local folder or Cloudinary), variants aside."""
        if self.stub is not None:
            return set(self.stub.assets)
        root = self.app.config["UPLOAD_FOLDER"]
        found = set()
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = os.path.relpath(os.path.join(folder, name), root)
                if not any(path.endswith(f".w{w}.jpg") for w in IMAGE_WIDTHS):
                    found.add(path)
        return found

    def referenced(self) -> set[str]:
        with self.app.app_context():
            return {
                public_id
                for model, column in FILE_COLUMNS
                for public_id in db.session.scalars(sa.select(getattr(model, column)))
                if public_id
            }

    def rows(self) -> dict:
        return table_rows(self.app)

    def book(self) -> str | None:
        with self.app.app_context():
            return db.session.get(Course, self.course_id).recipe_pdf_public_id

    def served(self, public_id: str) -> bool:
        """The file can still be fetched through the URL its row gives (local storage)."""
        if self.stub is not None:
            return public_id in self.stub.assets
        return self.admin.get(f"/media/{public_id}").status_code == 200


def build_place(app, stub=None) -> Place:
    with app.app_context():
        admin_user = User(email="jefa@example.com", full_name="Jefa", role=Role.ADMIN)
        student = User(email="ana@example.com", full_name="Ana")
        for user in (admin_user, student):
            user.password_hash = accounts.hash_password(PASSWORD)
        course = Course(title="Pan dulce", slug="pan-dulce", lessons=[Lesson(title="Conchas")])
        db.session.add_all([admin_user, student, course])
        db.session.flush()
        uploads.replace_avatar(student, media.jpeg((300, 300)))
        uploads.replace_course_thumbnail(course, media.jpeg((1280, 720)))
        if stub is None:  # with Cloudinary, videos go straight from the browser
            uploads.replace_lesson_video(course.lessons[0], io.BytesIO(media.webm()), "a.webm")
        recipe = uploads.add_recipe_from_image(course, media.jpeg(), "flan.jpg")
        rebuild_recipe_book(course)
        db.session.commit()
        ids = course.id, course.lessons[0].id, recipe.id
        for user in (admin_user, student):
            db.session.refresh(user)
            db.session.expunge(user)
    clients = [logged_in_client(app, user) for user in (admin_user, student)]
    return Place(app, *clients, *ids, stub=stub)


# --- What the admin or the student does --------------------------------------------------


def photo(name="nueva.jpg"):
    return (io.BytesIO(media.jpeg((500, 400))), name)


ACTIONS: dict[str, Callable] = {
    "avatar": lambda p: p.student.post(
        "/cuenta", data={"full_name": "Ana", "avatar": photo()}, follow_redirects=True
    ),
    "course cover": lambda p: p.admin.post(
        f"/admin/cursos/{p.course_id}/editar",
        data=course_form(_course(p), thumbnail=photo()),
        follow_redirects=True,
    ),
    "new course with a cover": lambda p: p.admin.post(
        "/admin/cursos/nuevo",
        data={"title": "Curso nuevo", "difficulty_level": "BEGINNER", "thumbnail": photo()},
        follow_redirects=True,
    ),
    "recipe upload": lambda p: p.admin.post(
        f"/admin/cursos/{p.course_id}/recetas/subir",
        data={"images": [photo("tarta.jpg")]},
        follow_redirects=True,
    ),
    "recipe photo": lambda p: p.admin.post(
        f"/admin/recetas/{p.recipe_id}/imagen", data={"image": photo()}, follow_redirects=True
    ),
    "recipe text": lambda p: p.admin.post(
        f"/admin/cursos/{p.course_id}/recetas/{p.recipe_id}/editar",
        data={"title": "Flan", "recipe_text": "Batir y hornear.", "is_active": "y"},
        follow_redirects=True,
    ),
    "book rebuild": lambda p: p.admin.post(
        f"/admin/cursos/{p.course_id}/recetario", follow_redirects=True
    ),
    "lesson video": lambda p: p.admin.post(
        f"/admin/lecciones/{p.lesson_id}/video",
        data={"video": (io.BytesIO(media.webm(64 * 1024)), "clase.webm")},
        follow_redirects=True,
    ),
}


def _course(place: Place):
    with place.app.app_context():
        course = db.session.get(Course, place.course_id)
        db.session.expunge(course)
        return course


@dataclass(frozen=True)
class Scenario:
    action: str
    fault: Callable
    expect: str
    message: str

    @property
    def id(self) -> str:
        return f"{self.action} · {self.fault.__name__.replace('_', ' ')}"


IMAGES = ["avatar", "course cover", "new course with a cover", "recipe upload", "recipe photo"]
FILES = [*IMAGES, "lesson video"]
BOOK = ["recipe upload", "recipe photo", "recipe text", "book rebuild"]
# tests/test_upload_consistency.py already fails the commit of a recipe upload and photo.
COMMITS = ["avatar", "course cover", "new course with a cover", "lesson video", "recipe text"]
LOCAL = (
    [Scenario(action, storage_refuses, UNCHANGED, LOCAL_REFUSED) for action in FILES]
    + [Scenario(action, disk_full, UNCHANGED, LOCAL_REFUSED) for action in FILES]
    + [Scenario("book rebuild", disk_full, UNCHANGED, BOOK_FAILED)]
    + [Scenario(action, commit_fails, UNCHANGED, DATABASE_DOWN) for action in COMMITS]
    + [Scenario(action, pdf_fails, BOOK_KEPT, BOOK_FAILED) for action in BOOK]
)
CLOUD = (
    [Scenario(a, cloudinary_errors, UNCHANGED, CLOUD_REFUSED) for a in IMAGES]
    + [
        Scenario(a, cloudinary_errors, BOOK_KEPT, BOOK_FAILED)
        for a in ["recipe text", "book rebuild"]
    ]
    + [Scenario(a, commit_fails, UNCHANGED, DATABASE_DOWN) for a in ["avatar", "course cover"]]
)


def run(place: Place, scenario: Scenario, monkeypatch, figures) -> list[str]:
    problems = []
    rows, files, book = place.rows(), place.stored(), place.book()
    orphans_before = files - place.referenced()
    with monkeypatch.context() as patch, scenario.fault(place, patch):
        response = ACTIONS[scenario.action](place)
    figures.add(SECTION, "scenarios")
    answers = [*response.history, response]
    errors = sum(answer.status_code >= 500 and answer.status_code != 503 for answer in answers)
    figures.add(SECTION, "answers 500", errors)
    if errors:
        problems.append(f"answered {response.status_code}")
    unexplained = scenario.message not in response.get_data(as_text=True)
    figures.add(SECTION, "failures not explained in Spanish", unexplained)
    if unexplained:
        problems.append(f"no message «{scenario.message}»")
    stored, referenced = place.stored(), place.referenced()
    orphan_files, missing = stored - referenced - orphans_before, referenced - stored
    figures.add(SECTION, "orphan files", len(orphan_files))
    figures.add(SECTION, "rows pointing at a missing file", len(missing))
    if orphan_files or missing:
        problems.append(f"orphan files {sorted(orphan_files)}, missing {sorted(missing)}")
    if scenario.expect == UNCHANGED:
        half_written = place.rows() != rows
        figures.add(SECTION, "rows changed by a failed upload", half_written)
        if half_written or stored != files:
            problems.append("rows or files changed")
    elif place.book() != book or book not in stored:
        problems.append("the previous book is gone")
    previous = [public_id for public_id in referenced & files if not place.served(public_id)]
    figures.add(SECTION, "previous files lost or unreachable", len(previous))
    if previous:
        problems.append(f"previous files not served: {previous}")
    return problems


def play_all(place: Place, scenarios: list[Scenario], monkeypatch, figures) -> None:
    problems = [
        f"{scenario.id}: {problem}"
        for scenario in scenarios
        for problem in run(place, scenario, monkeypatch, figures)
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_faults_with_local_storage(app_factory, monkeypatch, figures):
    place = build_place(app_factory(PROPAGATE_EXCEPTIONS=False))
    play_all(place, LOCAL, monkeypatch, figures)


def test_faults_with_cloudinary(cloud_app, cloudinary_stub, monkeypatch, figures):
    cloud_app.config["PROPAGATE_EXCEPTIONS"] = False
    place = build_place(cloud_app, stub=cloudinary_stub)
    play_all(place, CLOUD, monkeypatch, figures)


def test_a_database_failure_is_a_503_that_logs_no_secret(app, make_user, monkeypatch, caplog):
    """The commit of a new password fails: a Spanish 503 page, the link still works after,
    and the log names neither the link's token nor the statement's parameters."""
    with app.app_context():
        user = db.session.get(User, make_user(password=None).id)
        token = accounts.issue_password_link_token(user)
        db.session.commit()
    client = app.test_client()
    form = {"password": "clave-nueva-123", "confirm": "clave-nueva-123"}
    with monkeypatch.context() as patch, commit_fails(None, patch):
        response = client.post(f"/clave/{token}", data=form)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert DATABASE_DOWN in response.get_data(as_text=True)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "database unavailable in auth.set_password" in logged
    assert token not in logged and "scrypt" not in logged and "pbkdf2" not in logged
    assert client.post(f"/clave/{token}", data=form).status_code == 302  # nothing was spent
