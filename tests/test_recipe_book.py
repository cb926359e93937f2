"""The recipe book: built on every recipe change, read back with pypdf."""

import io
import os
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from tests import media
from tests.helpers import course_form


def upload_recipes(admin_client, course_id: int, names: list[str]):
    files = [
        (io.BytesIO(media.jpeg((1200 + 10 * i, 900), (30 * i, 90, 150))), n)
        for i, n in enumerate(names)
    ]
    return admin_client.post(
        f"/admin/cursos/{course_id}/recetas/subir",
        data={"images": files},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def stored(app, course_id: int) -> Course:
    with app.app_context():
        course = db.session.get(Course, course_id)
        db.session.expunge(course)
        return course


def read_book(app, course_id: int) -> tuple[PdfReader, bytes]:
    course = stored(app, course_id)
    assert course.recipe_pdf_public_id, "no book"
    with open(os.path.join(app.config["UPLOAD_FOLDER"], course.recipe_pdf_public_id), "rb") as book:
        data = book.read()
    return PdfReader(io.BytesIO(data)), data


def stored_jpegs(app, course_id: int) -> list[bytes]:
    with app.app_context():
        ids = db.session.scalars(
            sa.select(Recipe.image_public_id)
            .where(Recipe.course_id == course_id, Recipe.is_active)
            .order_by(Recipe.position)
        ).all()
    folder = app.config["UPLOAD_FOLDER"]
    return [open(os.path.join(folder, public_id), "rb").read() for public_id in ids]


@pytest.fixture
def course(make_course):
    return make_course(title="Tortas de celebración", lessons=0)


def test_book_has_cover_index_and_one_section_per_active_recipe(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["bizcocho.jpg", "relleno.jpg", "cubierta.jpg"])
    with app.app_context():
        db.session.execute(
            sa.update(Recipe).where(Recipe.title == "Relleno").values(is_active=False)
        )
        db.session.commit()
    response = admin_client.post(f"/admin/cursos/{course.id}/recetario", follow_redirects=True)
    assert "Recetario actualizado." in response.get_data(as_text=True)

    reader, _ = read_book(app, course.id)
    assert len(reader.pages) == 4  # cover, index, two recipes
    assert "Tortas de celebración" in reader.pages[0].extract_text()
    assert "Recetario" in reader.pages[0].extract_text()
    index = reader.pages[1].extract_text()
    assert re.search(r"Bizcocho\s+3", index) and re.search(r"Cubierta\s+4", index)
    assert "Relleno" not in index
    assert [entry.title for entry in reader.outline] == ["Bizcocho", "Cubierta"]
    links = [annotation.get_object() for annotation in reader.pages[1]["/Annots"]]
    assert {link["/Subtype"] for link in links} == {"/Link"}
    targets = {reader.get_page_number(link["/Dest"][0].get_object()) for link in links}
    assert targets == {2, 3}  # zero-based pages of the two sections
    for number in (2, 3):
        text = reader.pages[number].extract_text()
        assert f"Página {number + 1}" in text and "Tortas de celebración" in text  # footer


def test_embedded_images_are_the_stored_jpegs_untouched(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["uno.jpg", "dos.png", "tres.webp"])
    reader, data = read_book(app, course.id)
    jpegs = stored_jpegs(app, course.id)
    assert len(jpegs) == 3
    for jpeg in jpegs:
        assert jpeg in data  # byte for byte: fpdf2 copied it, nothing was re-encoded
    filters = []
    for page in reader.pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                filters.append(xobject["/Filter"])
    assert filters == ["/DCTDecode"] * 3


def test_emoji_curly_quotes_and_long_text_build(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["pastel.jpg"])
    long_text = ("Batir “suavemente” — sin prisa… 🎂🍰 ñandú ÁÉÍÓÚ ü 中文 \u202e \u200b\n" * 80)[
        :5000
    ]
    with app.app_context():
        recipe = db.session.scalar(sa.select(Recipe))
        recipe.recipe_text, recipe.title = long_text, "Pastel 🎉 “especial”"
        db.session.commit()
    response = admin_client.post(f"/admin/cursos/{course.id}/recetario", follow_redirects=True)
    assert "Recetario actualizado." in response.get_data(as_text=True)
    reader, _ = read_book(app, course.id)
    assert len(reader.pages) >= 4  # the text flowed onto further pages
    assert "Batir “suavemente” — sin prisa… " in reader.pages[2].extract_text()


def test_failed_build_keeps_the_previous_book(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["uno.jpg", "dos.jpg"])
    before = stored(app, course.id)
    # The storage loses a recipe photo: the next build cannot read it.
    folder = app.config["UPLOAD_FOLDER"]
    with app.app_context():
        lost = db.session.scalar(sa.select(Recipe.image_public_id).order_by(Recipe.position))
    os.remove(os.path.join(folder, lost))
    response = admin_client.post(f"/admin/cursos/{course.id}/recetario", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "No pudimos generar el recetario" in page
    assert "El recetario anterior sigue disponible." in page
    after = stored(app, course.id)
    assert after.recipe_pdf_public_id == before.recipe_pdf_public_id
    assert after.recipe_pdf_generated_at == before.recipe_pdf_generated_at
    assert admin_client.get(after.recipe_pdf_url).status_code == 200
    assert len(os.listdir(os.path.join(folder, "books"))) == 1  # no half-made book left


def test_every_change_rebuilds_and_the_old_book_goes(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["uno.jpg"])
    first = stored(app, course.id)
    upload_recipes(admin_client, course.id, ["dos.jpg"])
    second = stored(app, course.id)
    assert second.recipe_pdf_public_id != first.recipe_pdf_public_id
    assert admin_client.get(first.recipe_pdf_url).status_code == 404
    assert len(read_book(app, course.id)[0].outline) == 2
    with app.app_context():
        recipe_id = db.session.scalar(sa.select(Recipe.id).order_by(Recipe.position))
    admin_client.post(
        f"/admin/recetas/{recipe_id}/imagen",
        data={"image": (io.BytesIO(media.jpeg((900, 900))), "nueva.jpg")},
        content_type="multipart/form-data",
    )
    third = stored(app, course.id)
    assert third.recipe_pdf_public_id not in (
        first.recipe_pdf_public_id,
        second.recipe_pdf_public_id,
    )
    assert len(os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "recipes"))) == 2


