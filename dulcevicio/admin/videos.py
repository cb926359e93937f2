"""Lesson videos: straight from the browser to Cloudinary, or an upload through the server
locally (video_upload.js sends it with a progress bar and answers come in JSON)."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField

from dulcevicio.admin.blueprint import bp
from dulcevicio.errors import wants_json
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
    # What the admin's browser read from the file (seconds): the server reads the duration
    # itself with ffmpeg and uses this one only where it has no ffmpeg to run.
    duracion = HiddenField()
    submit = SubmitField("Subir video")

    def browser_duration(self) -> float | None:
        try:
            seconds = float(self.duracion.data or "")
        except ValueError:
            return None
        return seconds if 0 < seconds < videos.MAX_DURATION_SECONDS else None


def _lesson_or_404(lesson_id: int) -> Lesson:
    return db.get_or_404(Lesson, lesson_id)


@bp.route("/lecciones/<id:lesson_id>/video", methods=["GET", "POST"])
@body_limit("MAX_VIDEO_UPLOAD_BYTES")
def lesson_video(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    direct = get_storage().browser_uploads
    form = LessonVideoForm()
    refused = 400
    if not direct and form.validate_on_submit():
        upload = form.video.data
        try:
            uploads.replace_lesson_video(
                lesson, upload.stream, upload.filename, form.browser_duration()
            )
        except (UploadRejected, StorageError) as error:
            refused = 400 if isinstance(error, UploadRejected) else 503
            form.video.errors.append(str(error))
        else:
            db.session.commit()
            flash("Video guardado.", "success")
            page = url_for("admin.lesson_video", lesson_id=lesson.id)
            if wants_json():
                return jsonify(duration=lesson.video_duration_seconds, redirect=page)
            return redirect(page)
    if wants_json() and form.is_submitted() and not direct:
        return jsonify(error=" ".join(form.video.errors) or "Elige un archivo de video."), refused
    return render_template(
        "admin/lesson_video.html",
        lesson=lesson,
        form=form,
        direct=direct,
        video_url=file_url(MediaKind.VIDEO, lesson.video_public_id),
        poster_url=file_url(MediaKind.POSTER, lesson.poster_public_id),
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
