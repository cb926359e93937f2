"""Device sessions: each sign-in is a device (browser, system, masked network, first and
last seen); at most N are signed in at once, a new one beyond N ending the oldest.

Functions change state and flush; the caller commits (the throttled last-seen update is
the exception: see `note_seen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from dulcevicio.extensions import db
from dulcevicio.models import DeviceEndReason, DeviceSession, Settings, User, utcnow
from dulcevicio.models.devices import new_device_token
from dulcevicio.services import audit
from dulcevicio.services.network import masked_network
from dulcevicio.statements import instant, prepared

DEFAULT_DEVICE_LIMIT = 2
MAX_DEVICE_LIMIT = 20
# A device's last-seen time is written at most this often (so a page view reads it from
# the session loader's row and writes nothing).
SEEN_EVERY = timedelta(minutes=5)
# The overview flags accounts with more sign-ins, or more networks, than this in a week.
FLAG_WINDOW = timedelta(days=7)
FLAG_DEVICES = 4
FLAG_NETWORKS = 6
FLAGS_SHOWN = 20
SETTINGS_ID = 1  # services/settings.py's row


# --- Describing a device -----------------------------------------------------------------


@lru_cache(maxsize=512)  # bounded: a User-Agent is whatever the client sends
def describe(user_agent: str) -> tuple[str, str]:
    """("Chrome 120", "Android 14") from a User-Agent; "" for what it does not tell."""
    from ua_parser import parse  # its regexes load on first use: only sign-ins need them

    found = parse(user_agent[:1000])

    def named(part, limit: int = 60) -> str:
        if part is None or part.family in ("Other", ""):
            return ""
        return " ".join(filter(None, (part.family, part.major)))[:limit]

    return named(found.user_agent), named(found.os)


# --- Signing in ----------------------------------------------------------------------------


def _limit() -> sa.ColumnElement[int]:
    """The user's own limit (bound as `user_limit`), else the setting, else the default:
    read inside the statement that needs it, with no query of its own."""
    setting = sa.select(Settings.device_limit).where(Settings.id == SETTINGS_ID).scalar_subquery()
    return sa.func.coalesce(
        sa.bindparam("user_limit", type_=sa.Integer()), setting, DEFAULT_DEVICE_LIMIT
    )


@prepared
def _insert_device() -> sa.Insert:
    """INSERT the device, returning its id, how many other devices of the user are signed
    in and her limit: whether any must end is known without another query."""
    others = aliased(DeviceSession)
    signed_in = (
        sa.select(sa.func.count())
        .select_from(others)
        .where(
            others.user_id == sa.bindparam("owner_id"),
            others.ended_at.is_(None),
            others.token != sa.bindparam("new_token"),  # SQLite's RETURNING may see it
        )
        .scalar_subquery()
    )
    return sa.insert(DeviceSession).returning(
        DeviceSession.id, signed_in.label("others"), _limit().label("limit")
    )


@prepared
def _end_beyond_limit() -> sa.Update:
    """End the user's active devices that have `limit` or more active devices newer than
    them: the oldest go, the newest `limit` stay."""
    newer = aliased(DeviceSession)
    newer_active = (
        sa.select(sa.func.count())
        .select_from(newer)
        .where(
            newer.user_id == DeviceSession.user_id,
            newer.ended_at.is_(None),
            newer.id > DeviceSession.id,
        )
        .scalar_subquery()
    )
    return (
        sa.update(DeviceSession)
        .where(
            DeviceSession.user_id == sa.bindparam("owner_id"),
            DeviceSession.ended_at.is_(None),
            DeviceSession.id != sa.bindparam("new_id"),
            newer_active >= _limit(),
        )
        .values(ended_at=instant("now"), end_reason=DeviceEndReason.REPLACED)
        .execution_options(synchronize_session=False)
    )


def start(
    user: User, *, user_agent: str, ip: str | None, now: datetime | None = None
) -> DeviceSession:
    """A new device session for a sign-in; devices beyond the user's limit end (oldest
    first). Also makes it the user's `current_device`, which Flask-Login's id names.

    One INSERT, plus one UPDATE only when the sign-in goes beyond the limit. Two sign-ins
    racing on two processes: the sign-in's UPDATE of the user row (last login, written
    anyway) comes first and holds the row until commit, so the second waits and then
    counts the first one's device (READ COMMITTED; SQLite has one write lock for the
    whole database). The limit holds without a lock query of its own.
    """
    now = now or utcnow()
    user.last_login_at = now
    db.session.flush()  # UPDATE users: the row lock comes before the device rows
    browser, system = describe(user_agent or "")
    device = DeviceSession(
        user_id=user.id,
        token=new_device_token(),
        browser=browser,
        system=system,
        network=masked_network(ip),
        created_at=now,
        last_seen_at=now,
        ended_at=None,
        end_reason=None,
    )
    columns = ("user_id", "token", "browser", "system", "network", "created_at", "last_seen_at")
    values = {name: getattr(device, name) for name in columns}
    inserted = db.session.execute(
        _insert_device(),
        {**values, "owner_id": user.id, "new_token": device.token, "user_limit": user.device_limit},
    ).one()
    device.id = inserted.id
    make_transient_to_detached(device)  # the row exists: no SELECT to load it back
    db.session.add(device)
    if inserted.others + 1 > inserted.limit:
        db.session.execute(
            _end_beyond_limit(),
            {"owner_id": user.id, "new_id": device.id, "user_limit": user.device_limit, "now": now},
        )
    user.current_device = device
    return device


def limit_for(user: User, setting: int) -> int:
    """The user's device limit: her own, else the business setting."""
    return user.device_limit or setting


