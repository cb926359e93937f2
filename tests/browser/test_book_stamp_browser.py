"""The stamped recipe book in a real browser: two students download the same book from the
course page and each gets her own code on every page; the admin traces one copy by
uploading the PDF and the other by its code. Screenshots of every step and an
accessibility check of the trace page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
from playwright.sync_api import expect

from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services.media import uploads
from dulcevicio.services.recipe_book import rebuild_recipe_book
from tests import media
from tests.browser.conftest import accessibility_violations, log_in
from tests.helpers import PASSWORD

CODE = re.compile(r"código ([0-9A-Z]{4}-[0-9A-Z]{4})")


def test_two_students_get_their_own_copy_and_the_admin_traces_each(
    app, live_server, new_page, screenshot, make_user, make_course, grant, admin
):
    course = make_course(title="Tartas de fruta")
    with app.app_context():
        stored = db.session.get(Course, course.id)
        for name in ("fresa", "durazno"):
            uploads.add_recipe_from_image(stored, media.jpeg(), f"tarta de {name}.jpg")
        rebuild_recipe_book(stored)
        db.session.commit()
    copies = {}
    for name, email in (("Ana Pérez", "ana@example.com"), ("Bea Ruiz", "bea@example.com")):
        grant(make_user(email=email, full_name=name), course)
        page = new_page()
        log_in(page, live_server, email, PASSWORD)
        page.goto(f"{live_server}/cursos/{course.slug}")
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar recetario (PDF)").click()
        assert download.value.suggested_filename == f"recetario-{course.slug}.pdf"
        data = Path(download.value.path()).read_bytes()
        texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
        codes = {code for text in texts for code in CODE.findall(text)}
        assert len(codes) == 1 and all(f"Preparado para {name}" in text for text in texts)
        copies[name] = (data, codes.pop())
        screenshot(page, f"01-{email.split('@')[0]}-downloaded")
    assert copies["Ana Pérez"][1] != copies["Bea Ruiz"][1]

    page = new_page()
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server}/admin/")
    page.get_by_role("navigation", name="Administración").get_by_role(
        "link", name="Rastrear recetario"
    ).click()
    page.get_by_label("O sube el PDF que circula").set_input_files(
        {"name": "filtrado.pdf", "mimeType": "application/pdf", "buffer": copies["Ana Pérez"][0]}
    )
    page.get_by_role("button", name="Rastrear").click()
    result = page.get_by_role("region", name=f"Código {copies['Ana Pérez'][1]}")
    expect(result).to_contain_text("Ana Pérez")
    expect(result).to_contain_text("Tartas de fruta")
    screenshot(page, "02-traced-from-the-pdf")
    violations = accessibility_violations(page)
    page.get_by_label("Código del recetario").fill(copies["Bea Ruiz"][1].lower())
    page.get_by_role("button", name="Rastrear").click()
    result = page.get_by_role("region", name=f"Código {copies['Bea Ruiz'][1]}")
    expect(result).to_contain_text("Bea Ruiz")
    result.get_by_role("link", name="Bea Ruiz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bea Ruiz")
    screenshot(page, "03-traced-by-code-to-her-account")
    assert violations == []
