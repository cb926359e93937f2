"""Students' bakes ("¡Lo hice!"): the course gallery, posting, edits, comments, moderation."""

from dulcevicio.bakes.routes import bp

__all__ = ["bp"]