def downloaded_book(client, slug: str) -> PdfReader:
    response = client.get(f"/cursos/{slug}/recetario.pdf")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.data))


def test_renaming_the_course_rebuilds_the_book_with_the_new_title(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["uno.jpg", "dos.jpg"])
    before = stored(app, course.id)
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(before, title="Pasteles de fiesta"),
        follow_redirects=True,
    )
    assert "Recetario actualizado." in response.get_data(as_text=True)
    assert stored(app, course.id).recipe_pdf_public_id != before.recipe_pdf_public_id
    reader = downloaded_book(admin_client, before.slug)
    assert "Pasteles de fiesta" in reader.pages[0].extract_text()  # the cover
    assert "Pasteles de fiesta" in reader.pages[2].extract_text()  # a recipe page's footer
    assert not any("Tortas de celebración" in page.extract_text() for page in reader.pages)


def test_a_new_cover_rebuilds_the_book_and_other_edits_do_not(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["uno.jpg"])
    first = stored(app, course.id)
    assert not downloaded_book(admin_client, first.slug).pages[0].images
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(first, description="Otra descripción"),
        follow_redirects=True,
    )
    assert "Recetario actualizado." not in response.get_data(as_text=True)
    assert stored(app, course.id).recipe_pdf_public_id == first.recipe_pdf_public_id
    cover = (io.BytesIO(media.jpeg((1600, 900))), "portada.jpg")
    response = admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data=course_form(first, thumbnail=cover),
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Recetario actualizado." in response.get_data(as_text=True)
    second = stored(app, course.id)
    assert second.recipe_pdf_public_id != first.recipe_pdf_public_id
    assert len(downloaded_book(admin_client, second.slug).pages[0].images) == 1


