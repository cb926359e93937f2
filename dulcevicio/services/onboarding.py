"""One-step onboarding of a paying student: the account (new, or the one she has), her
access (a course or a membership), the payment and the link to send her, in one
transaction: either all of it is stored or nothing is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dulcevicio.extensions import db
from dulcevicio.models import Course, Payment, User
from dulcevicio.services import accounts, grants, payments, periods
from dulcevicio.services.enrollment import grant_enrollment
from dulcevicio.services.membership import grant_membership


class OnboardingRejected(ValueError):
    """Onboarding cannot go on as asked; the message is for the admin (Spanish)."""


@dataclass(frozen=True)
class Purchase:
    """What she bought: a course until `ends_at` (None: forever), or a membership."""

    course: Course | None
    ends_at: datetime | None


@dataclass(frozen=True)
class Onboarded:
    user: User
    created: bool
    grant: grants.Grant
    payment: Payment | None
    # A set-password token for a new account (or one that never set its password).
    password_token: str | None


def onboard(
    *,
    email: str,
    full_name: str,
    phone: str | None,
    purchase: Purchase,
    payment: payments.PaymentDetails | None,
    by: User,
) -> Onboarded:
    """Flushes, never commits: the caller commits, or rolls back on any error."""
    user = accounts.find_user_by_login(email)
    created = user is None
    if user is None:
        user = accounts.create_account(email=email, full_name=full_name, phone=phone, acting=by)
    else:
        if user.is_admin:
            raise OnboardingRejected("Ese correo es de una cuenta de administración.")
        if not user.is_active:
            raise OnboardingRejected(
                f"La cuenta de {user.display_name} está desactivada: reactívala desde su ficha."
            )
        if phone and phone != user.phone:
            before = accounts.account_words(user)
            user.phone = phone
            accounts.audit_edit(user, before)
    if purchase.course is not None:
        grant = grant_enrollment(user, purchase.course, expires_at=purchase.ends_at, granted_by=by)
    else:
        now = periods.start_of_day(periods.today())
        grant = grant_membership(
            user, start_date=now, end_date=purchase.ends_at, granted_by=by, notes="Alta"
        )
    recorded = (
        payments.record_payment(user, payment, grant=grant, recorded_by=by)
        if payment is not None
        else None
    )
    token = accounts.issue_password_link_token(user) if user.password_hash is None else None
    db.session.flush()
    return Onboarded(user, created, grant, recorded, token)


@dataclass(frozen=True)
class Invited:
    user: User
    password_token: str


def create_and_enroll(
    course: Course, people: list[tuple[str, str]], *, expires_at: datetime | None, by: User
) -> list[Invited]:
    """Accounts for (e-mail, name) pairs that have none, each enrolled in `course` and with
    an invitation link (the bulk grant's unknown e-mails). Flushes, never commits."""
    invited = []
    for email, name in people:
        if accounts.email_taken(email):
            raise OnboardingRejected(f"Ya hay una cuenta con {email}: inscríbela desde la lista.")
        user = accounts.create_account(email=email, full_name=name, acting=by)
        grant_enrollment(user, course, expires_at=expires_at, granted_by=by)
        invited.append(Invited(user, accounts.issue_password_link_token(user)))
    db.session.flush()
    return invited
