"""The audit log's filter bar: who, which action, which student, from and to which day."""

from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from dulcevicio.admin.forms.fields import CalendarDateField, choices
from dulcevicio.forms import BaseForm
from dulcevicio.services import audit


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    quien = SelectField("Quién", coerce=int, default=0)  # choices: 0 (anyone) and the admins
    accion = SelectField(
        "Acción",
        choices=choices([("", "Todas las acciones"), *audit.ACTIONS.items()]),
        default="",
    )
    q = StringField("Alumna", validators=[Optional(), Length(max=100)])
    desde = CalendarDateField("Desde", render_kw={"type": "date"})
    hasta = CalendarDateField("Hasta", render_kw={"type": "date"})

    def set_actor_choices(self) -> None:
        self.quien.choices = [
            SelectChoice(0, "Todas las personas"),
            *choices(audit.admin_choices()),
        ]

    def validate_hasta(self, field: CalendarDateField) -> None:
        since = self.desde.data if not self.desde.errors else None
        if field.data and since and field.data < since:
            raise ValidationError("Elige un día igual o posterior a «Desde».")

    def filters(self, student_id: int | None = None) -> audit.LogFilters:
        """The log's filters from the fields that validated (a bad value filters nothing)."""
        self.validate()
        valid = {name: field.data for name, field in self._fields.items() if not field.errors}
        return audit.LogFilters(
            actor_id=valid.get("quien") or None,
            action=valid.get("accion") or None,
            student_id=student_id,
            student_search=valid.get("q") or None,
            since=valid.get("desde"),
            until=valid.get("hasta"),
        )
