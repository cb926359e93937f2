"""Repeated rows of an admin form: a list of row sub-forms, their fields and numbered
labels."""

from __future__ import annotations

from markupsafe import Markup
from wtforms import FieldList, SelectField

from dulcevicio.forms import BaseForm

# A checkbox's visible label, numbered for screen readers.
ROW_LABEL = Markup('{}<span class="visually-hidden">, fila {}</span>')


def row_field(kind, label: str, placeholder: str | None = None, **kwargs):
    """A field of a repeated row: its label is read by screen readers only (the columns
    have visible headings), numbered by RowList.number_labels."""
    render_kw = {"label_class": "visually-hidden"}
    if kind is not SelectField:
        render_kw["placeholder"] = placeholder or label
    return kind(label, render_kw=render_kw | kwargs.pop("render_kw", {}), **kwargs)


class RowList(FieldList):
    """A FieldList that reads only short ASCII row numbers: str.isdigit() also takes "²",
    which int() refuses, and int() refuses numbers of thousands of digits."""

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and len(index) <= 6:
                    yield int(index)

    def number_labels(self) -> None:
        """Number each row's labels ("Cantidad, fila 3"); a checkbox keeps its visible label
        and numbers a hidden part of it."""
        for number, row in enumerate(self, 1):
            for field in row.form:
                field.base_label = getattr(field, "base_label", field.label.text)
                field.label.text = (
                    ROW_LABEL.format(field.base_label, number)
                    if field.type == "BooleanField"
                    else f"{field.base_label}, fila {number}"
                )


class RowForm(BaseForm):
    """A row of a RowList; the page's form carries the CSRF token."""

    class Meta:
        csrf = False
