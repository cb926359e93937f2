"""Certificates of completion, and what each course prints on them.

Revision ID: 0008_certificates
Revises: 0007_two_step
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_certificates'
down_revision = '0007_two_step'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=14), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('course_title', sa.String(length=160), nullable=False),
    sa.Column('printed_name', sa.String(length=120), nullable=False),
    sa.Column('name_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=300), nullable=False),
    sa.CheckConstraint('hours >= 0', name=op.f('ck_certificates_hours_not_negative')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_certificates_course_id_courses'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_certificates_user_id_course_id'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_certificates_issued_at_id', ['issued_at', 'id'], unique=False)

    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_enabled', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('certificate_hours', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signatory_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatory_title', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signature_public_id', sa.String(length=255), nullable=True))

    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signatory_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatory_title', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.drop_column('signatory_title')
        batch_op.drop_column('signatory_name')

    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('signature_public_id')
        batch_op.drop_column('signatory_title')
        batch_op.drop_column('signatory_name')
        batch_op.drop_column('certificate_hours')
        batch_op.drop_column('certificate_enabled')

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_issued_at_id')
        batch_op.drop_index(batch_op.f('ix_certificates_course_id'))

    op.drop_table('certificates')
