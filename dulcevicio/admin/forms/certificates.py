"""Forms of the admin certificates page: the filter bar, revoking and the name correction."""

from __future__ import annotations

from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from dulcevicio.admin.forms.fields import choices
from dulcevicio.forms import BaseForm
from dulcevicio.services import certificates

STATES = [
    (certificates.VALID, "Válidos"),
    (certificates.REVOKED, "Revocados"),
    ("", "Todos"),
]


class CertificateFilterForm(BaseForm):
    class Meta:
        csrf = False

    curso = SelectField("Curso", coerce=int, default=0)  # choices: 0 (all) plus the courses
    estado = SelectField("Estado", choices=choices(STATES), default="")
    q = StringField("Nombre o correo", validators=[Optional(), Length(max=100)])

    def filters(self) -> dict:
        """The list's filters from the fields that validated (a bad value filters nothing)."""
        self.validate()
        valid = {name: field.data for name, field in self._fields.items() if not field.errors}
        return {
            "course_id": valid.get("curso") or None,
            "state": valid.get("estado") or None,
            "search": valid.get("q") or None,
        }


# The service says what is wrong with a reason or a name (Spanish); the forms only carry them.
class RevokeForm(BaseForm):
    reason = StringField("Motivo", render_kw={"maxlength": 300, "required": True})
    submit = SubmitField("Revocar")


class RenameForm(BaseForm):
    name = StringField(
        "Nombre en el certificado",
        description="Se imprime tal cual. El código del certificado no cambia.",
        render_kw={"maxlength": certificates.MAX_NAME, "required": True},
    )
    submit = SubmitField("Guardar el nombre")
