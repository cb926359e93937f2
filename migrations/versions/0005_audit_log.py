"""The audit log of admin actions (append-only).

Revision ID: 0005_audit_log
Revises: 0004_book_downloads
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_audit_log'
down_revision = '0004_book_downloads'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
