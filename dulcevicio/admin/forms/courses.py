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

from dulcevicio.admin.forms.fields import DurationField, MoneyField, at_most, choices, enum_coerce
from dulcevicio.forms import BaseForm
from dulcevicio.models import DifficultyLevel
from dulcevicio.services import catalog, certificates, courses, settings
from dulcevicio.services.media.uploads import InstructorPhotoRejected, SignatureRejected

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


def instructor_name_field(description: str) -> StringField:
    return StringField(
        "Quién enseña: nombre",
        description=description,
        filters=[lambda value: " ".join((value or "").split())],
        validators=[at_most(catalog.INSTRUCTOR_NAME_MAX_LENGTH, "El nombre")],
    )


def instructor_bio_field() -> TextAreaField:
    return TextAreaField(
        "Quién enseña: presentación",
        description=f"Unas líneas sobre su experiencia (hasta {catalog.INSTRUCTOR_BIO_MAX_LENGTH} "
        "caracteres).",
        filters=[lambda value: (value or "").strip()],
        validators=[at_most(catalog.INSTRUCTOR_BIO_MAX_LENGTH, "La presentación")],
        render_kw={"rows": 4, "maxlength": catalog.INSTRUCTOR_BIO_MAX_LENGTH},
    )


def instructor_photo_field() -> FileField:
    return FileField(
        "Quién enseña: foto (opcional)",
        description="JPG, PNG o WebP; la recortamos en un cuadrado de 256×256.",
        render_kw=IMAGE_ACCEPT,
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
    learning_points = TextAreaField(
        "Lo que vas a aprender",
        description=f"Un punto por línea: hasta {catalog.MAX_LEARNING_POINTS} puntos de hasta "
        f"{catalog.LEARNING_POINT_MAX_LENGTH} caracteres. Las líneas vacías no cuentan.",
        render_kw={"rows": 6},
    )
    price_amount = MoneyField(
        "Precio (opcional)",
        parse=catalog.parse_price,
        description="Solo se muestra en la página del curso; el pago se arregla aparte. "
        "Por ejemplo 25000, 25000,50 o 25.000,50. Vacío: sin precio.",
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    price_currency = SelectField("Moneda del precio", validate_choice=True)
    instructor_name = instructor_name_field(
        "Vacío: se muestra quien indiquen los ajustes del negocio (si indican a alguien)."
    )
    instructor_bio = instructor_bio_field()
    instructor_photo = instructor_photo_field()
    remove_instructor_photo = BooleanField("Quitar la foto de quien enseña")
    submit = SubmitField("Guardar curso")

    def __init__(self, *args, course_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course_id = course_id  # the course being edited, for the slug check
        default = settings.current().currency
        self.price_currency.choices = choices(
            [("", f"La de los ajustes del negocio ({default})"), *settings.currency_choices()]
        )
        if self.price_currency.data is None:
            self.price_currency.data = ""

    def validate_slug(self, field: StringField) -> None:
        if field.data and courses.slug_taken(field.data, exclude_id=self.course_id):
            raise ValidationError("Ya hay otro curso con esa dirección. Elige otra.")

    def validate_signatory_title(self, field: StringField) -> None:
        if field.data and not self.signatory_name.data:
            raise ValidationError("Escribe también el nombre de quien firma.")

    def validate_learning_points(self, field: TextAreaField) -> None:
        problem = catalog.learning_points_problem(catalog.parse_learning_points(field.data))
        if problem:
            raise ValidationError(problem)

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

    def instructor_photo_upload(self):
        """The uploaded instructor photo's stream, or None when none was chosen."""
        return self.instructor_photo.data.stream if self.instructor_photo.data else None

    def image_error(self, error: Exception) -> None:
        """Show a refused image under the field it came from."""
        field = self.thumbnail
        if isinstance(error, SignatureRejected):
            field = self.signature
        elif isinstance(error, InstructorPhotoRejected):
            field = self.instructor_photo
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
            "learning_points": "\n".join(catalog.parse_learning_points(self.learning_points.data)),
            "price_amount": self.price_amount.data,
            "price_currency": self.price_currency.data or None,
            "instructor_name": self.instructor_name.data or "",
            "instructor_bio": self.instructor_bio.data or "",
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
        "Duración del video",
        # Filled from the file when a video is uploaded; kept here only to correct it.
        description=(
            "Se completa sola al subir el video; escríbela solo para corregirla "
            "(mm:ss, h:mm:ss o segundos, por ejemplo 12:30)."
        ),
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
    is_sample = BooleanField(
        "Receta de muestra: su foto y su título se ven en la página del curso",
        description=f"Hasta {catalog.MAX_SAMPLE_RECIPES} por curso. El texto de la receta sigue "
        "siendo solo para alumnos.",
    )
    submit = SubmitField("Guardar receta")

    def __init__(self, *args, recipe=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipe = recipe  # the recipe being edited, for the samples' limit

    def validate_is_sample(self, field: BooleanField) -> None:
        if not field.data or self.recipe is None or self.recipe.is_sample:
            return
        taken = catalog.sample_count(self.recipe.course_id, exclude_id=self.recipe.id)
        if taken >= catalog.MAX_SAMPLE_RECIPES:
            raise ValidationError(
                f"Este curso ya tiene {taken} recetas de muestra, el máximo. Desmarca otra "
                "antes de marcar esta."
            )

    def recipe_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "recipe_text": (self.recipe_text.data or "").strip(),
            "is_active": self.is_active.data,
            "is_sample": self.is_sample.data,
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
