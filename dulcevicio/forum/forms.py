"""Forms of the forum blueprint: a comment or reply, and an edit."""

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from dulcevicio.forms import BaseForm
from dulcevicio.routing import parse_id
from dulcevicio.services import forum


def comment_id(value: str | int | None) -> int | None:
    """A form's `parent_id`: empty means a new thread; garbage is a form error."""
    if value is None or value == "":
        return None
    parent_id = parse_id(value)
    if parent_id is None:
        raise ValueError(forum.UNKNOWN_PARENT_MESSAGE)
    return parent_id


def content_field(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[forum.clean_content],
        validators=[
            DataRequired(message=forum.EMPTY_MESSAGE),
            Length(max=forum.CONTENT_MAX_LENGTH, message=forum.TOO_LONG_MESSAGE),
        ],
        render_kw={"rows": 4, "maxlength": forum.CONTENT_MAX_LENGTH},
    )


class CommentForm(BaseForm):
    content = content_field("Comentario")
    parent_id = HiddenField(filters=[comment_id])
    submit = SubmitField("Publicar")


class EditCommentForm(BaseForm):
    content = content_field("Comentario")
    submit = SubmitField("Guardar cambios")


class ReplyForm(BaseForm):
    """A reply to a known comment (the admin moderation list answers through it)."""

    content = content_field("Respuesta")
    submit = SubmitField("Publicar respuesta")
