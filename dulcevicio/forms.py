"""Shared form pieces: WTForms' built-in messages in Spanish, clean text, the username rules,
phone numbers."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import Length, Optional, Regexp

from dulcevicio.services import phones
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


class PhoneField(StringField):
    """An optional phone number in any usual form; data is E.164 ("+5215512345678") or None."""

    def __init__(self, label: str = "Teléfono / WhatsApp (opcional)", **kwargs):
        kwargs.setdefault(
            "description", "Con código de área; si es de otro país, empieza con + y su código."
        )
        kwargs.setdefault("render_kw", {"autocomplete": "tel", "inputmode": "tel"})
        super().__init__(label, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return phones.display_phone(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        text = drop_control_characters(valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = phones.parse_phone(text)
        except phones.PhoneRejected as error:
            self.data = None
            raise ValueError(str(error)) from error
