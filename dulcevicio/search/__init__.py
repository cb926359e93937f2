"""Search: the results page (/buscar) and the search box's suggestions."""

from dulcevicio.search.routes import bp

__all__ = ["bp"]
