"""Admins' second step: TOTP secrets and recovery codes.

Revision ID: 0007_two_step
Revises: 0006_device_sessions
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_two_step'
down_revision = '0006_device_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('two_step',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_step', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_two_step_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_two_step'))
    )
    op.create_table('two_step_recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_two_step_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_two_step_recovery_codes')),
    sa.UniqueConstraint('user_id', 'code_hash', name=op.f('uq_two_step_recovery_codes_user_id_code_hash'))
    )
    with op.batch_alter_table('two_step_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_two_step_recovery_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('two_step_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_two_step_recovery_codes_user_id'))

    op.drop_table('two_step_recovery_codes')
    op.drop_table('two_step')
