"""The business behind the site: its settings, the payments it records (made outside the
app) and its renewal follow-ups."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dulcevicio.models.access import Enrollment, Membership
from dulcevicio.models.base import Base, TimestampMixin, enum_column, utcnow
from dulcevicio.models.user import User


class Settings(Base):
    """The one row of business settings (id 1). Missing values fall back to the defaults
    in services/settings.py."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_name: Mapped[str] = mapped_column(sa.String(80))
    whatsapp_number: Mapped[str | None] = mapped_column(sa.String(16))  # E.164
    currency: Mapped[str] = mapped_column(sa.String(3))  # ISO 4217
    # Message templates by key (services/messages.py); a missing key uses its default.
    messages: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    # Who signs the certificates of a course that names nobody.
    signatory_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    signatory_title: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    # Devices a student may have signed in at once (User.device_limit overrides it).
    device_limit: Mapped[int] = mapped_column(default=2, server_default="2")
    # The instructor a course page shows when the course names none.
    instructor_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    instructor_bio: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    instructor_photo_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PaymentMethod(enum.Enum):
    TRANSFER = "TRANSFER"
    DEPOSIT = "DEPOSIT"
    MERCADO_PAGO = "MERCADO_PAGO"
    YAPE = "YAPE"
    NEQUI = "NEQUI"
    PAYPAL = "PAYPAL"
    CASH = "CASH"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return {
            "TRANSFER": "Transferencia",
            "DEPOSIT": "Depósito",
            "MERCADO_PAGO": "Mercado Pago",
            "YAPE": "Yape",
            "NEQUI": "Nequi",
            "PAYPAL": "PayPal",
            "CASH": "Efectivo",
            "OTHER": "Otro",
        }[self.value]


class Payment(TimestampMixin, Base):
    """Money a student paid outside the app, as an admin recorded it. Voided, not deleted."""

    __tablename__ = "payments"
    __table_args__ = (
        # The list (newest first) and the monthly totals read paid_on ranges.
        sa.Index("ix_payments_paid_on_id", "paid_on", "id"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint(
            "enrollment_id IS NULL OR membership_id IS NULL", name="one_grant_at_most"
        ),
    )

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    enrollment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrollments.id", ondelete="SET NULL"), index=True
    )
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="SET NULL"), index=True
    )
    paid_on: Mapped[date] = mapped_column(sa.Date)  # the day, as the business counts it
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2, asdecimal=True))
    currency: Mapped[str] = mapped_column(sa.String(3))
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod, "payment_method"))
    reference: Mapped[str] = mapped_column(sa.String(120), default="")
    receipt_public_id: Mapped[str | None] = mapped_column(sa.String(255))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    enrollment: Mapped[Enrollment | None] = relationship()
    membership: Mapped[Membership | None] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    def __repr__(self) -> str:
        return f"<Payment {self.id} user={self.user_id} {self.amount} {self.currency}>"


class RenewalContact(Base):
    """An admin wrote to a student about renewing a grant that ends (or ended) at `for_end`.
    A renewal moves the end, so an older mark no longer shows."""

    __tablename__ = "renewal_contacts"
    __table_args__ = (
        sa.CheckConstraint("(enrollment_id IS NULL) <> (membership_id IS NULL)", name="one_grant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrollments.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    for_end: Mapped[datetime]
    contacted_at: Mapped[datetime] = mapped_column(default=utcnow)
    contacted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    contacted_by: Mapped[User | None] = relationship()
