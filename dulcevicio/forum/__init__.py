"""Per-course forum: threads, replies, edits, deletions and moderation."""

from dulcevicio.forum.routes import bp

__all__ = ["bp"]
