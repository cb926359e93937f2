"""Helpers for the bakes tests: posting through HTTP, bakes straight in the database."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Bake, BakePhoto, Course, User, utcnow
from tests import media


def gallery_url(course: Course, **query) -> str:
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/cursos/{course.slug}/lo-hice" + (f"?{suffix}" if suffix else "")


def photo_files(*contents: bytes) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(data), f"foto{n}.jpg") for n, data in enumerate(contents, start=1)]


def post_bake(client, course: Course, photos=None, **fields):
    """POST a bake (one plain JPEG unless `photos` says otherwise)."""
    photos = photo_files(media.jpeg()) if photos is None else photos
    data = {"text": "Me quedó riquísima", "question": "", "recipe_id": "", **fields}
    if photos:
        data["photos"] = photos
    return client.post(gallery_url(course), data=data, content_type="multipart/form-data")


def add_bake(
    app,
    course: Course,
    user: User,
    *,
    photos: int = 1,
    comments: list[User] = (),
    consent: bool = False,
    featured: bool = False,
    is_active: bool = True,
    age_minutes: int = 0,
    text: str = "Una tarta",
) -> int:
    """A bake without HTTP (photo keys point at no file); returns its id."""
    from dulcevicio.models import BakeComment

    with app.app_context():
        bake = Bake(
            course_id=course.id,
            user_id=user.id,
            text=text,
            testimonial_consent=consent,
            is_featured=featured,
            is_active=is_active,
        )
        bake.created_at = utcnow() - timedelta(minutes=age_minutes)
        bake.photos = [BakePhoto(public_id=f"bakes/x{i}.jpg", position=i) for i in range(photos)]
        bake.comments = [BakeComment(user_id=u.id, content="¡Qué rico!") for u in comments]
        db.session.add(bake)
        db.session.commit()
        return bake.id


def stored_bake_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "bakes")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def get(app, model, row_id):
    with app.app_context():
        row = db.session.get(model, row_id)
        if row is not None:
            db.session.refresh(row)
            db.session.expunge(row)
        return row


def photo_ids(app, bake_id: int) -> list[str]:
    with app.app_context():
        query = sa.select(BakePhoto.public_id).where(BakePhoto.bake_id == bake_id)
        return list(db.session.scalars(query.order_by(BakePhoto.position)))
