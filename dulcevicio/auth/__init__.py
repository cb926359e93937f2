"""Login, logout, set-password links and the user's own account."""

from dulcevicio.auth.routes import bp

__all__ = ["bp"]
