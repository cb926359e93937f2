"""The course page that sells (learning points, instructor, price, sample recipes,
testimonials), video posters and deferred recipe-book rebuilds.

Revision ID: 0011_course_page
Revises: 0010_recipe_structure
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_course_page'
down_revision = '0010_recipe_structure'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learning_points', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('instructor_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('instructor_bio', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('instructor_photo_public_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('price_amount', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('price_currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('recipe_book_outdated_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('poster_public_id', sa.String(length=255), nullable=True))
    with op.batch_alter_table('recipes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_sample', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instructor_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('instructor_bio', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('instructor_photo_public_id', sa.String(length=255), nullable=True))
    op.create_table(
        'testimonials',
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('author_name', sa.String(length=120), nullable=False),
        sa.Column('author_detail', sa.String(length=120), server_default='', nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_testimonials_course_id_courses'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_testimonials')),
    )
    with op.batch_alter_table('testimonials', schema=None) as batch_op:
        batch_op.create_index('ix_testimonials_course_id_position', ['course_id', 'position'], unique=False)


def downgrade():
    with op.batch_alter_table('testimonials', schema=None) as batch_op:
        batch_op.drop_index('ix_testimonials_course_id_position')
    op.drop_table('testimonials')
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.drop_column('instructor_photo_public_id')
        batch_op.drop_column('instructor_bio')
        batch_op.drop_column('instructor_name')
    with op.batch_alter_table('recipes', schema=None) as batch_op:
        batch_op.drop_column('is_sample')
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_column('poster_public_id')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('recipe_book_outdated_at')
        batch_op.drop_column('price_currency')
        batch_op.drop_column('price_amount')
        batch_op.drop_column('instructor_photo_public_id')
        batch_op.drop_column('instructor_bio')
        batch_op.drop_column('instructor_name')
        batch_op.drop_column('learning_points')
