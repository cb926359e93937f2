"""Local lesson videos read with ffmpeg on upload: the duration stored, a poster frame taken
and served with the lesson's access; unreadable files refused with nothing saved."""

import io
import os
import subprocess

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Lesson
from dulcevicio.services.media import video_probe
from tests import media

JSON = {"Accept": "application/json"}


def files(app, folder: str) -> list[str]:
    path = os.path.join(app.config["UPLOAD_FOLDER"], folder)
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def send_video(client, lesson_id, data, name="clase.mp4", headers=None, **fields):
    return client.post(
        f"/admin/lecciones/{lesson_id}/video",
        data={"video": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
        headers=headers or {},
    )


@pytest.fixture
def lesson(app, make_course):
    make_course(lessons=1)
    with app.app_context():
        return db.session.scalars(sa.select(Lesson)).one()


@pytest.mark.parametrize(("extension", "seconds"), [("mp4", 3), ("webm", 2)])
def test_duration_and_poster_come_from_the_file(
    app, admin_client, lesson, fetch, extension, seconds
):
    data = media.video(extension, seconds=seconds)
    answer = send_video(admin_client, lesson.id, data, name=f"clase.{extension}")
    assert answer.status_code == 302
    stored = fetch(Lesson, id=lesson.id)
    assert stored.video_duration_seconds == seconds
    assert stored.poster_public_id.startswith("posters/")
    poster = admin_client.get(f"/media/{stored.poster_public_id}")
    assert poster.status_code == 200 and poster.data.startswith(b"\xff\xd8")
    page = admin_client.get(f"/admin/lecciones/{lesson.id}/video").get_data(as_text=True)
    assert f'poster="/media/{stored.poster_public_id}"' in page
    assert "Duración: 0:0" in page


def test_the_enhanced_form_gets_json(admin_client, lesson, fetch):
    answer = send_video(
        admin_client, lesson.id, media.video("mp4", seconds=3), headers=JSON, duracion="3.00"
    )
    assert answer.status_code == 200
    assert answer.json == {"duration": 3, "redirect": f"/admin/lecciones/{lesson.id}/video"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (media.corrupt_mp4(), "No pudimos leer la duración del video"),
        (media.video("mp4")[:3000], "No pudimos leer la duración del video"),  # cut short
        (media.sound_only_mp4(), "no tiene imagen"),
    ],
)
def test_an_unreadable_video_is_refused_and_nothing_is_saved(
    app, admin_client, lesson, fetch, data, reason
):
    page = send_video(admin_client, lesson.id, data).get_data(as_text=True)
    assert reason in page
    answer = send_video(admin_client, lesson.id, data, headers=JSON)
    assert answer.status_code == 400 and reason in answer.json["error"]
    stored = fetch(Lesson, id=lesson.id)
    assert stored.video_public_id is None and stored.poster_public_id is None
    assert files(app, "videos") == [] and files(app, "posters") == []


def test_a_new_video_replaces_the_poster_and_deleting_removes_it(app, admin_client, lesson, fetch):
    send_video(admin_client, lesson.id, media.video("mp4", seconds=2))
    first = fetch(Lesson, id=lesson.id).poster_public_id
    send_video(admin_client, lesson.id, media.video("mp4", seconds=3))
    second = fetch(Lesson, id=lesson.id)
    assert second.poster_public_id != first and second.video_duration_seconds == 3
    assert files(app, "posters") == [second.poster_public_id.split("/")[1]]
    admin_client.post(f"/admin/lecciones/{lesson.id}/video/eliminar")
    assert fetch(Lesson, id=lesson.id).poster_public_id is None
    assert files(app, "posters") == [] and files(app, "videos") == []


def test_without_ffmpeg_the_browser_duration_is_used(admin_client, lesson, fetch, monkeypatch):
    def missing():
        raise video_probe.ProbeUnavailable("no ffmpeg here")

    monkeypatch.setattr(video_probe, "ffmpeg_executable", missing)
    refused = send_video(admin_client, lesson.id, media.mp4(), headers=JSON)
    assert refused.status_code == 400
    assert refused.json["error"] == "No pudimos leer la duración del video."
    sent = send_video(admin_client, lesson.id, media.mp4(), headers=JSON, duracion="61.4")
    assert sent.status_code == 200 and sent.json["duration"] == 61
    stored = fetch(Lesson, id=lesson.id)
    assert stored.video_public_id and stored.poster_public_id is None


def test_ffmpeg_runs_without_a_shell_and_with_a_timeout(app, admin_client, lesson, monkeypatch):
    seen = []
    real_run = subprocess.run

    def spy(command, **options):
        seen.append((command, options))
        return real_run(command, **options)

    monkeypatch.setattr(video_probe.subprocess, "run", spy)
    send_video(admin_client, lesson.id, media.video("mp4"))
    assert len(seen) == 2  # the duration, then the frame
    for command, options in seen:
        assert isinstance(command, list) and not options.get("shell")
        assert 0 < options["timeout"] <= 60


def test_a_video_that_takes_too_long_to_read_is_refused(
    app, admin_client, lesson, fetch, monkeypatch
):
    def slow(command, **options):
        raise subprocess.TimeoutExpired(command, options["timeout"])

    monkeypatch.setattr(video_probe.subprocess, "run", slow)
    answer = send_video(admin_client, lesson.id, media.video("mp4"), headers=JSON)
    assert answer.status_code == 400 and "tardó demasiado" in answer.json["error"]
    assert fetch(Lesson, id=lesson.id).video_public_id is None
