"""Forms of the auth blueprint: login, set/change password, profile."""

import sqlalchemy as sa
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from dulcevicio.extensions import db
from dulcevicio.forms import BaseForm
from dulcevicio.models import User

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
    username = StringField(
        "Usuario (opcional)",
        description="Puedes ingresar con tu usuario o con tu correo.",
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
        username = (field.data or "").strip().lower()
        taken = db.session.scalar(
            sa.select(User.id).where(User.username == username, User.id != self.user.id)
        )
        if username and taken:
            raise ValidationError("Ese usuario ya está en uso. Elige otro.")
