"""Forms of the certificates blueprint: the name to print, a code to check."""

from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from dulcevicio.forms import BaseForm
from dulcevicio.services.certificates import MAX_NAME


class ConfirmNameForm(BaseForm):
    name = StringField(
        "Nombre que irá en el certificado",
        description="Revísalo bien: después de confirmarlo, solo el equipo puede cambiarlo.",
        validators=[
            DataRequired(message="Escribe el nombre que irá en el certificado."),
            Length(max=MAX_NAME, message=f"El nombre puede tener hasta {MAX_NAME} caracteres."),
        ],
        render_kw={"autocomplete": "name"},
    )
    submit = SubmitField("Confirmar nombre")


class VerifyForm(BaseForm):
    class Meta:
        csrf = False  # a GET search anyone may link to

    codigo = StringField(
        "Código del certificado",
        description="Está al pie del certificado, junto al código QR: «K7QM-4XD2-9PZC».",
        validators=[DataRequired(message="Escribe el código."), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "placeholder": "K7QM-4XD2-9PZC"},
    )
    submit = SubmitField("Verificar")
