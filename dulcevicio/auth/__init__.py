"""Login, logout, set-password links and the user's own account."""

from dulcevicio.auth import second_step  # noqa: F401 (registers its views on bp)
from dulcevicio.auth.routes import bp

__all__ = ["bp"]
