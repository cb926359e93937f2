"""The form of /admin/rastrear: a recipe-book code, or the leaked PDF itself."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional

from dulcevicio.forms import BaseForm

PDF_ACCEPT = {"accept": "application/pdf,.pdf"}


class TraceForm(BaseForm):
    code = StringField(
        "Código del recetario",
        description="Está al pie de cada página: «código 7KQ2-M9XD».",
        validators=[Optional(), Length(max=40, message="Un código tiene 8 caracteres.")],
        render_kw={"autocomplete": "off", "spellcheck": "false", "placeholder": "7KQ2-M9XD"},
    )
    copy = FileField(
        "O sube el PDF que circula",
        description="Leemos el código de sus datos o de sus páginas.",
        validators=[Optional()],
        render_kw=PDF_ACCEPT,
    )
    submit = SubmitField("Rastrear")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.code.data and not self.copy.data:
            self.form_errors.append("Escribe el código o sube el PDF.")
            return False
        return True
