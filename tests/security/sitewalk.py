"""A small but complete site to walk: every kind of row, real ids for every URL rule,
every table's fingerprint, and the POST forms the pages themselves render."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, url_for
from werkzeug.exceptions import HTTPException

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Role, User, utcnow
from dulcevicio.services import accounts, forum, progress
from dulcevicio.services.enrollment import grant_enrollment
from dulcevicio.services.media import uploads
from dulcevicio.services.membership import grant_membership
from dulcevicio.services.recipe_book import rebuild_recipe_book
from tests import media
from tests.helpers import PASSWORD

NEW_PASSWORD = "otra-clave-segura-456"


@dataclass(frozen=True)
class Site:
    """Ids and names of everything `build_site` made (plain values, usable anywhere)."""

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
    set_password_token: str

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
        }


def build_site(app: Flask) -> Site:
    """An admin, an enrolled student, a member, a spare student, an invited account; an
    active course with a preview lesson, a lesson with a video, a recipe with its photo and
    the recipe book; an inactive course; a forum thread; progress."""
    with app.app_context():
        admin = accounts.create_account(
            email="jefa@example.com", full_name="Jefa Pérez", role=Role.ADMIN, password=PASSWORD
        )
        student = accounts.create_account(
            email="alumna@example.com", full_name="Camila Rojas", password=PASSWORD
        )
        member = accounts.create_account(
            email="socia@example.com", full_name="Valentina Gómez", password=PASSWORD
        )
        spare = accounts.create_account(
            email="otra@example.com", full_name="Lucía Fernández", password=PASSWORD
        )
        invited = accounts.create_account(email="nueva@example.com", full_name="Mariana Herrera")
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
        hidden = Course(title="Bombones", slug="bombones", position=2, is_active=False)
        db.session.add_all([course, hidden])
        db.session.flush()
        preview, lesson = course.lessons
        uploads.replace_course_thumbnail(course, media.jpeg((400, 300)))
        uploads.replace_lesson_video(lesson, io.BytesIO(media.mp4()), "masa.mp4")
        recipe = uploads.add_recipe_from_image(course, media.jpeg((320, 240)), "tarta.jpg")
        recipe.recipe_text = "Harina, mantequilla, azúcar."
        rebuild_recipe_book(course)
        enrollment = grant_enrollment(student, course, expires_at=None, granted_by=admin)
        grant_enrollment(spare, course, expires_at=utcnow() + timedelta(days=30))
        membership = grant_membership(
            member, start_date=utcnow(), end_date=utcnow() + timedelta(days=365)
        )
        progress.save_position(student, lesson, 30, 120)
        comment = forum.post_comment(course, student, "¿Sirve la harina integral?")
        forum.post_comment(course, admin, "Sí, con un poco más de agua.", parent_id=comment.id)
        token = accounts.issue_password_link_token(invited)
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
            set_password_token=token,
        )


# A real file for each static endpoint.
STATIC_FILES = {"static": "css/app.css", "bootstrap.static": "css/bootstrap.min.css"}


def rule_urls(app: Flask, site: Site, method: str) -> list[tuple[str, str]]:
    """(endpoint, url) for every rule that answers `method`, built with real ids."""
    values = site.values()
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
            if method not in rule.methods:
                continue
            arguments = {name: values.get(name) for name in rule.arguments}
            if "filename" in rule.arguments:
                arguments["filename"] = STATIC_FILES[rule.endpoint]
            missing = [name for name, value in arguments.items() if value is None]
            assert not missing, f"no real value for {missing} in {rule.rule}"
            urls.append((rule.endpoint, url_for(rule.endpoint, **arguments)))
    return urls


def endpoint_of(app: Flask, url: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method=method)
    except HTTPException:  # not one of our routes, or not for this method
        return None
    return endpoint


# --- Fingerprints of the whole database -------------------------------------------------


def snapshot(app: Flask) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its content, in primary-key order."""
    fingerprint = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            fingerprint[table.name] = (len(rows), digest)
        db.session.rollback()
    return fingerprint


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def password_hash_of(app: Flask, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).password_hash


# --- The forms the pages render ---------------------------------------------------------


@dataclass
class HarvestedForm:
    action: str
    fields: dict[str, str]
    files: list[str]  # names of file inputs


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HarvestedForm] = []
        self._form: HarvestedForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = HarvestedForm(attrs.get("action") or self.page_url, {}, [])
        if self._form is None or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name", "")
        kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "input":
            if kind == "file":
                self._form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in self._form.fields:
                    self._form.fields[name] = attrs.get("value", "y")
            elif kind != "submit":
                self._form.fields[name] = attrs.get("value", "")
        elif tag == "button" and kind == "submit" and attrs.get("value"):
            self._form.fields.setdefault(name, attrs["value"])
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._form.fields:
                self._form.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def post_forms(page_url: str, html: str) -> list[HarvestedForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
