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
    op.create_table('device_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('browser', sa.String(length=60), nullable=False),
    sa.Column('system', sa.String(length=60), nullable=False),
    sa.Column('network', sa.String(length=50), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Enum('REPLACED', 'CLOSED', 'CLOSED_BY_ADMIN', 'SIGNED_OUT', 'PASSWORD_CHANGED', 'DEACTIVATED', 'TWO_STEP_RESET', name='device_end_reason', native_enum=False, create_constraint=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_device_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_sessions')),
    sa.UniqueConstraint('token', name=op.f('uq_device_sessions_token'))
    )
    with op.batch_alter_table('device_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_device_sessions_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_device_sessions_user_id_ended_at', ['user_id', 'ended_at'], unique=False)

    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_limit', sa.Integer(), server_default='2', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_limit', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('device_limit')

    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.drop_column('device_limit')

    with op.batch_alter_table('device_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_device_sessions_user_id_ended_at')
        batch_op.drop_index('ix_device_sessions_created_at')

    op.drop_table('device_sessions')
