"""Admin dashboards under /admin: one blueprint, one module per resource."""

from dulcevicio.admin import course_media, overview, videos  # noqa: F401  (register views)
from dulcevicio.admin.blueprint import bp

__all__ = ["bp"]
