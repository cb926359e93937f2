"""The buyer-stamped recipe book: every student's copy carries her name, masked e-mail and
a code of its own on every page and in its metadata; /admin/rastrear finds the download
from the code or from the PDF itself. The copies are read back with pypdf, another PDF
library than the one that wrote them."""

from __future__ import annotations

import io
import os
import re

import pikepdf
import pypdf
import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import BookDownload, Course, Enrollment, User
from dulcevicio.services import book_downloads, courses
from dulcevicio.services.media import uploads
from dulcevicio.services.recipe_book import rebuild_recipe_book
from tests import media

CODE = re.compile(r"código ([0-9A-Z]{4}-[0-9A-Z]{4})")


@pytest.fixture
def book_course(app, make_course):
    """A course with three recipes and its built book."""
    course = make_course(title="Tartas de fruta")
    with app.app_context():
        stored = db.session.get(Course, course.id)
        for name in ("fresa", "durazno", "manzana"):
            uploads.add_recipe_from_image(stored, media.jpeg(), f"tarta de {name}.jpg")
        rebuild_recipe_book(stored)
        db.session.commit()
    return course


def download(client, course) -> bytes:
    response = client.get(f"/cursos/{course.slug}/recetario.pdf")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.headers["Cache-Control"] == "no-store"
    return response.data


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def student_with_access(client_as, grant, course, **fields):
    client = client_as("student", **fields)
    grant(client.user, course)
    return client


def test_two_students_get_different_codes_on_every_page_and_the_trace_names_each(
    app, client_as, grant, admin_client, book_course
):
    ana = student_with_access(
        client_as, grant, book_course, full_name="Ana Pérez", email="ana.perez@gmail.com"
    )
    bea = student_with_access(
        client_as, grant, book_course, full_name="Bea Ruiz", email="bea@hotmail.com"
    )
    codes = {}
    for client, name, masked in (
        (ana, "Ana Pérez", "a***@gmail.com"),
        (bea, "Bea Ruiz", "b***@hotmail.com"),
    ):
        data = download(client, book_course)
        texts = page_texts(data)
        assert len(texts) >= 4  # cover, index, three recipes
        page_codes = set()
        for text in texts:
            assert f"Preparado para {name} · {masked} · código" in text
            page_codes.update(CODE.findall(text))
        assert len(page_codes) == 1  # the same code on every page of one copy
        codes[name] = page_codes.pop()
        metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
        assert metadata["/DulceVicioCode"] == codes[name]
        assert name in metadata["/Subject"] and metadata["/Title"] == "Recetario · Tartas de fruta"
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.check_pdf_syntax() == []
            assert not pdf.is_encrypted
    assert codes["Ana Pérez"] != codes["Bea Ruiz"]
    for name, code in codes.items():
        page = admin_client.post("/admin/rastrear", data={"code": code.lower().replace("-", " ")})
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert f"Código {code}" in html and name in html and "Tartas de fruta" in html
        assert re.search(r'href="/admin/usuarios/\d+">' + name, html)


def test_each_download_is_recorded_with_a_hash_of_the_address(app, client_as, grant, book_course):
    ana = student_with_access(client_as, grant, book_course, email="ana@example.com")
    first, second = download(ana, book_course), download(ana, book_course)
    assert CODE.findall(page_texts(first)[0]) != CODE.findall(page_texts(second)[0])
    with app.app_context():
        rows = db.session.scalars(sa.select(BookDownload).order_by(BookDownload.id)).all()
        assert [row.user_id for row in rows] == [ana.user.id, ana.user.id]
        assert all(row.course_id == book_course.id for row in rows)
        assert all(row.ip_hash and "127.0.0.1" not in row.ip_hash for row in rows)
        assert len({row.code for row in rows}) == 2


@pytest.mark.parametrize(
    "name",
    [
        "Ana 🎂🧁 Pérez",
        "مريم الحداد",  # right to left
        "Ana\u202eZEREP",  # a right-to-left override, dropped
        "María José " + "de la Santísima Trinidad " * 8,  # 200 characters
        "李小龙",  # no glyphs in the font: printed as "?"
    ],
)
def test_any_name_gives_a_valid_stamped_book(client_as, grant, book_course, name):
    client = student_with_access(client_as, grant, book_course, full_name=name[:120])
    data = download(client, book_course)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
    texts = page_texts(data)
    assert all(CODE.search(text) for text in texts)
    assert "\u202e" not in texts[0]
    subject = pypdf.PdfReader(io.BytesIO(data)).metadata["/Subject"]
    assert name[:120].replace("\u202e", "") in subject  # the metadata keeps the whole name


