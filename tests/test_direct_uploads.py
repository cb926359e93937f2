"""Signed direct video uploads: the server signs, Cloudinary stores, the server verifies."""

import json

import pytest
import sqlalchemy as sa
import urllib3
from cloudinary.utils import api_sign_request

from dulcevicio.extensions import db
from dulcevicio.models import Lesson
from tests import media
from tests.cloudinary_stub import API_KEY, API_SECRET, CLOUD


@pytest.fixture
def lesson_ids(cloud_app, make_course):
    course = make_course(lessons=2)
    with cloud_app.app_context():
        return db.session.scalars(
            sa.select(Lesson.id).where(Lesson.course_id == course.id).order_by(Lesson.position)
        ).all()


def ticket_for(client, lesson_id) -> dict:
    response = client.post(f"/admin/lecciones/{lesson_id}/video/firma")
    assert response.status_code == 200
    return response.json


def browser_upload(ticket: dict, data: bytes, filename="clase.mp4") -> dict:
    """What uploads.js does for a small file: the signed fields plus the file."""
    fields = {**ticket["fields"], "file": (filename, data, "video/mp4")}
    response = urllib3.request("POST", ticket["upload_url"], fields=fields)
    return json.loads(response.data)


def confirm(client, lesson_id, answer):
    return client.post(f"/admin/lecciones/{lesson_id}/video/confirmar", json=answer)


def video_of(app, lesson_id):
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        return lesson.video_public_id, lesson.video_duration_seconds


def test_ticket_is_signed_and_chosen_by_the_server(cloudinary_stub, cloud_admin, lesson_ids):
    ticket = ticket_for(cloud_admin, lesson_ids[0])
    fields = ticket["fields"]
    assert ticket["upload_url"] == f"http://{cloudinary_stub.host}/v1_1/{CLOUD}/video/upload"
    assert fields["api_key"] == API_KEY
    assert fields["folder"] == "dulcevicio/courses/videos"
    assert fields["type"] == "authenticated"
    assert fields["allowed_formats"] == "mp4,mov,webm"
    assert fields["public_id"].startswith(f"lesson-{lesson_ids[0]}-")
    signed = {k: v for k, v in fields.items() if k not in ("api_key", "signature")}
    assert fields["signature"] == api_sign_request(signed, API_SECRET)
    assert ticket["chunk_size"] >= 5 * 1024 * 1024
    assert ticket["chunked_above"] == 100 * 1024 * 1024
    assert ticket_for(cloud_admin, lesson_ids[0])["fields"]["public_id"] != fields["public_id"]


def test_upload_then_confirm_saves_the_video(cloud_app, cloudinary_stub, cloud_admin, lesson_ids):
    ticket = ticket_for(cloud_admin, lesson_ids[0])
    answer = browser_upload(ticket, media.mp4(20_000))
    assert answer["public_id"] in cloudinary_stub.assets
    response = confirm(cloud_admin, lesson_ids[0], answer)
    assert response.status_code == 200
    assert video_of(cloud_app, lesson_ids[0]) == (answer["public_id"], 62)  # 61.4 s rounded up
    with cloud_app.app_context():
        url = db.session.get(Lesson, lesson_ids[0]).video_url
    assert "/video/authenticated/s--" in url
    assert urllib3.request("GET", url).data == media.mp4(20_000)


def test_browser_cannot_choose_folder_or_name(cloudinary_stub, cloud_admin, lesson_ids):
    ticket = ticket_for(cloud_admin, lesson_ids[0])
    ticket["fields"]["public_id"] = "somewhere-else"
    answer = browser_upload(ticket, media.mp4())
    assert answer["error"]["message"] == "Invalid Signature"
    assert cloudinary_stub.assets == {}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda a: {**a, "public_id": a["public_id"] + "x"},
        lambda a: {**a, "version": a["version"] + 1},
        lambda a: {**a, "signature": "0" * 40},
        lambda a: {k: v for k, v in a.items() if k != "signature"},
        lambda a: {**a, "version": "1; DROP TABLE lessons"},
        lambda a: [a],
        lambda a: "no es json",
    ],
    ids=["public_id", "version", "signature", "unsigned", "bad-version", "list", "string"],
)
def test_tampered_answers_are_refused(cloud_app, cloud_admin, lesson_ids, tamper):
    answer = browser_upload(ticket_for(cloud_admin, lesson_ids[0]), media.mp4())
    response = confirm(cloud_admin, lesson_ids[0], tamper(answer))
    assert response.status_code == 400
    assert response.json["error"]
    assert video_of(cloud_app, lesson_ids[0]) == (None, None)


def test_an_upload_issued_for_another_lesson_is_refused(cloud_app, cloud_admin, lesson_ids):
    first, second = lesson_ids
    answer = browser_upload(ticket_for(cloud_admin, first), media.mp4())
    response = confirm(cloud_admin, second, answer)
    assert response.status_code == 400
    assert "no corresponde a esta lección" in response.json["error"]
    assert video_of(cloud_app, second) == (None, None)


def test_replacing_a_video_destroys_the_old_one(
    cloud_app, cloudinary_stub, cloud_admin, lesson_ids
):
    first = browser_upload(ticket_for(cloud_admin, lesson_ids[0]), media.mp4())
    confirm(cloud_admin, lesson_ids[0], first)
    second = browser_upload(ticket_for(cloud_admin, lesson_ids[0]), media.webm(), "clase.webm")
    confirm(cloud_admin, lesson_ids[0], second)
    assert first["public_id"] not in cloudinary_stub.assets
    destroy = [c for c in cloudinary_stub.calls if c["action"] == "destroy"]
    assert destroy[-1]["resource_type"] == "video"
    assert destroy[-1]["params"]["public_id"] == first["public_id"]


def test_disallowed_format_is_refused_by_cloudinary(cloudinary_stub, cloud_admin, lesson_ids):
    answer = browser_upload(ticket_for(cloud_admin, lesson_ids[0]), b"MZ" * 100, "virus.exe")
    assert "not allowed" in answer["error"]["message"]


def test_without_cloudinary_the_endpoints_say_so(app, admin_client, make_course):
    course = make_course(lessons=1)
    with app.app_context():
        lesson_id = db.session.scalar(sa.select(Lesson.id).where(Lesson.course_id == course.id))
    assert admin_client.post(f"/admin/lecciones/{lesson_id}/video/firma").status_code == 409
    assert (
        admin_client.post(f"/admin/lecciones/{lesson_id}/video/confirmar", json={}).status_code
        == 409
    )
    page = admin_client.get(f"/admin/lecciones/{lesson_id}/video").get_data(as_text=True)
    assert 'type="file"' in page and "data-video-upload" not in page


def test_students_cannot_get_tickets(cloud_app, client_as, lesson_ids):
    client = client_as("student", app=cloud_app)
    assert client.post(f"/admin/lecciones/{lesson_ids[0]}/video/firma").status_code == 403
    assert (
        client.post(f"/admin/lecciones/{lesson_ids[0]}/video/confirmar", json={}).status_code == 403
    )


def test_unknown_lesson_is_404(cloud_admin):
    assert cloud_admin.post("/admin/lecciones/999999/video/firma").status_code == 404
