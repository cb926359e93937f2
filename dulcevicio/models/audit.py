"""The audit log: one append-only row per admin action (services/audit.py writes them)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from dulcevicio.models.base import Base, utcnow
from dulcevicio.models.user import User

SUMMARY_MAX_LENGTH = 500


class AppendOnlyError(RuntimeError):
    """The audit log is never edited nor deleted by the app."""


class AuditEvent(Base):
    """Who did what to what, when and from where (a keyed hash of the IP address).

    The actor's name is copied, so the row still says who after her account is gone (the
    database sets the ids to NULL then); nothing else ever changes a row.
    """

    __tablename__ = "audit_events"
    # The log (newest first) pages on (created_at, id).
    __table_args__ = (sa.Index("ix_audit_events_created_at_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(40), index=True)  # a code of audit.ACTIONS
    target_type: Mapped[str | None] = mapped_column(sa.String(40))
    target_id: Mapped[int | None]
    # The student the action concerned, if any (the log's student filter).
    student_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    summary: Mapped[str] = mapped_column(sa.String(SUMMARY_MAX_LENGTH), default="")
    ip_hash: Mapped[str | None] = mapped_column(sa.String(64))

    # Read-only: the ORM never writes a row through it.
    student: Mapped[User | None] = relationship(foreign_keys=[student_id], viewonly=True)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} by={self.actor_id}>"


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper, _connection, target: AuditEvent) -> None:
    raise AppendOnlyError(f"audit events are append-only: {target!r} cannot change")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state) -> None:
    """`update(AuditEvent)` / `delete(AuditEvent)` skip the mapper events: refuse them too."""
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AppendOnlyError("audit events are append-only")