def test_an_admin_downloads_the_book_as_built(app, admin_client, book_course):
    response = admin_client.get(f"/cursos/{book_course.slug}/recetario.pdf")
    assert response.status_code == 200
    assert all("Preparado para" not in text for text in page_texts(response.data))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(BookDownload.id))) == 0


def test_a_new_book_replaces_the_cached_one(app, client_as, grant, book_course):
    client = student_with_access(client_as, grant, book_course)
    download(client, book_course)
    folder = app.config["BOOK_CACHE_FOLDER"]
    before = sorted(os.listdir(folder))
    assert len(before) == 2  # the prepared book and its plan
    with app.app_context():
        course = db.session.get(Course, book_course.id)
        courses.update_course(course, title="Tartas de temporada", slug=course.slug)
        db.session.commit()
    texts = page_texts(download(client, book_course))
    assert "Tartas de temporada" in texts[0]
    after = sorted(os.listdir(folder))
    assert len(after) == 2 and after != before


def test_downloads_reuse_the_prepared_book(app, client_as, grant, book_course, monkeypatch):
    client = student_with_access(client_as, grant, book_course)
    download(client, book_course)
    prepared = []
    monkeypatch.setattr(
        book_downloads.book_stamp, "prepare", lambda *args: prepared.append(args) or 1 / 0
    )
    for _ in range(3):
        download(client, book_course)
    assert prepared == []


# --- /admin/rastrear ----------------------------------------------------------------------


@pytest.fixture
def stamped(client_as, grant, book_course):
    client = student_with_access(
        client_as, grant, book_course, full_name="Caro Filtra", email="caro@example.com"
    )
    data = download(client, book_course)
    return data, CODE.search(page_texts(data)[0]).group(1)


def upload(data: bytes, name: str = "recetario.pdf") -> dict:
    return {"copy": (io.BytesIO(data), name)}


def test_the_trace_reads_the_code_from_an_uploaded_copy(admin_client, stamped):
    data, code = stamped
    html = admin_client.post(
        "/admin/rastrear", data=upload(data), content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert f"Código {code}" in html and "Caro Filtra" in html


def test_the_trace_reads_the_stamp_when_the_metadata_was_stripped(admin_client, stamped):
    data, code = stamped
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.trailer["/Info"]
        stripped = io.BytesIO()
        pdf.save(stripped)  # rewritten whole, its streams compressed
    assert b"DulceVicioCode" not in stripped.getvalue()
    html = admin_client.post(
        "/admin/rastrear", data=upload(stripped.getvalue()), content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert f"Código {code}" in html and "Caro Filtra" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": ""}, "Escribe el código o sube el PDF."),
        ({"code": "7KQ2-M9X"}, "Ese no es un código de recetario"),
        ({"code": "7KQ2-M9XD-1"}, "Ese no es un código de recetario"),
        ({"code": "<script>"}, "Ese no es un código de recetario"),
        ({"code": "7KQ2-M9XD"}, "No encontramos ninguna descarga con el código 7KQ2-M9XD"),
        (upload(media.jpeg(), "recetario.pdf"), "El archivo no es un PDF que podamos leer."),
        (upload(b""), "El archivo no es un PDF que podamos leer."),
    ],
)
def test_the_trace_explains_what_it_cannot_find(admin_client, stamped, data, message):
    page = admin_client.post("/admin/rastrear", data=data, content_type="multipart/form-data")
    assert page.status_code == 200
    assert message in page.get_data(as_text=True)


def test_the_trace_says_when_a_pdf_is_not_a_stamped_copy(app, admin_client, book_course):
    unstamped = admin_client.get(f"/cursos/{book_course.slug}/recetario.pdf").data
    page = admin_client.post(
        "/admin/rastrear", data=upload(unstamped), content_type="multipart/form-data"
    )
    assert "no tiene un código de DulceVicio" in page.get_data(as_text=True)


def test_a_tampered_code_is_not_found(admin_client, stamped):
    _data, code = stamped
    other = code[:-1] + ("2" if code[-1] != "2" else "3")
    html = admin_client.post("/admin/rastrear", data={"code": other}).get_data(as_text=True)
    assert f"No encontramos ninguna descarga con el código {other}" in html
    assert "Caro Filtra" not in html


def test_a_deleted_account_is_still_traced_by_what_was_printed(app, admin_client, stamped):
    _data, code = stamped
    with app.app_context():
        row = db.session.scalar(sa.select(BookDownload).where(BookDownload.code == code))
        db.session.execute(sa.delete(Enrollment).where(Enrollment.user_id == row.user_id))
        db.session.execute(sa.delete(User).where(User.id == row.user_id))
        db.session.commit()
        assert db.session.get(BookDownload, row.id).user_id is None
    html = admin_client.post("/admin/rastrear", data={"code": code}).get_data(as_text=True)
    assert "Caro Filtra" in html and "su cuenta ya no existe" in html
