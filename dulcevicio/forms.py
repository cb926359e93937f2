"""Shared form pieces: WTForms' built-in messages in Spanish, clean text, the username rules."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import Length, Optional, Regexp

from dulcevicio.text import drop_control_characters


class BaseForm(FlaskForm):
    class Meta:
        locales = ("es",)

        def bind_field(self, form, unbound_field, options):
            """Text fields drop control characters before their own filters and validators.
            Hidden fields (ids, tokens) and passwords are left as sent: they must match."""
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(
                field_class, HiddenField | PasswordField
            ):
                filters = [drop_control_characters, *unbound_field.kwargs.get("filters", ())]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)


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
