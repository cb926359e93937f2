"""Lesson videos: straight from the browser to Cloudinary, or an ordinary upload locally."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from dulcevicio.admin.blueprint import bp
from dulcevicio.extensions import db
from dulcevicio.forms import BaseForm
from dulcevicio.models import Lesson
from dulcevicio.request_limits import body_limit
from dulcevicio.services.media import uploads, videos
from dulcevicio.services.media.uploads import UploadRejected
from dulcevicio.services.media.videos import DirectUploadUnavailable
from dulcevicio.services.storage import MediaKind, StorageError, file_url, get_storage


class LessonVideoForm(BaseForm):
    video = FileField(
        "Video (MP4, MOV o WebM)",
        validators=[FileRequired(message="Elige un archivo de video.")],
        render_kw={"accept": "video/mp4,video/quicktime,video/webm"},
    )
    submit = SubmitField("Subir video")


def _lesson_or_404(lesson_id: int) -> Lesson:
    return db.get_or_404(Lesson, lesson_id)


@bp.route("/lecciones/<id:lesson_id>/video", methods=["GET", "POST"])
@body_limit("MAX_VIDEO_UPLOAD_BYTES")
def lesson_video(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    direct = get_storage().browser_uploads
    form = LessonVideoForm()
    if not direct and form.validate_on_submit():
        upload = form.video.data
        try:
            uploads.replace_lesson_video(lesson, upload.stream, upload.filename)
        except (UploadRejected, StorageError) as error:
            form.video.errors.append(str(error))
        else:
            db.session.commit()
            flash("Video guardado.", "success")
            return redirect(url_for("admin.lesson_video", lesson_id=lesson.id))
    video_url = file_url(MediaKind.VIDEO, lesson.video_public_id)
    return render_template(
        "admin/lesson_video.html", lesson=lesson, form=form, direct=direct, video_url=video_url
    )


@bp.route("/lecciones/<id:lesson_id>/video/firma", methods=["POST"])
def lesson_video_ticket(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    try:
        return jsonify(videos.video_upload_ticket(lesson))
    except DirectUploadUnavailable:
        return jsonify(error="La subida directa requiere Cloudinary."), 409


@bp.route("/lecciones/<id:lesson_id>/video/confirmar", methods=["POST"])
def lesson_video_confirm(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    try:
        videos.attach_uploaded_video(lesson, request.get_json(silent=True))
    except DirectUploadUnavailable:
        return jsonify(error="La subida directa requiere Cloudinary."), 409
    except UploadRejected as error:
        return jsonify(error=str(error)), 400
    db.session.commit()
    flash("Video guardado.", "success")
    return jsonify(duration=lesson.video_duration_seconds, redirect=request.referrer or "")


@bp.route("/lecciones/<id:lesson_id>/video/eliminar", methods=["POST"])
def lesson_video_delete(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    if lesson.video_public_id is None:
        abort(404)
    uploads.remove_lesson_video(lesson)
    db.session.commit()
    flash("Video eliminado.", "success")
    return redirect(url_for("admin.lesson_video", lesson_id=lesson.id))
