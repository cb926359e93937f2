"""Public pages: the landing page and the course catalog."""

from dulcevicio.catalog.routes import bp

__all__ = ["bp"]
