"""The demo content has bakes: one featured with consent, one waiting with a question."""

from __future__ import annotations

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Bake, BakePhoto, Course


def test_the_demo_has_a_featured_bake_and_one_waiting_for_feedback(app, client):
    assert app.test_cli_runner().invoke(args=["seed-demo", "--skip-videos"]).exit_code == 0
    with app.app_context():
        featured = db.session.scalar(sa.select(Bake).where(Bake.is_featured))
        assert featured.testimonial_consent and featured.feedback_at is not None
        slug = db.session.get(Course, featured.course_id).slug
        waiting = db.session.scalars(
            sa.select(Bake).where(Bake.feedback_at.is_(None), Bake.question != "")
        ).all()
        assert waiting
        photos = db.session.scalar(sa.select(sa.func.count(BakePhoto.id)))
        assert photos >= 5
        before = db.session.scalar(sa.select(sa.func.count(Bake.id)))
    page = client.get(f"/cursos/{slug}").get_data(as_text=True)
    assert "¡Lo hicieron!" in page and "Lucía F." in page
    assert app.test_cli_runner().invoke(args=["seed-demo", "--skip-videos"]).exit_code == 0
    with app.app_context():  # idempotent: no bake twice
        assert db.session.scalar(sa.select(sa.func.count(Bake.id))) == before
