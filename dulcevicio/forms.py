"""Shared form base: WTForms' built-in messages in Spanish."""

from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    class Meta:
        locales = ("es",)
