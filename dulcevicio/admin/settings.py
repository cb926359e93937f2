"""Admin: the business settings (/admin/ajustes)."""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.settings import SettingsForm
from dulcevicio.extensions import db
from dulcevicio.services import messages, settings
from dulcevicio.services.media.images import ImageRejected
from dulcevicio.services.storage import MediaKind, StorageError, file_url


@bp.route("/ajustes", methods=["GET", "POST"])
def settings_page():
    # A POST is read alone: the stored values must not fill in what it lacks.
    if request.method == "POST":
        form = SettingsForm()
    else:
        form = SettingsForm.from_settings(settings.current())
    if form.validate_on_submit():
        try:
            photo = settings.instructor_photo_after(
                form.instructor_photo_upload(), remove=form.remove_instructor_photo.data
            )
        except (ImageRejected, StorageError) as error:
            db.session.rollback()
            form.instructor_photo.errors.append(str(error))
        else:
            settings.save(form.to_settings(photo))
            db.session.commit()
            flash("Ajustes guardados.", "success")
            return redirect(url_for("admin.settings_page"))
    return render_template(
        "admin/settings.html",
        form=form,
        sample=messages.SAMPLE,
        samples_json=json.dumps(messages.SAMPLE, ensure_ascii=False),
        render_preview=_preview,
        instructor_photo_url=file_url(
            MediaKind.INSTRUCTOR_PHOTO, settings.current().instructor_photo_public_id
        ),
    )


def _preview(key: str, text: str | None) -> str:
    """The message as the student would read it, or "" when the text is not usable yet."""
    try:
        checked = messages.check_template(key, text or "")
    except messages.TemplateRejected:
        return ""
    return messages.render(checked, **messages.SAMPLE)
