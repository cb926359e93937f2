"""Buyer-stamped recipe books: one row per download, with its code.

Revision ID: 0004_book_downloads
Revises: 0003_owner_desk
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_book_downloads'
down_revision = '0003_owner_desk'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
