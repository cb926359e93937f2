"""Accounts: creating and editing them and their rules, passwords, set-password links,
sessions and login checks.

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
from dulcevicio.models import DeviceEndReason, Role, User, utcnow
from dulcevicio.models.base import UTCDateTime
from dulcevicio.models.user import new_session_token
from dulcevicio.services import access, audit, devices

PASSWORD_LINK_SALT = "dulcevicio.set-password"  # noqa: S105 (a salt name, not a secret)
ACCOUNT_STATES = {True: "activa", False: "desactivada"}  # in the audit log


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


class AccountRuleError(ValueError):
    """An account change the rules refuse; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def find_user_by_login(login: str) -> User | None:
    """The user whose e-mail or username is `login` (case-insensitive)."""
    login = (login or "").strip().lower()
    if not login:
        return None
    column = User.email if "@" in login else User.username
    return db.session.scalar(sa.select(User).where(column == login))


def email_taken(email: str, exclude_id: int | None = None) -> bool:
    query = sa.select(User.id).where(User.email == email.strip().lower())
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    return db.session.scalar(query) is not None


def username_taken(username: str, exclude_id: int | None = None) -> bool:
    query = sa.select(User.id).where(User.username == username.strip().lower())
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    return db.session.scalar(query) is not None


def _check_role_change(role: Role, acting: User | None, user: User | None = None) -> None:
    if role is Role.ADMIN and acting is not None and not access.is_admin(acting):
        raise AccountRuleError("Solo un administrador puede crear administradores.", "role")
    if user is not None and acting is not None and user.id == acting.id and role is not Role.ADMIN:
        raise AccountRuleError("No puedes quitarte el rol de administrador.", "role")


def create_account(
    *,
    email: str,
    full_name: str,
    role: Role = Role.USER,
    username: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    acting: User | None = None,
) -> User:
    """Create an account; without a password it waits for an invitation link.

    `acting`: who creates it from the dashboards (only admins create admins); None for
    the operator's own commands (`flask create-admin`, the demo).
    """
    _check_role_change(role, acting)
    user = User(
        email=email,
        full_name=full_name.strip(),
        role=role,
        username=username or None,
        phone=phone or None,
    )
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "account.create",
        target=user,
        student=user,
        summary=audit.change(audit.NONE, f"{user.display_name} <{user.email}>, {role.label}"),
    )
    return user


def update_account(
    user: User,
    *,
    acting: User,
    email: str,
    full_name: str,
    username: str | None,
    role: Role,
    phone: str | None = None,
) -> None:
    """Edit an account; nobody can take the admin role away from themselves."""
    if role is not user.role:
        _check_role_change(role, acting, user)
    before = account_words(user)
    user.email, user.full_name, user.username, user.role = email, full_name.strip(), username, role
    user.phone = phone or None
    db.session.flush()
    audit_edit(user, before)


def account_words(user: User) -> list[tuple[str, object]]:
    """What an account edit can change, for the audit log's before and after."""
    return [
        ("Nombre", user.full_name),
        ("Correo", user.email),
        ("Usuario", user.username),
        ("Teléfono", user.phone),
        ("Rol", user.role),
    ]


def audit_edit(user: User, before: list[tuple[str, object]]) -> None:
    """One audit row for an edit of the account (`before`: `account_words` before it);
    a new role makes it a role change. Nothing changed, no row."""
    after = account_words(user)
    pairs = [(label, old, new) for (label, old), (_, new) in zip(before, after, strict=True)]
    summary = audit.field_changes(pairs)
    if summary:
        action = "account.role" if before[-1] != after[-1] else "account.edit"
        audit.record(action, target=user, student=user, summary=summary)


