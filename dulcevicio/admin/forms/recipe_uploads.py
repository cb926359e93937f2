"""Forms of the recipe photos sent by the browser one request each (admin/recipes.py)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from dulcevicio.forms import BaseForm


class RecipePhotoForm(BaseForm):
    """One photo of a batch: `lote` says the book waits for the batch's end."""

    photo = FileField(validators=[FileRequired(message="Elige una foto.")])
    lote = BooleanField()


class RecipeBookFinishForm(BaseForm):
    """The rebuild button, or the end of a batch (`lote`: rebuild only if it is outdated)."""

    lote = BooleanField()
