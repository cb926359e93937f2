"""Forms of the admin course pages: course, deletion, lesson and recipe."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from dulcevicio.admin.forms.fields import DurationField, choices, enum_coerce
from dulcevicio.forms import BaseForm
from dulcevicio.models import DifficultyLevel
from dulcevicio.services import certificates, courses
from dulcevicio.services.media.uploads import SignatureRejected

WHATSAPP_GROUP = r"^https://chat\.whatsapp\.com/[A-Za-z0-9]+/?$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# About 1 500 words: room for any description, while a pasted book (a recipe's description
# goes into the recipe book, laid out at ~23 µs per character) stays out.
DESCRIPTION_MAX_LENGTH = 10_000


def title_field() -> StringField:
    return StringField(
        "Título", validators=[DataRequired(message="Escribe un título."), Length(max=160)]
    )


def description_field(rows: int) -> TextAreaField:
    message = f"La descripción puede tener como máximo {DESCRIPTION_MAX_LENGTH:,} caracteres."
    return TextAreaField(
        "Descripción",
        validators=[Length(max=DESCRIPTION_MAX_LENGTH, message=message.replace(",", " "))],
        render_kw={"rows": rows},
    )


IMAGE_ACCEPT = {"accept": "image/jpeg,image/png,image/webp"}
SIGNATURE_ACCEPT = {"accept": "image/png,image/jpeg"}
MAX_CERTIFICATE_HOURS = 1000
HOURS_DEFAULT = "Vacío: la duración estimada del curso, redondeada a horas enteras."


def signatory_field(label: str, description: str) -> StringField:
    return StringField(
        label,
        description=description,
        filters=[lambda value: " ".join((value or "").split())],
        validators=[Length(max=120, message="Como máximo 120 caracteres.")],
    )


class CourseForm(BaseForm):
    """A course: its texts, settings and cover."""

    title = title_field()
    slug = StringField(
        "Dirección (slug)",
        description="Aparece en la URL del curso. Si la dejas vacía, se crea a partir del título.",
        filters=[lambda value: (value or "").strip().lower()],
        validators=[
            Optional(),
            Length(max=courses.SLUG_MAX_LENGTH),
            Regexp(SLUG, message="Usa solo letras minúsculas sin acentos, números y guiones."),
        ],
    )
    description = description_field(rows=4)
    difficulty_level = SelectField(
        "Dificultad",
        choices=choices((level.value, level.label) for level in DifficultyLevel),
        coerce=enum_coerce(DifficultyLevel),
        default=DifficultyLevel.BEGINNER,
    )
    estimated_duration_minutes = IntegerField(
        "Duración estimada (minutos)",
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message="Escribe un número de minutos válido."),
        ],
    )
    whatsapp_group_url = StringField(
        "Enlace del grupo de WhatsApp",
        description="Por ejemplo https://chat.whatsapp.com/AbCdEf123",
        filters=[lambda value: (value or "").strip()],
        validators=[
            Optional(),
            Length(max=300),
            Regexp(
                WHATSAPP_GROUP,
                message="El enlace debe ser una invitación de grupo de WhatsApp: "
                "https://chat.whatsapp.com/ seguido del código.",
            ),
        ],
    )
    thumbnail = FileField(
        "Portada (opcional)",
        description="JPG, PNG o WebP; la recortamos a 1280×720.",
        render_kw=IMAGE_ACCEPT,
    )
    is_active = BooleanField("Curso activo (visible para los alumnos)", default=True)
    certificate_enabled = BooleanField("Entrega certificado", default=True)
    certificate_hours = IntegerField(
        "Horas del certificado",
        description=HOURS_DEFAULT,
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_CERTIFICATE_HOURS,
                message=f"Escribe un número de horas entre 1 y {MAX_CERTIFICATE_HOURS}.",
            ),
        ],
        render_kw={"min": 1, "max": MAX_CERTIFICATE_HOURS},
    )
    signatory_name = signatory_field(
        "Firma: nombre", "Vacío: firma quien indiquen los ajustes del negocio."
    )
    signatory_title = signatory_field("Firma: cargo", "Por ejemplo «Chef pastelera».")
    signature = FileField(
        "Imagen de la firma (opcional)",
        description="PNG o JPG, mejor con fondo blanco o transparente; la ajustamos a 600×200.",
        render_kw=SIGNATURE_ACCEPT,
    )
    remove_signature = BooleanField("Quitar la imagen de la firma")
    submit = SubmitField("Guardar curso")

    def __init__(self, *args, course_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course_id = course_id  # the course being edited, for the slug check

    def validate_slug(self, field: StringField) -> None:
        if field.data and courses.slug_taken(field.data, exclude_id=self.course_id):
            raise ValidationError("Ya hay otro curso con esa dirección. Elige otra.")

    def validate_signatory_title(self, field: StringField) -> None:
        if field.data and not self.signatory_name.data:
            raise ValidationError("Escribe también el nombre de quien firma.")

    def describe_hours(self, course) -> None:
        """Add to the hours' description what this course's certificates say now."""
        hours = certificates.hours_for(course)
        self.certificate_hours.description = f"{HOURS_DEFAULT} Hoy su certificado dice {hours} h."

    def cover(self):
        """The uploaded cover's stream, or None when none was chosen."""
        return self.thumbnail.data.stream if self.thumbnail.data else None

    def signature_upload(self):
        """The uploaded signature's stream, or None when none was chosen."""
        return self.signature.data.stream if self.signature.data else None

    def image_error(self, error: Exception) -> None:
        """Show a refused image under the field it came from."""
        field = self.signature if isinstance(error, SignatureRejected) else self.thumbnail
        field.errors.append(str(error))

    def course_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "slug": self.slug.data or None,
            "description": (self.description.data or "").strip(),
            "difficulty_level": self.difficulty_level.data,
            "estimated_duration_minutes": self.estimated_duration_minutes.data,
            "whatsapp_group_url": self.whatsapp_group_url.data or None,
            "is_active": self.is_active.data,
            "certificate_enabled": self.certificate_enabled.data,
            "certificate_hours": self.certificate_hours.data,
            "signatory_name": self.signatory_name.data or "",
            "signatory_title": self.signatory_title.data or "",
        }


