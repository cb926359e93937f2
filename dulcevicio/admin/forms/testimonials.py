"""The form of a course's testimonials."""

from __future__ import annotations

from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired

from dulcevicio.admin.forms.fields import at_most, squeeze, strip
from dulcevicio.forms import BaseForm
from dulcevicio.services import testimonials


class TestimonialForm(BaseForm):
    author_name = StringField(
        "Nombre de quien lo dice",
        filters=[squeeze],
        validators=[
            DataRequired(message="Escribe el nombre de quien lo dice."),
            at_most(testimonials.AUTHOR_MAX_LENGTH, "El nombre"),
        ],
        render_kw={"maxlength": testimonials.AUTHOR_MAX_LENGTH},
    )
    author_detail = StringField(
        "Detalle (opcional)",
        description="Por ejemplo «Alumna de Córdoba».",
        filters=[squeeze],
        validators=[at_most(testimonials.DETAIL_MAX_LENGTH, "El detalle")],
        render_kw={"maxlength": testimonials.DETAIL_MAX_LENGTH},
    )
    text = TextAreaField(
        "Testimonio",
        filters=[strip],
        validators=[
            DataRequired(message="Escribe el testimonio."),
            at_most(testimonials.TEXT_MAX_LENGTH, "El testimonio"),
        ],
        render_kw={"rows": 4, "maxlength": testimonials.TEXT_MAX_LENGTH},
    )
    submit = SubmitField("Guardar testimonio")

    def testimonial_fields(self) -> dict[str, str]:
        return {
            "author_name": self.author_name.data,
            "author_detail": self.author_detail.data,
            "text": self.text.data,
        }
