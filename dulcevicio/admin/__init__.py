"""Admin dashboards under /admin: one blueprint, one module per resource."""

# Importing a module registers its views (and helpers) on bp.
from dulcevicio.admin import (  # noqa: F401
    audit,
    bakes,
    certificates,
    courses,
    devices,
    enrollments,
    exports,
    forum,
    helpers,
    lessons,
    memberships,
    onboarding,
    overview,
    payments,
    recipe_structure,
    recipes,
    renewals,
    settings,
    testimonials,
    trace,
    users,
    videos,
)
from dulcevicio.admin.blueprint import bp

__all__ = ["bp"]