def test_no_active_recipe_means_no_book(app, admin_client, course):
    upload_recipes(admin_client, course.id, ["uno.jpg"])
    book_url = stored(app, course.id).recipe_pdf_url
    with app.app_context():
        db.session.execute(sa.update(Recipe).values(is_active=False))
        db.session.commit()
    admin_client.post(f"/admin/cursos/{course.id}/recetario")
    assert stored(app, course.id).recipe_pdf_public_id is None
    assert admin_client.get(book_url).status_code == 404


def test_regenerate_recipe_books_command(app, admin_client, course, make_course):
    upload_recipes(admin_client, course.id, ["uno.jpg"])
    make_course(title="Sin recetas", lessons=0)
    before = stored(app, course.id).recipe_pdf_public_id
    result = app.test_cli_runner().invoke(args=["regenerate-recipe-books"])
    assert result.exit_code == 0, result.output
    assert "✓ Tortas de celebración: recetario listo" in result.output
    assert "✓ Sin recetas: sin recetas activas" in result.output
    assert stored(app, course.id).recipe_pdf_public_id != before

    with app.app_context():
        lost = db.session.scalar(sa.select(Recipe.image_public_id))
    os.remove(os.path.join(app.config["UPLOAD_FOLDER"], lost))
    failed = app.test_cli_runner().invoke(args=["regenerate-recipe-books", "--course", "curso-1"])
    assert failed.exit_code != 0
    assert "no se pudieron generar" in failed.output
    unknown = app.test_cli_runner().invoke(args=["regenerate-recipe-books", "--course", "nada"])
    assert unknown.exit_code != 0


@pytest.mark.parametrize("count", [1, 29, 30, 31, 60, 61, 100])
def test_index_pages_fit_any_number_of_recipes(count):
    """Built directly (a pure layout function): the index spans exactly the pages it needs."""
    from dulcevicio.services.recipe_book import BookRecipe, build_recipe_book

    photo = media.jpeg((400, 300))
    recipes = [
        BookRecipe(
            f"Receta {n} con un título bastante largo para probar el recorte",
            "",
            "",
            "x",
            (400, 300),
        )
        for n in range(1, count + 1)
    ]
    reader = PdfReader(io.BytesIO(build_recipe_book("Curso", recipes, read_image=lambda _: photo)))
    index_pages = len(reader.pages) - 1 - count
    assert index_pages >= 1
    index_text = " ".join(reader.pages[1 + i].extract_text() for i in range(index_pages))
    assert f"Receta {count} " in index_text and "Receta 1 " in index_text
    first_section = reader.get_page_number(reader.outline[0].page)
    assert first_section == 1 + index_pages  # sections start right after the index
    assert [reader.get_page_number(o.page) for o in reader.outline] == list(
        range(first_section, first_section + count)
    )


# --- structured recipes -------------------------------------------------------------------

LONG_STEP = (
    "Batir las claras a punto de nieve firme e incorporarlas a la mezcla de yemas con "
    "movimientos envolventes, de abajo hacia arriba, sin perder el aire, hasta que no queden "
    "vetas blancas."
)


