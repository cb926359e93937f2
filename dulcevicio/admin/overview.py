"""Admin overview: the numbers an admin checks first (money recorded, renewals due,
certificates issued), access ending soon, open questions."""

from __future__ import annotations

from flask import render_template

from dulcevicio.admin.blueprint import bp
from dulcevicio.services import (
    certificates,
    devices,
    forum,
    grants,
    overview,
    payments,
    periods,
    renewals,
)
from dulcevicio.services.grants import ENROLLMENT, MEMBERSHIP

EXPIRING_DAYS = 7
EXPIRING_LIMIT = 50
UNANSWERED_SHOWN = 8


@bp.route("/")
def index():
    return render_template(
        "admin/index.html",
        counts=overview.counts(),
        expiring={
            "enrollments": grants.ending_soon(ENROLLMENT, EXPIRING_DAYS, EXPIRING_LIMIT),
            "memberships": grants.ending_soon(MEMBERSHIP, EXPIRING_DAYS, EXPIRING_LIMIT),
        },
        expiring_days=EXPIRING_DAYS,
        unanswered=forum.unanswered_comments(UNANSWERED_SHOWN),
        takings=payments.month_totals(periods.today()),
        renewals_due=renewals.count_due(),
        flagged_accounts=devices.flagged_accounts(),
        certificates_this_month=certificates.issued_since(
            periods.start_of_day(periods.today().replace(day=1))
        ),
    )
