"""Forms of the auth blueprint: login, set/change password, profile."""

from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from dulcevicio.forms import BaseForm, PhoneField, username_field
from dulcevicio.models import User
from dulcevicio.services import accounts

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128


def new_password_fields():
    password = PasswordField(
        "Nueva contraseña",
        validators=[
            DataRequired(message="Escribe una contraseña."),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
                message=f"La contraseña debe tener entre {PASSWORD_MIN_LENGTH} y "
                f"{PASSWORD_MAX_LENGTH} caracteres.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repite la contraseña",
        validators=[
            DataRequired(message="Repite la contraseña."),
            EqualTo("password", message="Las contraseñas no coinciden."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class LoginForm(BaseForm):
    login = StringField(
        "Correo electrónico o usuario",
        validators=[DataRequired(message="Escribe tu correo o tu usuario."), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Contraseña",
        validators=[
            DataRequired(message="Escribe tu contraseña."),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember_me = BooleanField("Recordarme")
    submit = SubmitField("Ingresar")


class SetPasswordForm(BaseForm):
    password, confirm = new_password_fields()
    submit = SubmitField("Guardar contraseña")


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        "Contraseña actual",
        validators=[
            DataRequired(message="Escribe tu contraseña actual."),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields()
    submit = SubmitField("Cambiar contraseña")


class ProfileForm(BaseForm):
    full_name = StringField(
        "Nombre completo",
        validators=[DataRequired(message="Escribe tu nombre."), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    username = username_field("Puedes ingresar con tu usuario o con tu correo.")
    phone = PhoneField(
        "Tu WhatsApp (opcional)",
        description="Para escribirte sobre tus cursos. Con código de área; si es de otro "
        "país, empieza con + y su código.",
    )
    avatar = FileField(
        "Foto de perfil (opcional)",
        description="JPG, PNG o WebP. La recortamos en un cuadrado.",
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    remove_avatar = BooleanField("Quitar mi foto")
    submit = SubmitField("Guardar cambios")

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, obj=user, **kwargs)
        self.user = user

    def validate_username(self, field: StringField) -> None:
        if field.data and accounts.username_taken(field.data, exclude_id=self.user.id):
            raise ValidationError("Ese usuario ya está en uso. Elige otro.")


class SecondStepForm(BaseForm):
    """The second step: a code of her authenticator app, or a recovery code."""

    code = StringField(
        "Código",
        description="Los 6 dígitos de tu app de autenticación, o uno de tus códigos de "
        "recuperación.",
        validators=[DataRequired(message="Escribe el código."), Length(max=40)],
        render_kw={
            "autocomplete": "one-time-code",
            "autofocus": True,
            "spellcheck": "false",
            "autocapitalize": "characters",
        },
    )
    trust_device = BooleanField("Recordar este dispositivo 30 días")
    submit = SubmitField("Verificar")


class SecondStepSetupForm(BaseForm):
    """Confirming a new authenticator with its first code."""

    code = StringField(
        "Código de 6 dígitos que muestra la app",
        validators=[DataRequired(message="Escribe el código que muestra la app."), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True},
    )
    submit = SubmitField("Activar verificación en dos pasos")