def structured_recipe():
    from dulcevicio.models.recipe_structure import (
        IngredientGroup,
        IngredientLine,
        Mould,
        RecipeStructure,
        Shape,
        Step,
        Unit,
        YieldKind,
    )

    return RecipeStructure(
        yield_amount=8,
        yield_kind=YieldKind.SERVINGS,
        mould=Mould(Shape.ROUND, 20),
        groups=(
            IngredientGroup(
                "Para la masa",
                (
                    IngredientLine("harina de trigo", 200, unit=Unit.GRAM, note="tamizada"),
                    IngredientLine("huevos", 2, 3),
                    IngredientLine("azúcar", 2 / 3, unit=Unit.CUP),
                    IngredientLine("sal", 1, unit=Unit.PINCH, pinned=True),
                ),
            ),
            IngredientGroup(
                "Para la cubierta",
                (
                    IngredientLine("ralladura de limón", unit=Unit.TO_TASTE),
                    IngredientLine("", note="Reservar un poco de crema para decorar"),
                    IngredientLine("crema de leche", 1 / 3, unit=Unit.CUP),
                ),
            ),
        ),
        steps=(
            Step("Precalentar el horno a 180 °C.", timer_minutes=10),
            Step(LONG_STEP, timer_minutes=5),
            Step("Hornear hasta que al pinchar salga limpio.", timer_minutes=35),
        ),
    )


