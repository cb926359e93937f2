"""Demo device sessions: the demo student's phone is signed in, an old tablet was replaced,
so "Mis dispositivos" and her admin page show something from the first run."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import DeviceEndReason, DeviceSession, User

# (browser, system, network, signed in / last seen (hours ago), ended (hours ago) or None)
DEMO_DEVICES = (
    ("Safari 17", "iOS 17", "190.24.15.0/24", 30 * 24, 26 * 24, 25 * 24),
    ("Chrome 131", "Android 14", "181.47.210.0/24", 3 * 24, 2, None),
)


def seed_devices(student: User, now: datetime) -> None:
    """Add the demo devices once (a student who already has devices keeps hers)."""
    if db.session.scalar(sa.select(DeviceSession.id).where(DeviceSession.user_id == student.id)):
        return
    for browser, system, network, signed_in, seen, ended in DEMO_DEVICES:
        db.session.add(
            DeviceSession(
                user_id=student.id,
                browser=browser,
                system=system,
                network=network,
                created_at=now - timedelta(hours=signed_in),
                last_seen_at=now - timedelta(hours=seen),
                ended_at=None if ended is None else now - timedelta(hours=ended),
                end_reason=None if ended is None else DeviceEndReason.REPLACED,
            )
        )
    db.session.flush()
