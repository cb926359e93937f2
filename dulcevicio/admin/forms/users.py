"""Forms of the admin users pages: filters, create, edit."""

from __future__ import annotations

from wtforms import PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    ValidationError,
)

from dulcevicio.admin.forms.fields import choices, device_limit_field, enum_coerce
from dulcevicio.auth.forms import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from dulcevicio.forms import BaseForm, PhoneField, username_field
from dulcevicio.models import Role
from dulcevicio.services import accounts

YES_NO = {"1": True, "0": False}


class UserFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField("Buscar", validators=[Optional(), Length(max=100)])
    role = SelectField(
        "Rol",
        choices=choices(
            [("", "Todos los roles"), ("USER", "Estudiantes"), ("ADMIN", "Administradores")]
        ),
        default="",
    )
    active = SelectField(
        "Estado",
        choices=choices([("", "Activas y desactivadas"), ("1", "Activas"), ("0", "Desactivadas")]),
        default="",
    )
    access = SelectField(
        "Acceso",
        choices=choices([("", "Con y sin acceso"), ("1", "Con acceso ahora"), ("0", "Sin acceso")]),
        default="",
    )

    def filters(self) -> dict:
        """The list's filters from the fields that validated (a bad value filters nothing)."""
        self.validate()
        valid = {name: field.data for name, field in self._fields.items() if not field.errors}
        return {
            "search": valid.get("q"),
            "role": Role(valid["role"]) if valid.get("role") else None,
            "active": YES_NO.get(valid.get("active")),
            "has_access": YES_NO.get(valid.get("access")),
        }


class UserEditForm(BaseForm):
    full_name = StringField(
        "Nombre completo",
        validators=[DataRequired(message="Escribe el nombre."), Length(max=120)],
    )
    email = StringField(
        "Correo electrónico",
        validators=[
            DataRequired(message="Escribe el correo."),
            Length(max=254),
            Email(message="Escribe un correo válido, por ejemplo nombre@ejemplo.com."),
        ],
    )
    username = username_field("Con él también se puede ingresar.")
    phone = PhoneField()
    role = SelectField(
        "Rol",
        choices=choices([(role.value, role.label) for role in (Role.USER, Role.ADMIN)]),
        coerce=enum_coerce(Role),
        default=Role.USER,
    )
    device_limit = device_limit_field(
        "Dispositivos con sesión abierta a la vez",
        "Solo para esta cuenta. Vacío: lo que dicen los ajustes del negocio.",
    )
    submit = SubmitField("Guardar cambios")

    def __init__(self, *args, user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id  # the account being edited, for the uniqueness checks

    def validate_email(self, field: StringField) -> None:
        if accounts.email_taken(field.data, exclude_id=self.user_id):
            raise ValidationError("Ya hay una cuenta con ese correo.")

    def validate_username(self, field: StringField) -> None:
        if field.data and accounts.username_taken(field.data, exclude_id=self.user_id):
            raise ValidationError("Ese usuario ya está en uso. Elige otro.")

    def account_fields(self) -> dict:
        return {
            "email": self.email.data.strip().lower(),
            "full_name": self.full_name.data.strip(),
            "username": (self.username.data or "").strip().lower() or None,
            "phone": self.phone.data,
            "role": self.role.data,
        }


class UserCreateForm(UserEditForm):
    device_limit = None  # a new account follows the business setting
    access_method = RadioField(
        "Contraseña",
        choices=choices(
            [
                ("invitation", "Generar un enlace de invitación (la persona elige su contraseña)"),
                ("password", "Escribir una contraseña ahora"),
            ]
        ),
        default="invitation",
    )
    password = PasswordField(
        "Contraseña (solo si la escribes ahora)",
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Crear cuenta")

    def validate_password(self, field: PasswordField) -> None:
        if self.access_method.data != "password":
            field.data = None
            return
        if not field.data:
            raise ValidationError("Escribe una contraseña o elige el enlace de invitación.")
        if not PASSWORD_MIN_LENGTH <= len(field.data) <= PASSWORD_MAX_LENGTH:
            raise ValidationError(
                f"La contraseña debe tener entre {PASSWORD_MIN_LENGTH} y "
                f"{PASSWORD_MAX_LENGTH} caracteres."
            )
