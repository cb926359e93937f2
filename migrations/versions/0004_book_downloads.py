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
    op.create_table('book_downloads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('printed_email', sa.String(length=254), nullable=False),
    sa.Column('downloaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip_hash', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_book_downloads_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_book_downloads_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_downloads')),
    sa.UniqueConstraint('code', name=op.f('uq_book_downloads_code'))
    )
    with op.batch_alter_table('book_downloads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_downloads_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_book_downloads_user_id_downloaded_at', ['user_id', 'downloaded_at'], unique=False)


def downgrade():
    with op.batch_alter_table('book_downloads', schema=None) as batch_op:
        batch_op.drop_index('ix_book_downloads_user_id_downloaded_at')
        batch_op.drop_index(batch_op.f('ix_book_downloads_course_id'))

    op.drop_table('book_downloads')
