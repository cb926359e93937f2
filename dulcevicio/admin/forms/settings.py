"""The business settings form: name, WhatsApp number, currency, devices, certificate
signatory, default instructor, message templates."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from dulcevicio.admin.forms.courses import (
    instructor_bio_field,
    instructor_name_field,
    instructor_photo_field,
)
from dulcevicio.admin.forms.fields import choices, device_limit_field
from dulcevicio.forms import BaseForm, PhoneField
from dulcevicio.services import devices, messages, settings


def _template_check(key: str):
    def check(form, field: TextAreaField) -> None:
        try:
            field.data = messages.check_template(key, field.data)
        except messages.TemplateRejected as error:
            raise ValidationError(str(error)) from error

    return check


class SettingsForm(BaseForm):
    business_name = StringField(
        "Nombre del negocio",
        validators=[DataRequired(message="Escribe el nombre del negocio."), Length(max=80)],
    )
    whatsapp_number = PhoneField(
        "Número de WhatsApp del negocio",
        description="Adonde escriben visitas y alumnas desde los botones de WhatsApp. Sin "
        "número, esos botones no aparecen.",
    )
    currency = SelectField("Moneda de los pagos", validate_choice=True)
    device_limit = device_limit_field(
        "Dispositivos con sesión abierta a la vez, por alumna",
        "Si alguien ingresa desde un dispositivo más, cerramos la sesión del que usó hace más "
        "tiempo y se lo avisamos. Se puede cambiar para cada alumna en su ficha. "
        f"Vacío: {devices.DEFAULT_DEVICE_LIMIT}.",
    )
    signatory_name = StringField(
        "Firma de los certificados: nombre",
        description="Quien firma los certificados de los cursos que no indican a nadie.",
        filters=[lambda value: " ".join((value or "").split())],
        validators=[Length(max=120, message="Como máximo 120 caracteres.")],
    )
    signatory_title = StringField(
        "Firma de los certificados: cargo",
        description="Por ejemplo «Directora de DulceVicio».",
        filters=[lambda value: " ".join((value or "").split())],
        validators=[Length(max=120, message="Como máximo 120 caracteres.")],
    )
    instructor_name = instructor_name_field(
        "Se muestra en la página de los cursos que no indican a nadie. Vacío: no se muestra."
    )
    instructor_bio = instructor_bio_field()
    instructor_photo = instructor_photo_field()
    remove_instructor_photo = BooleanField("Quitar la foto")
    submit = SubmitField("Guardar ajustes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = choices(settings.currency_choices())

    def message_fields(self) -> list[tuple[messages.Message, TextAreaField]]:
        return [(message, self[f"message_{key}"]) for key, message in messages.MESSAGES.items()]

    @classmethod
    def from_settings(cls, current: settings.BusinessSettings, **kwargs) -> SettingsForm:
        data = {
            "business_name": current.business_name,
            "whatsapp_number": current.whatsapp_number,
            "currency": current.currency,
            "device_limit": current.device_limit,
            "signatory_name": current.signatory_name,
            "signatory_title": current.signatory_title,
            "instructor_name": current.instructor_name,
            "instructor_bio": current.instructor_bio,
        }
        data |= {f"message_{key}": current.template(key) for key in messages.MESSAGES}
        return cls(data=data, **kwargs)

    def instructor_photo_upload(self):
        """The uploaded photo's stream, or None when none was chosen."""
        return self.instructor_photo.data.stream if self.instructor_photo.data else None

    def to_settings(self, instructor_photo_public_id: str | None) -> settings.BusinessSettings:
        return settings.BusinessSettings(
            business_name=self.business_name.data.strip(),
            whatsapp_number=self.whatsapp_number.data,
            currency=self.currency.data,
            templates={key: field.data for key, field in self._message_items()},
            device_limit=self.device_limit.data or devices.DEFAULT_DEVICE_LIMIT,
            signatory_name=self.signatory_name.data or "",
            signatory_title=self.signatory_title.data or "",
            instructor_name=self.instructor_name.data or "",
            instructor_bio=self.instructor_bio.data or "",
            instructor_photo_public_id=instructor_photo_public_id,
        )

    def _message_items(self):
        return [(message.key, field) for message, field in self.message_fields()]


for _key, _message in messages.MESSAGES.items():
    setattr(
        SettingsForm,
        f"message_{_key}",
        TextAreaField(
            _message.label,
            description=_message.when,
            validators=[_template_check(_key)],
            render_kw={
                "rows": 3,
                "maxlength": messages.MAX_LENGTH,
                "data-preview": f"vista-previa-{_key}",
            },
        ),
    )
