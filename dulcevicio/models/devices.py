"""Device sessions: one row per sign-in, named by the token its cookies carry."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.base import Base, enum_column, utcnow

if TYPE_CHECKING:
    from dulcevicio.models.user import User


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


class DeviceEndReason(enum.Enum):
    REPLACED = "REPLACED"  # a newer sign-in went beyond the device limit
    CLOSED = "CLOSED"  # the student closed it from another device
    CLOSED_BY_ADMIN = "CLOSED_BY_ADMIN"
    SIGNED_OUT = "SIGNED_OUT"
    PASSWORD_CHANGED = "PASSWORD_CHANGED"  # noqa: S105 (a reason, not a password)
    DEACTIVATED = "DEACTIVATED"
    TWO_STEP_RESET = "TWO_STEP_RESET"  # `flask reset-two-step` for a locked-out admin

    @property
    def label(self) -> str:
        return {
            "REPLACED": "Reemplazado por un ingreso nuevo",
            "CLOSED": "Cerrado por la alumna",
            "CLOSED_BY_ADMIN": "Cerrado por un administrador",
            "SIGNED_OUT": "Cerró sesión",
            "PASSWORD_CHANGED": "Cambio de contraseña",
            "DEACTIVATED": "Cuenta desactivada",
            "TWO_STEP_RESET": "Verificación en dos pasos reiniciada",
        }[self.value]


class DeviceSession(Base):
    """A signed-in browser: its session and remember-me cookies name `token`. Ended rows
    stay (for the admin and the sign-in figures); an ended device's cookies are refused."""

    __tablename__ = "device_sessions"
    __table_args__ = (
        # A student's devices, and the active ones the limit counts.
        sa.Index("ix_device_sessions_user_id_ended_at", "user_id", "ended_at"),
        # The overview's flags read the last 7 days of sign-ins.
        sa.Index("ix_device_sessions_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_device_token)
    browser: Mapped[str] = mapped_column(sa.String(60), default="")  # "Chrome 120"
    system: Mapped[str] = mapped_column(sa.String(60), default="")  # "Android 14"
    network: Mapped[str | None] = mapped_column(sa.String(50))  # masked: 201.141.23.0/24
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[DeviceEndReason | None] = mapped_column(
        enum_column(DeviceEndReason, "device_end_reason")
    )

    user: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        """ "Chrome 120 en Android 14", or what the browser told of itself."""
        parts = [self.browser, self.system]
        if all(parts):
            return " en ".join(parts)
        return next((part for part in parts if part), "un dispositivo desconocido")

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def __repr__(self) -> str:
        return f"<DeviceSession {self.id} user={self.user_id} {self.browser}/{self.system}>"
