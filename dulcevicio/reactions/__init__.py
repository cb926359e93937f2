"""Reactions on forum comments and bakes: one POST per kind, with or without JavaScript."""

from dulcevicio.reactions.routes import bp

__all__ = ["bp"]
