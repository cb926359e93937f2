"""Structured recipes: yield, mould, ingredient groups and steps, as one JSON document.

Revision ID: 0010_recipe_structure
Revises: 0009_search
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_recipe_structure'
down_revision = '0009_search'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recipes', schema=None) as batch_op:
        # JSON text (see RecipeStructureType: a worker reads each distinct text once).
        batch_op.add_column(sa.Column('structure', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('recipes', schema=None) as batch_op:
        batch_op.drop_column('structure')
