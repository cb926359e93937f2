"""Indexes for the admin overview and the moderation list (found by bench/serve.py).

comments (created_at, id): newest comments across every course, read in index order and
stopped after a page instead of sorting every comment with its joins.
lesson_progress (completed_at): "lessons completed in the last 7 days" without reading
every progress row.

Revision ID: 0002_page_speed_indexes
Revises: 0001_initial
Create Date: 2026-12-01
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0002_page_speed_indexes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_comments_created_at_id", "comments", ["created_at", "id"], unique=False
    )
    op.create_index(
        "ix_lesson_progress_completed_at",
        "lesson_progress",
        ["completed_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_lesson_progress_completed_at", table_name="lesson_progress")
    op.drop_index("ix_comments_created_at_id", table_name="comments")
