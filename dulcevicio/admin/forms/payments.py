"""Forms of the payments pages: record, edit, filter; and the payment part that onboarding
and renewals reuse."""

from __future__ import annotations

from datetime import date

from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from dulcevicio.admin.forms.access import account_field
from dulcevicio.admin.forms.fields import (
    CalendarDateField,
    MoneyField,
    choices,
    enum_coerce,
    period_fields,
)
from dulcevicio.forms import BaseForm
from dulcevicio.models import PaymentMethod
from dulcevicio.services import payments, periods, settings

IMAGE_ACCEPT = {"accept": "image/jpeg,image/png,image/webp"}
MONTH_FORMAT = "%Y-%m"


def method_field(label: str = "Medio de pago") -> SelectField:
    return SelectField(
        label,
        choices=choices([(method.value, method.label) for method in PaymentMethod]),
        coerce=enum_coerce(PaymentMethod),
        default=PaymentMethod.TRANSFER,
        validate_choice=True,
    )


class PaymentFields:
    """The payment's own fields. `required`: False where recording a payment is optional
    (onboarding, renewal); then an empty amount means "no payment"."""

    amount = MoneyField(
        "Monto",
        parse=payments.parse_amount,
        render_kw={"inputmode": "decimal", "placeholder": "1200.00"},
    )
    currency = SelectField("Moneda", validate_choice=True)
    method = method_field()
    paid_on = CalendarDateField("Fecha del pago", default=periods.today)
    reference = StringField(
        "Referencia (opcional)",
        description="Número de operación, de transferencia o de comprobante.",
        validators=[Length(max=120)],
    )
    required = True

    def set_currency_choices(self) -> None:
        self.currency.choices = choices(settings.currency_choices())
        if not self.currency.data:
            self.currency.data = settings.current().currency

    def validate_amount(self, field: MoneyField) -> None:
        if field.process_errors:
            return  # already said why
        if field.data is None and (self.required or field.raw_data and field.raw_data[0]):
            raise ValidationError("Escribe el monto.")

    def validate_paid_on(self, field: CalendarDateField) -> None:
        if field.data is None and self.has_payment():
            raise ValidationError("Elige la fecha del pago.")
        if field.data is not None and field.data > periods.today():
            raise ValidationError("La fecha del pago no puede estar en el futuro.")

    def has_payment(self) -> bool:
        return self.amount.data is not None

    def payment_details(self, note: str = "") -> payments.PaymentDetails:
        return payments.PaymentDetails(
            paid_on=self.paid_on.data or periods.today(),
            amount=self.amount.data,
            currency=self.currency.data,
            method=self.method.data,
            reference=self.reference.data or "",
            note=note,
        )


class PaymentEditForm(PaymentFields, BaseForm):
    paid_for = SelectField("Pagó por", validate_choice=True)
    note = TextAreaField("Nota (opcional)", validators=[Length(max=2000)], render_kw={"rows": 2})
    receipt = FileField(
        "Foto del comprobante (opcional)",
        description="JPG, PNG o WebP. Solo la ve el equipo.",
        render_kw=IMAGE_ACCEPT,
    )
    remove_receipt = BooleanField("Quitar el comprobante")
    submit = SubmitField("Guardar cambios")

    def set_choices(self) -> None:
        self.set_currency_choices()
        options = [("", "Sin asociar a un acceso"), *payments.grant_choices()]
        self.paid_for.choices = choices(options)


class PaymentForm(PaymentEditForm):
    user = account_field()
    remove_receipt = None  # a new payment has no receipt to remove
    submit = SubmitField("Registrar pago")


class PaymentFilterForm(BaseForm):
    class Meta:
        csrf = False

    mes = StringField("Mes", validators=[Optional()], render_kw={"type": "month"})
    medio = SelectField(
        "Medio",
        choices=choices([("", "Todos los medios")] + [(m.value, m.label) for m in PaymentMethod]),
        default="",
    )
    q = StringField("Alumna", validators=[Optional(), Length(max=100)])
    curso = SelectField("Curso", coerce=int, default=0)

    def validate_mes(self, field: StringField) -> None:
        if field.data and _month(field.data) is None:
            raise ValidationError("Elige un mes.")

    def filters(self) -> payments.PaymentFilters:
        """The list's filters from the fields that validated (a bad value filters nothing)."""
        self.validate()
        valid = {name: field.data for name, field in self._fields.items() if not field.errors}
        method = valid.get("medio")
        return payments.PaymentFilters(
            month=_month(valid.get("mes") or ""),
            method=PaymentMethod(method) if method else None,
            search=valid.get("q") or None,
            course_id=valid.get("curso") or None,
        )


def _month(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


class RenewForm(PaymentFields, BaseForm):
    """Renew a grant (a preset from today or its end, or a date) and, optionally, record
    the payment. Rendered by hand, once per row of the renewals page."""

    duration, until = period_fields(
        "Renovar por", never=False, date_label="Hasta el (si eliges «Hasta una fecha»)"
    )
    required = False
    submit = SubmitField("Renovar")

    def validate_until(self, field: CalendarDateField) -> None:
        if self.duration.data != "date":
            return
        if field.data is None:
            raise ValidationError("Elige la fecha de fin.")
        if field.data <= periods.today():
            raise ValidationError("La nueva fecha de fin debe ser posterior a hoy.")
