"""Accounts: creating users, passwords, set-password links, sessions and login checks.

Functions change state and flush; the caller (a view or a CLI command) commits.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from dulcevicio.extensions import db
from dulcevicio.models import Role, User, utcnow
from dulcevicio.models.base import UTCDateTime
from dulcevicio.models.user import new_session_token

PASSWORD_LINK_SALT = "dulcevicio.set-password"  # noqa: S105 (a salt name, not a secret)


class LinkPurpose(enum.Enum):
    INVITATION = "invitation"  # the account has no password yet
    RESET = "reset"


class LoginStatus(enum.Enum):
    OK = "ok"
    INVALID = "invalid"
    INACTIVE = "inactive"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    user: User | None = None


def find_user_by_login(login: str) -> User | None:
    """The user whose e-mail or username is `login` (case-insensitive)."""
    login = (login or "").strip().lower()
    if not login:
        return None
    column = User.email if "@" in login else User.username
    return db.session.scalar(sa.select(User).where(column == login))


def create_user(
    *,
    email: str,
    full_name: str,
    role: Role = Role.USER,
    username: str | None = None,
    password: str | None = None,
) -> User:
    """Add a user; without a password the account waits for an invitation link."""
    user = User(email=email, full_name=full_name.strip(), role=role, username=username or None)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user: User, password: str) -> None:
    """Set a new password, ending every session and killing any pending set-password link."""
    user.password_hash = hash_password(password)
    user.password_link_nonce = None
    user.failed_login_count = 0
    user.failed_login_window_start = None
    end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """Invalidate every session cookie and remember-me cookie of the user."""
    user.session_token = new_session_token()


def set_active(user: User, active: bool) -> None:
    user.is_active = active
    if not active:
        end_all_sessions(user)


# --- Set-password links ---------------------------------------------------------------


def _link_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=PASSWORD_LINK_SALT)


def _link_max_age(purpose: LinkPurpose) -> timedelta:
    key = "INVITATION_LINK_MAX_AGE" if purpose is LinkPurpose.INVITATION else "RESET_LINK_MAX_AGE"
    return current_app.config[key]


def issue_password_link_token(user: User) -> str:
    """A signed one-time token for /clave/<token>; issuing one kills the previous one."""
    purpose = LinkPurpose.INVITATION if user.password_hash is None else LinkPurpose.RESET
    user.password_link_nonce = secrets.token_hex(16)
    db.session.flush()
    payload = {"uid": user.id, "nonce": user.password_link_nonce, "purpose": purpose.value}
    return _link_serializer().dumps(payload)


def user_for_password_token(token: str, now: datetime | None = None) -> User | None:
    """The user a set-password token belongs to, or None if it is forged, expired or spent."""
    serializer = _link_serializer()
    longest = max(_link_max_age(purpose) for purpose in LinkPurpose)
    try:
        payload, signed_at = serializer.loads(
            token, max_age=int(longest.total_seconds()), return_timestamp=True
        )
        purpose = LinkPurpose(payload["purpose"])
        user_id, nonce = int(payload["uid"]), str(payload["nonce"])
    except (SignatureExpired, BadSignature, KeyError, TypeError, ValueError):
        return None
    if (now or utcnow()) - signed_at > _link_max_age(purpose):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.password_link_nonce is None:
        return None
    if not secrets.compare_digest(user.password_link_nonce, nonce):
        return None
    return user


# --- Login -------------------------------------------------------------------------------


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def authenticate(login: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a login attempt, counting failures per account in the database.

    The count lives in the database so the limit holds across every worker process.
    """
    now = now or utcnow()
    user = find_user_by_login(login)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal unknown accounts.
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return LoginResult(LoginStatus.INVALID)
    if _is_locked(user, now):
        return LoginResult(LoginStatus.LOCKED, user)
    if not user.check_password(password):
        _record_failure(user, now)
        return LoginResult(LoginStatus.INVALID, user)
    if not user.is_active:
        return LoginResult(LoginStatus.INACTIVE, user)
    user.failed_login_count = 0
    user.failed_login_window_start = None
    user.last_login_at = now
    return LoginResult(LoginStatus.OK, user)


def _is_locked(user: User, now: datetime) -> bool:
    window_start = user.failed_login_window_start
    return (
        window_start is not None
        and now - window_start < current_app.config["LOGIN_FAILURE_WINDOW"]
        and user.failed_login_count >= current_app.config["LOGIN_MAX_FAILURES"]
    )


def _record_failure(user: User, now: datetime) -> None:
    """Count a failure atomically in SQL: parallel attempts from other workers add up."""
    window_open = sa.and_(
        User.failed_login_window_start.is_not(None),
        User.failed_login_window_start > now - current_app.config["LOGIN_FAILURE_WINDOW"],
    )
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(
            failed_login_count=sa.case(
                (window_open, User.failed_login_count + 1), else_=sa.literal(1)
            ),
            failed_login_window_start=sa.case(
                (window_open, User.failed_login_window_start), else_=sa.literal(now, UTCDateTime())
            ),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["failed_login_count", "failed_login_window_start"])
