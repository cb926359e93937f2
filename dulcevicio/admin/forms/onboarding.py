"""The one-step onboarding form: who she is, what she bought, what she paid."""

from __future__ import annotations

from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from dulcevicio.admin.forms.access import GrantPeriod
from dulcevicio.admin.forms.fields import choices, period_fields
from dulcevicio.admin.forms.payments import PaymentFields
from dulcevicio.forms import BaseForm, PhoneField
from dulcevicio.routing import parse_id

COURSE, MEMBERSHIP = "curso", "membresia"


class OnboardingForm(GrantPeriod, PaymentFields, BaseForm):
    full_name = StringField(
        "Nombre completo",
        validators=[DataRequired(message="Escribe su nombre."), Length(max=120)],
    )
    email = StringField(
        "Correo electrónico",
        description="Si ya tiene cuenta con este correo, usamos esa.",
        validators=[
            DataRequired(message="Escribe su correo."),
            Length(max=254),
            Email(message="Escribe un correo válido, por ejemplo nombre@ejemplo.com."),
        ],
    )
    phone = PhoneField("WhatsApp de la alumna (opcional)")
    purchase = RadioField(
        "Qué compró",
        choices=choices([(COURSE, "Un curso"), (MEMBERSHIP, "Membresía (todos los cursos)")]),
        default=COURSE,
    )
    # Not asked for a membership: any value reads as an id or as none (0).
    course = SelectField("Curso", coerce=lambda value: parse_id(value) or 0, validate_choice=False)
    duration, expires_on = period_fields(
        "Duración del acceso", never=True, date_label="Hasta el (si eliges «Hasta una fecha»)"
    )
    required = False  # the payment is optional
    submit = SubmitField("Dar de alta y dar acceso")

    def validate_course(self, field: SelectField) -> None:
        if self.purchase.data == COURSE and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Elige el curso.")

    def validate_duration(self, field: RadioField) -> None:
        if self.purchase.data == MEMBERSHIP and field.data == "never":
            raise ValidationError("Una membresía necesita una fecha de fin: elige la duración.")

    def email_address(self) -> str:
        return self.email.data.strip().lower()
