"""Admins' second step: a TOTP secret per admin and her single-use recovery codes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dulcevicio.models.base import Base, utcnow


class TwoStep(Base):
    """An admin's authenticator, stored once she has confirmed it with a first code (the
    secret being set up lives in her session until then). `last_step` is the last
    30-second step whose code was accepted: a code is never accepted twice, on any
    process."""

    __tablename__ = "two_step"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(sa.String(32))  # base 32, 160 bits
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_step: Mapped[int] = mapped_column(sa.BigInteger)


class RecoveryCode(Base):
    """One of an admin's ten recovery codes, kept as a keyed hash; used once."""

    __tablename__ = "two_step_recovery_codes"
    __table_args__ = (sa.UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]
