"""Shared form pieces: WTForms' built-in messages in Spanish, the username rules."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional, Regexp


class BaseForm(FlaskForm):
    class Meta:
        locales = ("es",)


def username_field(description: str) -> StringField:
    """An optional username: 3–30 characters, ASCII letters, digits, dot, dash, underscore
    (so it can never look like an e-mail at login)."""
    return StringField(
        "Usuario (opcional)",
        description=description,
        validators=[
            Optional(),
            Length(min=3, max=30, message="El usuario debe tener entre 3 y 30 caracteres."),
            Regexp(
                r"^[A-Za-z0-9._-]+$",
                message="Usa solo letras sin acentos, números, punto, guion y guion bajo.",
            ),
        ],
        render_kw={"autocomplete": "username"},
    )
