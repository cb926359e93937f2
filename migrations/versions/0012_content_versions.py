"""One table of content versions (the search index's and the public pages'), replacing
search_index_state.

Revision ID: 0012_content_versions
Revises: 0011_course_page
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_content_versions"
down_revision = "0011_course_page"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "content_versions",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_content_versions")),
    )
    op.execute(
        "INSERT INTO content_versions (name, version) "
        "SELECT 'search', COALESCE(MAX(version), 0) FROM search_index_state"
    )
    op.execute("INSERT INTO content_versions (name, version) VALUES ('public_pages', 0)")
    op.drop_table("search_index_state")


def downgrade():
    op.create_table(
        "search_index_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_index_state")),
    )
    op.execute(
        "INSERT INTO search_index_state (id, version) "
        "SELECT 1, version FROM content_versions WHERE name = 'search'"
    )
    op.drop_table("content_versions")
