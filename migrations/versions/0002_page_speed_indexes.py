"""Indexes for the admin lists and overview (found by bench/serve.py).

Lists sorted newest first are read in index order and stop after a page, instead of
sorting the whole table with its joins: users (created_at, id), enrollments
(enrolled_at, id), comments (created_at, id) for moderation and the overview's questions.
The overview's ranges: enrollments (expires_at) ending within 7 days, lesson_progress
(completed_at) for the lessons completed in the last 7 days.

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
    op.create_index("ix_users_created_at_id", "users", ["created_at", "id"], unique=False)
    op.create_index(
        "ix_enrollments_enrolled_at_id",
        "enrollments",
        ["enrolled_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_enrollments_expires_at", "enrollments", ["expires_at"], unique=False
    )
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
    op.drop_index("ix_enrollments_expires_at", table_name="enrollments")
    op.drop_index("ix_enrollments_enrolled_at_id", table_name="enrollments")
    op.drop_index("ix_users_created_at_id", table_name="users")
