"""Device sessions: each sign-in, its device and network; the device limit.

Revision ID: 0006_device_sessions
Revises: 0005_audit_log
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_device_sessions'
down_revision = '0005_audit_log'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