def text_runs(page) -> list[tuple[float, float, float, str]]:
    """(x, y, font size, text) of each piece of text on the page, in points."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, size * tm[0] * cm[0], text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


FOOTER_TOP = 50  # pt from the bottom of the page: the footer's 8 pt line sits below


def section_pages(reader: PdfReader) -> dict[str, list[int]]:
    starts = [(entry.title, reader.get_page_number(entry.page)) for entry in reader.outline]
    ends = [start for _, start in starts[1:]] + [len(reader.pages)]
    pairs = zip(starts, ends, strict=True)
    return {title: list(range(start, end)) for (title, start), end in pairs}


def test_a_structured_recipe_prints_yield_mould_ingredient_tables_and_numbered_steps(
    app, admin_client, course
):
    upload_recipes(admin_client, course.id, ["bizcochuelo.jpg", "alfajores.jpg"])
    with app.app_context():
        cake, cookies = db.session.scalars(sa.select(Recipe).order_by(Recipe.position))
        cake.description, cake.recipe_text = "Esponjoso y alto.", "Texto libre de antes."
        cake.structure = structured_recipe()
        cookies.recipe_text = "Mezclar 200 g de maicena con la manteca.\nRellenar con dulce."
        db.session.commit()
    response = admin_client.post(f"/admin/cursos/{course.id}/recetario", follow_redirects=True)
    assert "Recetario actualizado." in response.get_data(as_text=True)

    reader, _ = read_book(app, course.id)
    pages = section_pages(reader)
    cake_text = "\n".join(reader.pages[n].extract_text() for n in pages["Bizcochuelo"])
    for expected in (
        "Esponjoso y alto.",
        "Rinde 8 porciones · Molde redondo de 20 cm",
        "Ingredientes",
        "Para la masa",
        "Para la cubierta",
        "200 g harina de trigo (tamizada)",
        "2-3 huevos",
        "⅔ taza azúcar",  # the font has ⅓ and ⅔: printed as written
        "⅓ taza crema de leche",
        "1 pizca sal (no escalar)",
        "al gusto ralladura de limón",
        "Reservar un poco de crema para decorar",
        "Preparación",
        "1. Precalentar el horno a 180 °C. (10 min)",
        "(5 min)",
        "3. Hornear hasta que al pinchar salga limpio. (35 min)",
    ):
        assert expected in cake_text, expected
    assert "2." in cake_text and "Texto libre de antes." not in cake_text
    cookies_text = "\n".join(reader.pages[n].extract_text() for n in pages["Alfajores"])
    assert "Mezclar 200 g de maicena con la manteca.\nRellenar con dulce." in cookies_text
    assert "Rinde" not in cookies_text and "Ingredientes" not in cookies_text

    # Every text of both recipes but the footer is at least 12 pt.
    for number in pages["Bizcochuelo"] + pages["Alfajores"]:
        sizes = [size for _, y, size, _ in text_runs(reader.pages[number]) if y > FOOTER_TOP]
        assert sizes and min(sizes) >= 12

    # Hanging indent: a long step's wrapped lines start where its first line starts, right
    # of its number.
    runs = [run for n in pages["Bizcochuelo"] for run in text_runs(reader.pages[n])]
    texts = [text for *_, text in runs]
    start, end = texts.index("2."), texts.index("3.")
    number_x = runs[start][0]
    step = runs[start + 1 : end]
    assert step[0][3].startswith("Batir las claras") and step[-1][3].endswith("(5 min)")
    assert len(step) >= 2  # it wrapped
    assert all(abs(x - step[0][0]) < 0.01 for x, *_ in step)
    assert step[0][0] > number_x + 5


def test_an_ingredient_table_longer_than_a_page_breaks_between_rows():
    from dulcevicio.models.recipe_structure import (
        IngredientGroup,
        IngredientLine,
        RecipeStructure,
        Unit,
    )
    from dulcevicio.services.recipe_book import BookRecipe, build_recipe_book

    lines = tuple(
        IngredientLine(f"ingrediente {n}", 10 + n, unit=Unit.GRAM, note="picado" * (n % 3))
        for n in range(1, 81)
    )
    structure = RecipeStructure(groups=(IngredientGroup("", lines),))
    recipe = BookRecipe("Larga", "", "", None, None, structure)
    reader = PdfReader(io.BytesIO(build_recipe_book("Curso", [recipe], read_image=bytes)))
    rows: dict[str, list[tuple[int, float]]] = {}
    for number, page in enumerate(reader.pages[2:], start=2):
        for _, y, _, text in text_runs(page):
            rows.setdefault(text.split(" (")[0], []).append((number, round(y, 1)))
    assert len(reader.pages) >= 4  # cover, index, the table over two pages or more
    for n in range(1, 81):
        # each row printed once, its amount and ingredient on the same page and line
        assert rows[f"ingrediente {n}"] == rows[f"{10 + n} g"], n
        assert len(rows[f"ingrediente {n}"]) == 1


def test_a_line_too_tall_for_a_table_row_flows_and_other_rows_stay_in_tables():
    from dulcevicio.models.recipe_structure import (
        IngredientGroup,
        IngredientLine,
        RecipeStructure,
        Unit,
    )
    from dulcevicio.services.recipe_book import BookRecipe, build_recipe_book

    essay = " ".join(f"palabra{n}" for n in range(900))
    lines = (
        IngredientLine("harina", 200, unit=Unit.GRAM),
        IngredientLine("manteca", 100, unit=Unit.GRAM, note=essay),
        IngredientLine("", note=essay),
        IngredientLine("azúcar", 50, unit=Unit.GRAM),
    )
    structure = RecipeStructure(groups=(IngredientGroup("Masa", lines),))
    recipe = BookRecipe("Nota larga", "", "", None, None, structure)
    reader = PdfReader(io.BytesIO(build_recipe_book("Curso", [recipe], read_image=bytes)))
    text = " ".join(page.extract_text() for page in reader.pages[2:])
    assert "200 g harina" in text and "50 g azúcar" in text
    assert "100 g manteca (palabra0" in text and text.count("palabra899") == 2
    x = {text.split(" (")[0]: x for x, _, _, text in text_runs(reader.pages[2])}
    assert x["100 g"] == pytest.approx(x["200 g"], abs=0.01)  # in the table's columns
    assert x["manteca"] == pytest.approx(x["harina"], abs=0.01)


def test_a_structure_without_lines_or_steps_leaves_the_free_text():
    from dulcevicio.models.recipe_structure import RecipeStructure
    from dulcevicio.services.recipe_book import BookRecipe, build_recipe_book

    recipe = BookRecipe("Flan", "", "Batir y hornear.", None, None, RecipeStructure(8))
    reader = PdfReader(io.BytesIO(build_recipe_book("Curso", [recipe], read_image=bytes)))
    assert "Batir y hornear." in reader.pages[2].extract_text()