def set_account_active(user: User, active: bool, *, acting: User | None = None) -> None:
    """(De)activate an account; deactivating ends every session it has. Nobody deactivates
    their own account."""
    if acting is not None and user.id == acting.id and not active:
        raise AccountRuleError("No puedes desactivar tu propia cuenta.")
    changed = user.is_active != active
    user.is_active = active
    if not active:
        end_all_sessions(user, DeviceEndReason.DEACTIVATED)
    db.session.flush()
    if changed:
        audit.record(
            "account.reactivate" if active else "account.deactivate",
            target=user,
            student=user,
            summary=audit.change(ACCOUNT_STATES[not active], ACCOUNT_STATES[active]),
        )


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user: User, password: str) -> None:
    """Set a new password, ending every session and killing any pending set-password link."""
    user.password_hash = hash_password(password)
    user.password_link_nonce = None
    user.failed_login_count = 0
    user.failed_login_window_start = None
    end_all_sessions(user, DeviceEndReason.PASSWORD_CHANGED)


def end_all_sessions(user: User, reason: DeviceEndReason) -> None:
    """Invalidate every session cookie and remember-me cookie of the user: every device
    session ends, and the session token (what else is tied to the sessions) rotates."""
    user.session_token = new_session_token()
    devices.end_all(user, reason)


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


def new_password_link_token(user: User) -> str:
    """An admin's new set-password link for an existing account (it kills the one before);
    the audit log records it."""
    purpose = "Invitación" if user.password_hash is None else "Cambio de contraseña"
    before = "enlace pendiente" if user.password_link_nonce else "sin enlace"
    token = issue_password_link_token(user)
    summary = f"{purpose}: {audit.change(before, 'enlace nuevo')}"
    audit.record("account.password_link", target=user, student=user, summary=summary)
    return token


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
    """Check a login attempt, counting attempts per account in the database.

    The attempt is counted before the password is checked, in one conditional UPDATE, so
    the limit holds across every worker process even when attempts arrive in parallel
    (checking "locked?" and counting the failure afterwards lets a burst slip through
    while the slow hash runs). The right password clears the count.
    """
    now = now or utcnow()
    user = find_user_by_login(login)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal unknown accounts.
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return LoginResult(LoginStatus.INVALID)
    if not count_attempt(user, now):
        return LoginResult(LoginStatus.LOCKED, user)
    if not user.check_password(password):
        return LoginResult(LoginStatus.INVALID, user)
    clear_attempts(user)
    if not user.is_active:
        return LoginResult(LoginStatus.INACTIVE, user)
    user.last_login_at = now
    return LoginResult(LoginStatus.OK, user)


def clear_attempts(user: User) -> None:
    """The right password (or second-step code) clears the count."""
    user.failed_login_count = 0
    user.failed_login_window_start = None


def count_attempt(user: User, now: datetime | None = None) -> bool:
    """Count one attempt (a password, or an admin's second-step code) unless the account
    is locked; False when it is.

    One UPDATE both checks and counts, and it commits at once on its own connection (the
    one exception to "services never commit"): every other worker must see the count
    before this one spends a second on the password hash, and no lock may be held
    meanwhile. Parallel attempts queue on the row (or SQLite's write lock) for the
    UPDATE only, so at most LOGIN_MAX_FAILURES per window get their password checked.
    """
    now = now or utcnow()
    window_open = sa.and_(
        User.failed_login_window_start.is_not(None),
        User.failed_login_window_start > now - current_app.config["LOGIN_FAILURE_WINDOW"],
    )
    locked = sa.and_(
        window_open, User.failed_login_count >= current_app.config["LOGIN_MAX_FAILURES"]
    )
    statement = (
        sa.update(User)
        .where(User.id == user.id, sa.not_(locked))
        .values(
            failed_login_count=sa.case(
                (window_open, User.failed_login_count + 1), else_=sa.literal(1)
            ),
            failed_login_window_start=sa.case(
                (window_open, User.failed_login_window_start), else_=sa.literal(now, UTCDateTime())
            ),
            # Bookkeeping, not a change to the account: its updated_at stays.
            updated_at=User.updated_at,
        )
    )
    with db.engine.begin() as connection:
        counted = connection.execute(statement).rowcount == 1
    db.session.expire(user, ["failed_login_count", "failed_login_window_start"])
    return counted
