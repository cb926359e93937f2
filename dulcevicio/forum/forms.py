"""Forms of the forum blueprint: a comment or reply, and an edit."""

import re

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from dulcevicio.forms import BaseForm
from dulcevicio.models import MAX_ID
from dulcevicio.services import forum

# Ids fit in a 32-bit integer column; anything else never reaches the database.
_COMMENT_ID = re.compile(r"[0-9]{1,10}", re.ASCII)


def comment_id(value: str | int | None) -> int | None:
    """A form's `parent_id`: empty means a new thread; garbage is a form error."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    if not _COMMENT_ID.fullmatch(value) or not 0 < int(value) <= MAX_ID:
        raise ValueError(forum.UNKNOWN_PARENT_MESSAGE)
    return int(value)


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
