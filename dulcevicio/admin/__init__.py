"""Admin dashboards under /admin: one blueprint, one module per resource."""

from dulcevicio.admin import forum, overview  # noqa: F401  (register their views on bp)
from dulcevicio.admin.blueprint import bp

__all__ = ["bp"]
