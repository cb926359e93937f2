"""Per-course forum. Its pages arrive with the forum issue; the blueprint is wired now."""

from flask import Blueprint

bp = Blueprint("forum", __name__)

__all__ = ["bp"]
