"""The student's own learning: "Mis cursos", lessons and progress."""

from dulcevicio.learn.routes import bp

__all__ = ["bp"]
