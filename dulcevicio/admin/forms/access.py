"""Forms of the admin enrollment and membership pages."""

from __future__ import annotations

from datetime import datetime

from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from dulcevicio.admin.forms.fields import (
    AccountField,
    CalendarDateField,
    choices,
    extension_days_field,
    period_fields,
)
from dulcevicio.forms import BaseForm
from dulcevicio.services import periods
from dulcevicio.services.enrollment import BULK_MAX_EMAILS, parse_emails, read_emails
from dulcevicio.services.grants import ENROLLMENT, MEMBERSHIP
from dulcevicio.text import drop_control_characters


def account_field() -> AccountField:
    return AccountField("Alumno (correo o usuario)", validators=[Length(max=254)])


def course_field() -> SelectField:
    """Choices are set by the view from the courses in the database."""
    return SelectField("Curso", coerce=int, validate_choice=True)


class _FilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField("Alumno", validators=[Optional(), Length(max=100)])

    def valid_data(self) -> dict:
        """Field values that validated; a bad value in the query string filters nothing."""
        self.validate()
        return {name: field.data for name, field in self._fields.items() if not field.errors}


class EnrollmentFilterForm(_FilterForm):
    course = SelectField("Curso", coerce=int, default=0)  # choices: 0 (all) plus the courses
    status = SelectField(
        "Estado",
        choices=choices([("", "Todos los estados"), *ENROLLMENT.status_choices()]),
        default="",
    )


class MembershipFilterForm(_FilterForm):
    status = SelectField(
        "Estado",
        choices=choices([("", "Todos los estados"), *MEMBERSHIP.status_choices()]),
        default="",
    )


class GrantPeriod:
    """End of an enrollment from `duration` (a preset, never, or the date `expires_on`)."""

    def validate_expires_on(self, field: DateField) -> None:
        if self.duration.data != "date":
            return
        if field.data is None:
            raise ValidationError("Elige la fecha de vencimiento.")
        if field.data < periods.today():
            raise ValidationError("La fecha de vencimiento no puede estar en el pasado.")

    def expires_at(self) -> datetime | None:
        if self.duration.data == "never":
            return None
        if self.duration.data == "date":
            return periods.end_of_day(self.expires_on.data)
        return periods.preset_end(self.duration.data, periods.today())


class EnrollmentForm(GrantPeriod, BaseForm):
    user = account_field()
    course = course_field()
    duration, expires_on = period_fields(
        "Duración del acceso", never=True, date_label="Fecha de vencimiento"
    )
    submit = SubmitField("Inscribir")


class BulkEnrollmentForm(GrantPeriod, BaseForm):
    course = course_field()
    emails = TextAreaField(
        "Correos de los alumnos",
        description=f"Uno por línea (hasta {BULK_MAX_EMAILS}).",
        validators=[DataRequired(message="Pega al menos un correo.")],
        render_kw={"rows": 10, "placeholder": "ana@ejemplo.com\nluis@ejemplo.com"},
    )
    duration, expires_on = period_fields(
        "Duración del acceso", never=True, date_label="Fecha de vencimiento"
    )
    submit = SubmitField("Inscribir a todos")

    def validate_emails(self, field: TextAreaField) -> None:
        count = len(parse_emails(field.data))
        if count == 0:
            raise ValidationError("Pega al menos un correo.")
        if count > BULK_MAX_EMAILS:
            raise ValidationError(f"Son {count} correos; el máximo es {BULK_MAX_EMAILS} por vez.")


class NewStudentsForm(GrantPeriod, BaseForm):
    """From the bulk result: accounts for the e-mails that had none, enrolled like the rest.
    The people come as parallel lists `email` / `name` (the ones to create are `create`)."""

    course = course_field()
    duration, expires_on = period_fields(
        "Duración del acceso", never=True, date_label="Fecha de vencimiento"
    )
    submit = SubmitField("Crear las cuentas e inscribirlas")

    def people(self, formdata) -> list[tuple[str, str]]:
        """The (e-mail, name) pairs to create; ValidationError with a Spanish message."""
        wanted = set(formdata.getlist("create"))
        pairs = zip(formdata.getlist("email"), formdata.getlist("name"), strict=False)
        people = []
        for email, name in pairs:
            if email not in wanted:
                continue
            addresses = read_emails(email).emails
            name = drop_control_characters(name).strip()
            if addresses != [email.strip().lower()]:
                raise ValidationError(f"«{email}» no es un correo válido.")
            if not name or len(name) > 120:
                raise ValidationError(f"Escribe el nombre de {email} (hasta 120 caracteres).")
            people.append((addresses[0], name))
        if not people:
            raise ValidationError("Marca al menos una persona.")
        if len(people) > BULK_MAX_EMAILS:
            raise ValidationError(f"Como máximo {BULK_MAX_EMAILS} cuentas por vez.")
        return people


class MembershipForm(BaseForm):
    user = account_field()
    start_date = CalendarDateField(
        "Fecha de inicio",
        default=periods.today,
        validators=[DataRequired(message="Elige la fecha de inicio.")],
    )
    duration, end_date = period_fields(
        "Duración",
        never=False,
        date_label="Fecha de fin (si eliges «Hasta una fecha»)",
        default="365",
    )
    notes = TextAreaField("Notas (opcional)", validators=[Length(max=2000)], render_kw={"rows": 3})
    submit = SubmitField("Crear membresía")

    def validate_end_date(self, field: DateField) -> None:
        if self.duration.data != "date":
            return
        if field.data is None:
            raise ValidationError("Elige la fecha de fin.")
        if self.start_date.data and field.data <= self.start_date.data:
            raise ValidationError("La fecha de fin debe ser posterior a la de inicio.")

    def period(self) -> tuple[datetime, datetime]:
        start = self.start_date.data
        if self.duration.data == "date":
            end = periods.end_of_day(self.end_date.data)
        else:
            end = periods.preset_end(self.duration.data, start)
        return periods.start_of_day(start), end


class ExtendForm(BaseForm):
    days = extension_days_field()
