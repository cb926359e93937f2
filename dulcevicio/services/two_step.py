"""Admins' second step: a TOTP code (RFC 6238, pyotp) after the password, or one of ten
single-use recovery codes.

Who is asked: every admin when ADMIN_TWO_STEP_REQUIRED (on by default in production), and
an admin who turned it on for herself. Students never.

Until an admin has passed the second step in this session she is held there: the user
loader sets `second_step_pending` (services/access treats her as no admin, the admin guard
sends her to /ingresar/verificacion). Passing it marks the session, tied to its device
token; "recordar este dispositivo" leaves a signed cookie, valid 30 days and tied to her
session token (a new password or "cerrar todas las sesiones" voids it).

A code is accepted at most once, on any process: accepting it is one conditional UPDATE
of the last accepted time step. Every code typed counts towards the account's login
attempts (accounts.count_attempt), so guessing codes locks the account as guessing
passwords does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup

from dulcevicio.extensions import db
from dulcevicio.models import DeviceEndReason, RecoveryCode, Role, TwoStep, User, utcnow

ISSUER = "DulceVicio"
STEP_SECONDS = 30
DRIFT_STEPS = 1  # a code of the previous or next step still counts (clock drift, typing)
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
RECOVERY_LENGTH = 10  # 50 bits
TRUST_DAYS = 30
SESSION_KEY = "second_step"
SETUP_KEY = "second_step_setup"


# --- who is asked, and whether this session has answered ----------------------------------


def record_of(user: User) -> TwoStep | None:
    return db.session.get(TwoStep, user.id)


def required_for(user: User) -> bool:
    if user.role is not Role.ADMIN:
        return False
    if current_app.config["ADMIN_TWO_STEP_REQUIRED"]:
        return True
    return record_of(user) is not None


def satisfied(user: User) -> bool:
    """Whether this session of `user` may act as what she is. Queries only until the
    session is marked (an admin not asked is marked on her first request)."""
    if user.role is not Role.ADMIN:
        return True
    mark = _session_mark(user)
    if session.get(SESSION_KEY) == mark:
        return True
    if not required_for(user) or _trusted_device(user):
        session[SESSION_KEY] = mark
        return True
    return False


def mark_passed(user: User) -> None:
    session[SESSION_KEY] = _session_mark(user)


def _session_mark(user: User) -> str:
    return hashlib.sha256(f"{user.id}:{user.get_id()}".encode()).hexdigest()[:24]


# --- trusted devices -----------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="two-step-device")


def _token_digest(user: User) -> str:
    return hashlib.sha256(user.session_token.encode()).hexdigest()[:24]


def trust_cookie(user: User) -> tuple[str, str, int]:
    """(name, value, max_age in seconds) of the cookie that spares this browser the
    second step for TRUST_DAYS."""
    value = _serializer().dumps({"u": user.id, "t": _token_digest(user)})
    return current_app.config["TWO_STEP_TRUST_COOKIE"], value, TRUST_DAYS * 24 * 3600


def _trusted_device(user: User) -> bool:
    value = request.cookies.get(current_app.config["TWO_STEP_TRUST_COOKIE"])
    if not value:
        return False
    try:
        data = _serializer().loads(value, max_age=TRUST_DAYS * 24 * 3600)
    except BadSignature:
        return False
    return (
        isinstance(data, dict)
        and data.get("u") == user.id
        and hmac.compare_digest(str(data.get("t")), _token_digest(user))
    )


# --- set-up ----------------------------------------------------------------------------------


def setup_secret() -> str:
    """The secret of the authenticator being set up: kept in her session (signed, and
    HttpOnly) until a first code confirms it, so a reload shows the same QR code and
    opening the page stores nothing."""
    secret = session.get(SETUP_KEY)
    if not secret:
        secret = session[SETUP_KEY] = pyotp.random_base32()
    return secret


def setup_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def setup_qr(user: User, secret: str) -> Markup:
    """The set-up QR code as inline SVG (no image request, nothing for the CSP to allow)."""
    qr = segno.make(setup_uri(user, secret), error="m")
    svg = qr.svg_inline(scale=5, border=3, title="Código QR para tu app de autenticación")
    # Reviewed: segno draws the modules of our own otpauth URI as paths; the SVG holds no
    # text but the fixed title above, so nothing typed by anyone reaches this markup.
    return Markup(svg)  # noqa: S704  # nosec B704: segno's SVG of our URI, no user text


def readable_secret(secret: str) -> str:
    """The secret in groups of four, for typing it when the camera cannot scan."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_setup(user: User, code: str, now: datetime | None = None) -> bool:
    """Store the authenticator being set up if `code` is its code of now (flushes).
    False for a wrong code, or when she already has one (set up meanwhile elsewhere)."""
    secret = session.get(SETUP_KEY)
    step = _matching_step(secret, code, now) if secret else None
    if step is None or record_of(user) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(TwoStep(user_id=user.id, secret=secret, last_step=step))
    except sa.exc.IntegrityError:  # another tab or process confirmed first
        return False
    session.pop(SETUP_KEY, None)
    return True


# --- checking codes -------------------------------------------------------------------------


def _matching_step(secret: str, code: str, now: datetime | None) -> int | None:
    """The time step (now ± DRIFT_STEPS) whose code is `code`, if any."""
    digits = "".join(code.split())
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((now or utcnow()).timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def accept_code(user: User, code: str, now: datetime | None = None) -> bool:
    """Whether `code` is her authenticator's code of now (± one step), of a later step
    than any accepted before (one conditional UPDATE: never twice, on any process)."""
    record = record_of(user)
    step = _matching_step(record.secret, code, now) if record else None
    if step is None:
        return False
    accepted = db.session.execute(
        sa.update(TwoStep)
        .where(TwoStep.user_id == user.id, TwoStep.last_step < step)
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(record)
    return accepted.rowcount == 1


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes ("K7QM4-XD29P"), replacing any before; only their keyed
    hashes are kept, so this is the one time they can be shown."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(raw)))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str, now: datetime | None = None) -> bool:
    """Whether `code` is one of her unused recovery codes; using it spends it."""
    raw = "".join(code.upper().split()).replace("-", "")
    raw = raw.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(raw) != RECOVERY_LENGTH or any(char not in RECOVERY_ALPHABET for char in raw):
        return False
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(raw),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def _code_hash(raw: str) -> str:
    # Keyed: 50 random bits cannot be found from the hash without SECRET_KEY as well.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()


def reset(user: User) -> bool:
    """Forget her authenticator and recovery codes (`flask reset-two-step`): her next
    sign-in sets them up again. Ends her sessions too. Whether she had any."""
    from dulcevicio.services import accounts

    had = record_of(user) is not None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(TwoStep).where(TwoStep.user_id == user.id))
    accounts.end_all_sessions(user, DeviceEndReason.TWO_STEP_RESET)
    return had
