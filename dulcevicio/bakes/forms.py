"""Forms of the bakes blueprint: a new bake, an edit, a comment."""

from wtforms import BooleanField, MultipleFileField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from dulcevicio.forms import BaseForm
from dulcevicio.routing import parse_id
from dulcevicio.services import bakes
from dulcevicio.services.forum import clean_content

NOT_A_RECIPE = -1  # an id no recipe has: the service refuses it with its own message


def recipe_id(value: str | int | None) -> int | None:
    """The chosen recipe: empty means none; garbage is refused by the service."""
    if value is None or value == "":
        return None
    return parse_id(value) or NOT_A_RECIPE


# Made before the other fields, so that the new bake's form asks for the photos first.
_PHOTOS = MultipleFileField(
    "Fotos (de 1 a 3)", render_kw={"accept": "image/jpeg,image/png,image/webp"}
)


class _BakeFields(BaseForm):
    recipe_id = SelectField("Receta (opcional)", coerce=recipe_id, validate_choice=False)
    text = TextAreaField(
        "Cuéntanos cómo te salió",
        filters=[clean_content],
        validators=[Length(max=bakes.TEXT_MAX_LENGTH, message=bakes.TEXT_TOO_LONG_MESSAGE)],
        render_kw={"rows": 3, "maxlength": bakes.TEXT_MAX_LENGTH},
    )
    question = TextAreaField(
        "Pregunta para la profesora (opcional)",
        filters=[clean_content],
        validators=[Length(max=bakes.QUESTION_MAX_LENGTH, message=bakes.QUESTION_TOO_LONG_MESSAGE)],
        render_kw={"rows": 2, "maxlength": bakes.QUESTION_MAX_LENGTH},
    )
    consent = BooleanField("Se puede usar como testimonio en la página pública del curso")

    def with_recipes(self, recipes) -> "_BakeFields":
        self.recipe_id.choices = [("", "Ninguna en particular")] + [
            (str(recipe.id), recipe.title) for recipe in recipes
        ]
        return self


class BakeForm(_BakeFields):
    photos = _PHOTOS
    submit = SubmitField("Publicar")

    def uploads(self) -> list:
        """The files sent (browsers send one empty part when none was chosen)."""
        return [f for f in (self.photos.data or []) if getattr(f, "filename", "")]


class EditBakeForm(_BakeFields):
    submit = SubmitField("Guardar cambios")


class BakeCommentForm(BaseForm):
    content = TextAreaField(
        "Comentario",
        filters=[clean_content],
        validators=[
            DataRequired(message=bakes.COMMENT_EMPTY_MESSAGE),
            Length(max=bakes.COMMENT_MAX_LENGTH, message=bakes.COMMENT_TOO_LONG_MESSAGE),
        ],
        render_kw={"rows": 2, "maxlength": bakes.COMMENT_MAX_LENGTH},
    )
    submit = SubmitField("Comentar")
