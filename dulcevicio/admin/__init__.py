"""Admin dashboards under /admin: one blueprint, one module per resource."""

from dulcevicio.admin import overview  # noqa: F401  (registers its views on bp)
from dulcevicio.admin.blueprint import bp

__all__ = ["bp"]
