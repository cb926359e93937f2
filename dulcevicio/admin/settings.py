"""Admin: the business settings (/admin/ajustes)."""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.settings import SettingsForm
from dulcevicio.extensions import db
from dulcevicio.services import messages, settings


@bp.route("/ajustes", methods=["GET", "POST"])
def settings_page():
    # A POST is read alone: the stored values must not fill in what it lacks.
    if request.method == "POST":
        form = SettingsForm()
    else:
        form = SettingsForm.from_settings(settings.current())
    if form.validate_on_submit():
        settings.save(form.to_settings())
        db.session.commit()
        flash("Ajustes guardados.", "success")
        return redirect(url_for("admin.settings_page"))
    return render_template(
        "admin/settings.html",
        form=form,
        sample=messages.SAMPLE,
        samples_json=json.dumps(messages.SAMPLE, ensure_ascii=False),
        render_preview=_preview,
    )


def _preview(key: str, text: str | None) -> str:
    """The message as the student would read it, or "" when the text is not usable yet."""
    try:
        checked = messages.check_template(key, text or "")
    except messages.TemplateRejected:
        return ""
    return messages.render(checked, **messages.SAMPLE)