class CourseDeleteForm(BaseForm):
    confirm_students = BooleanField(
        "Sí, eliminar el curso aunque tenga alumnos inscritos: perderán el acceso."
    )
    submit = SubmitField("Eliminar definitivamente")


class LessonForm(BaseForm):
    """A lesson's texts and flags (its video has a page of its own)."""

    title = title_field()
    description = description_field(rows=4)
    video_duration_seconds = DurationField(
        "Duración del video", description="mm:ss, h:mm:ss o segundos. Por ejemplo 12:30."
    )
    is_preview = BooleanField("Vista previa gratuita (la ve cualquier visitante)")
    is_active = BooleanField("Lección activa", default=True)
    submit = SubmitField("Guardar lección")

    def lesson_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "video_duration_seconds": self.video_duration_seconds.data,
            "is_preview": self.is_preview.data,
            "is_active": self.is_active.data,
        }


class RecipeForm(BaseForm):
    """A recipe's texts (its photo is replaced with RecipeImageForm)."""

    title = title_field()
    description = description_field(rows=3)
    recipe_text = TextAreaField(
        "Receta (ingredientes y pasos)", validators=[Length(max=50_000)], render_kw={"rows": 14}
    )
    is_active = BooleanField("Receta activa", default=True)
    submit = SubmitField("Guardar receta")

    def recipe_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "recipe_text": (self.recipe_text.data or "").strip(),
            "is_active": self.is_active.data,
        }


class RecipeImagesForm(BaseForm):
    images = MultipleFileField(
        "Fotos de las recetas",
        description="Puedes elegir varias: se crea una receta por foto, con el nombre del archivo.",
        validators=[InputRequired(message="Elige al menos una foto.")],
        render_kw={**IMAGE_ACCEPT, "multiple": True},
    )
    submit = SubmitField("Subir recetas")

    def photos(self) -> list[tuple]:
        """(stream, file name) of every chosen photo."""
        return [(file.stream, file.filename) for file in self.images.data]


class RecipeImageForm(BaseForm):
    image = FileField(
        "Nueva foto",
        validators=[FileRequired(message="Elige una imagen.")],
        render_kw=IMAGE_ACCEPT,
    )
    submit = SubmitField("Reemplazar foto")
