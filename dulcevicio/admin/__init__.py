"""Admin dashboards under /admin: one blueprint, one module per resource."""

from dulcevicio.admin import course_media, forum, overview, videos  # noqa: F401  (views)
from dulcevicio.admin.blueprint import bp

__all__ = ["bp"]