def set_limit(user: User, limit: int | None) -> None:
    """Give the user her own device limit (None: the business setting). Devices beyond a
    lower limit stay until her next sign-in. An admin's change is audited."""
    if limit == user.device_limit:
        return
    before, after = (str(v) if v else "el de los ajustes" for v in (user.device_limit, limit))
    user.device_limit = limit
    db.session.flush()
    audit.record("account.device_limit", target=user, student=user, summary=f"{before} → {after}")


# --- Seeing a device again -------------------------------------------------------------------


@prepared
def _touch() -> sa.Update:
    return (
        sa.update(DeviceSession)
        .where(DeviceSession.id == sa.bindparam("device_id"))
        .where(DeviceSession.last_seen_at < instant("stale_before"))
        .values(last_seen_at=instant("now"))
    )


def note_seen(device: DeviceSession, now: datetime | None = None) -> None:
    """Record that the device was seen, at most once per SEEN_EVERY.

    Written at once on its own short transaction (like the login attempt counter): GET
    pages never commit, and this must not ride on a view's transaction nor make it
    write. The condition in the UPDATE keeps two dynos from writing it twice.
    """
    now = now or utcnow()
    if now - device.last_seen_at < SEEN_EVERY:
        return
    with db.engine.begin() as connection:
        connection.execute(
            _touch(), {"device_id": device.id, "now": now, "stale_before": now - SEEN_EVERY}
        )
    set_committed_value(device, "last_seen_at", now)


# --- Ending devices ---------------------------------------------------------------------------


def _end(where, reason: DeviceEndReason, now: datetime | None) -> int:
    statement = (
        sa.update(DeviceSession)
        .where(DeviceSession.ended_at.is_(None), *where)
        .values(ended_at=now or utcnow(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return db.session.execute(statement).rowcount


def end(device: DeviceSession, reason: DeviceEndReason, now: datetime | None = None) -> None:
    """End one device: its session and remember-me cookies are refused from now on."""
    _end([DeviceSession.id == device.id], reason, now)


def end_others(user: User, keep: DeviceSession, reason=DeviceEndReason.CLOSED, now=None) -> int:
    """End every active device of the user but `keep`; how many ended."""
    return _end([DeviceSession.user_id == user.id, DeviceSession.id != keep.id], reason, now)


def end_all(user: User, reason: DeviceEndReason, now: datetime | None = None) -> int:
    if user.id is None:  # an account being created has no device yet
        return 0
    return _end([DeviceSession.user_id == user.id], reason, now)


# --- Reading ---------------------------------------------------------------------------------


def active_of(user: User) -> list[DeviceSession]:
    """The user's signed-in devices, most recently seen first."""
    return list(
        db.session.scalars(
            sa.select(DeviceSession)
            .where(DeviceSession.user_id == user.id, DeviceSession.ended_at.is_(None))
            .order_by(DeviceSession.last_seen_at.desc(), DeviceSession.id.desc())
        )
    )


def recent_of(user: User, limit: int = 20) -> list[DeviceSession]:
    """The user's latest device sessions, active or ended, newest first (for admins)."""
    return list(
        db.session.scalars(
            sa.select(DeviceSession)
            .where(DeviceSession.user_id == user.id)
            .order_by(DeviceSession.ended_at.is_not(None), DeviceSession.id.desc())
            .limit(limit)
        )
    )


def active_device_of(user: User, device_id: int) -> DeviceSession | None:
    """The user's active device `device_id`, or None (someone else's, ended or unknown)."""
    return db.session.scalar(
        sa.select(DeviceSession).where(
            DeviceSession.id == device_id,
            DeviceSession.user_id == user.id,
            DeviceSession.ended_at.is_(None),
        )
    )


@dataclass(frozen=True)
class FlaggedAccount:
    user_id: int
    name: str
    email: str
    devices: int
    networks: int


def flagged_accounts(now: datetime | None = None) -> list[FlaggedAccount]:
    """Accounts with more than FLAG_DEVICES sign-ins or FLAG_NETWORKS distinct networks in
    the last 7 days (accounts shared among several people), most devices first: one query."""
    since = (now or utcnow()) - FLAG_WINDOW
    devices = sa.func.count(DeviceSession.id)
    networks = sa.func.count(sa.distinct(DeviceSession.network))
    rows = db.session.execute(
        sa.select(User.id, User.display_name, User.email, devices.label("d"), networks.label("n"))
        .join(DeviceSession, DeviceSession.user_id == User.id)
        .where(DeviceSession.created_at >= since)
        .group_by(User.id, User.full_name, User.username, User.email)
        .having(sa.or_(devices > FLAG_DEVICES, networks > FLAG_NETWORKS))
        .order_by(devices.desc(), User.id)
        .limit(FLAGS_SHOWN)
    )
    return [FlaggedAccount(*row) for row in rows]
