"""Certificates: the student's own (/mis-certificados, the PDF) and the public check
(/verificar)."""

from dulcevicio.certificates.routes import bp

__all__ = ["bp"]
