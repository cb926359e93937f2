"""In-app notifications: the bell, the page, marking them read, per-kind preferences."""

from dulcevicio.notifications.routes import bp

__all__ = ["bp"]
