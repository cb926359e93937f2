"""The owner's desk: business settings, students' phone numbers, payments recorded outside
the app and renewal follow-ups.

Revision ID: 0003_owner_desk
Revises: 0002_page_speed_indexes
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_owner_desk'
down_revision = '0002_page_speed_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_name', sa.String(length=80), nullable=False),
    sa.Column('whatsapp_number', sa.String(length=16), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('messages', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settings'))
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=True),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('method', sa.Enum('TRANSFER', 'DEPOSIT', 'MERCADO_PAGO', 'YAPE', 'NEQUI', 'PAYPAL', 'CASH', 'OTHER', name='payment_method', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('receipt_public_id', sa.String(length=255), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payments_amount_positive')),
    sa.CheckConstraint('enrollment_id IS NULL OR membership_id IS NULL', name=op.f('ck_payments_one_grant_at_most')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_payments_enrollment_id_enrollments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_payments_membership_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_payments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_payments_user_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['voided_by_id'], ['users.id'], name=op.f('fk_payments_voided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index('ix_payments_paid_on_id', ['paid_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_user_id'), ['user_id'], unique=False)

    op.create_table('renewal_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=True),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('for_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('contacted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('contacted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(enrollment_id IS NULL) <> (membership_id IS NULL)', name=op.f('ck_renewal_contacts_one_grant')),
    sa.ForeignKeyConstraint(['contacted_by_id'], ['users.id'], name=op.f('fk_renewal_contacts_contacted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_renewal_contacts_enrollment_id_enrollments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_renewal_contacts_membership_id_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_renewal_contacts'))
    )
    with op.batch_alter_table('renewal_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renewal_contacts_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_renewal_contacts_membership_id'), ['membership_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=16), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('phone')

    with op.batch_alter_table('renewal_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renewal_contacts_membership_id'))
        batch_op.drop_index(batch_op.f('ix_renewal_contacts_enrollment_id'))

    op.drop_table('renewal_contacts')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_user_id'))
        batch_op.drop_index('ix_payments_paid_on_id')
        batch_op.drop_index(batch_op.f('ix_payments_membership_id'))
        batch_op.drop_index(batch_op.f('ix_payments_enrollment_id'))

    op.drop_table('payments')
    op.drop_table('settings')
