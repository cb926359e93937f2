"""Helpers of the notifications tests: notifications straight in the database, reading them."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Notification, NotificationKind, utcnow


def add_notifications(app, user, count: int, *, course=None, target_id=None, **fields) -> list[int]:
    """`count` notifications for `user`, each a second newer than the one before."""
    start = utcnow() - timedelta(hours=1)
    with app.app_context():
        made = []
        for number in range(count):
            notification = Notification(
                user_id=user.id,
                kind=fields.get("kind", NotificationKind.REPLY),
                course_id=course.id if course else None,
                actor_id=fields.get("actor_id"),
                target_type=fields.get("target_type", "comment"),
                target_id=target_id,
                created_at=start + timedelta(seconds=number),
            )
            db.session.add(notification)
            made.append(notification)
        db.session.commit()
        return [n.id for n in made]


def notifications_of(app, user) -> list[Notification]:
    with app.app_context():
        found = db.session.scalars(
            sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        ).all()
        for notification in found:
            db.session.expunge(notification)
        return list(found)


def bell(html: str) -> str | None:
    """The bell's accessible label, or None without a bell."""
    found = re.search(r'aria-label="(Notificaciones, [^"]+)"', html)
    return found.group(1) if found else None


def items(html: str) -> list[str]:
    """The sentences of the notifications page, in order (tags dropped)."""
    found = re.findall(r'<li id="notificacion-\d+"[^>]*>(.*?)</li>', html, re.S)
    texts = []
    for item in found:
        text = re.sub(r"<form.*?</form>", "", item, flags=re.S)
        text = re.sub(r"<time.*?</time>", "", text, flags=re.S)
        texts.append(" ".join(re.sub(r"<[^>]+>", " ", text).split()))
    return texts
