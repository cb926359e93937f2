"""The course's recipe book: one PDF (fpdf2) stitched from the recipes' normalised images.

The book shows the course's title and cover and its active recipes in order; every service
that changes one of those calls `refresh_recipe_book` and hands the view its notice. A batch
of changes (photos uploaded one request each) calls `mark_recipe_book_outdated` instead and
the book is rebuilt once: when the batch ends, or by `ensure_recipe_book_current` before the
next download.

fpdf2 is imported inside the build (it costs ~0.5 s and ~50 MB), never at app start. The
stored JPEG bytes are embedded as they are, so building decodes no image. Photos are read
at the width the book prints them, concurrently and through a per-process cache when the
storage is remote (services/storage/read_cache.py).
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.formatting import long_date
from dulcevicio.models import Course, Recipe, utcnow
from dulcevicio.models.recipe_structure import RecipeStructure
from dulcevicio.services import storage
from dulcevicio.services.storage import MediaKind, StorageError
from dulcevicio.services.storage.kinds import BOOK_IMAGE_WIDTH
from dulcevicio.services.storage.read_cache import read_files

log = logging.getLogger(__name__)

FONT_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fonts")
FONT = "DejaVu"
COCOA = (74, 44, 33)
RASPBERRY = (194, 24, 91)
GREY = (110, 96, 90)
MARGIN = 18  # mm
IMAGE_MAX_HEIGHT = 120  # mm: leaves room for the title and the start of the text
BOTTOM_MARGIN = 20  # mm, room for the footer
INDEX_HEADING = 14  # mm: the "Índice" heading on the first index page
INDEX_LINE = 8  # mm per index entry (titles are shortened to one line)
BODY_SIZE = 12  # pt: a recipe's description and text


class RecipeBookError(Exception):
    """The book could not be built or stored; the previous one stays. Spanish message."""


@dataclass(frozen=True)
class BookNotice:
    """What the admin is told after a change rebuilt (or failed to rebuild) the book."""

    message: str  # Spanish
    category: str  # a flash category: "success" or "warning"


@dataclass(frozen=True)
class BookRecipe:
    title: str
    description: str
    text: str
    image_id: str | None
    image_size: tuple[int, int] | None
    structure: RecipeStructure | None = None  # printed instead of `text` when it lists something


def build_recipe_book(
    course_title: str,
    recipes: list[BookRecipe],
    read_image: Callable[[str], bytes],
    cover_image: bytes | None = None,
    built_on: str | None = None,
) -> bytearray:
    """Lay out the PDF: cover, clickable index, one section per recipe, footers."""
    from fpdf import FPDF  # lazy: see the module docstring
    from fpdf.enums import XPos, YPos

    class RecipeBookPDF(FPDF):
        def footer(self) -> None:
            if self.page_no() == 1:
                return
            self.set_y(-14)
            self.set_font(FONT, size=8)
            self.set_text_color(*GREY)
            self.cell(0, 6, course_title, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, f"Página {self.page_no()}", align="R")

    pdf = RecipeBookPDF(format="A4", unit="mm")
    pdf.set_title(f"Recetario · {course_title}")
    pdf.set_author("DulceVicio")
    pdf.set_creator("DulceVicio")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
    pdf.add_font(FONT, "", os.path.join(FONT_DIR, "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))
    width = pdf.epw

    # Cover
    pdf.add_page()
    pdf.set_fill_color(*RASPBERRY)
    pdf.rect(0, 0, pdf.w, 12, style="F")
    pdf.set_y(40)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*RASPBERRY)
    pdf.cell(0, 8, "Recetario", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 28)
    pdf.set_text_color(*COCOA)
    pdf.multi_cell(0, 13, course_title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if cover_image:
        pdf.ln(8)
        pdf.image(io.BytesIO(cover_image), x=MARGIN, w=width, h=width * 9 / 16)
    pdf.set_y(-40)
    pdf.set_font(FONT, size=10)
    pdf.set_text_color(*GREY)
    count = len(recipes)
    pdf.cell(0, 6, f"{count} {'receta' if count == 1 else 'recetas'} · DulceVicio")
    if built_on:
        pdf.ln(6)
        pdf.cell(0, 6, f"Actualizado el {built_on}")

    # Index, filled in at the end when every section's page is known. fpdf2 needs its page
    # count up front, so entries are paged explicitly (one line each) rather than flowed.
    usable = pdf.h - MARGIN - BOTTOM_MARGIN
    first_page_lines = int((usable - INDEX_HEADING) // INDEX_LINE) - 1
    page_lines = int(usable // INDEX_LINE) - 1

    def render_index(pdf: FPDF, sections) -> None:
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        pdf.set_font(FONT, "B", 20)
        pdf.set_text_color(*COCOA)
        pdf.cell(0, 12, "Índice", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font(FONT, size=11)
        for number, section in enumerate(sections):
            if number >= first_page_lines and (number - first_page_lines) % page_lines == 0:
                pdf.add_page()
            link = pdf.add_link(page=section.page_number)
            page = str(section.page_number)
            number_width = pdf.get_string_width(page) + 2
            pdf.set_text_color(*COCOA)
            title = _fit(pdf, section.name, width - number_width - 6)
            pdf.cell(width - number_width, INDEX_LINE, title, link=link)
            pdf.set_text_color(*RASPBERRY)
            pdf.cell(
                number_width,
                INDEX_LINE,
                page,
                align="R",
                link=link,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )

    if recipes:
        # The index starts at the cursor; its last page break opens the first recipe's page.
        pdf.add_page()
        extra = max(0, len(recipes) - first_page_lines)
        pages = 1 + math.ceil(extra / page_lines)
        pdf.insert_toc_placeholder(render_index, pages=pages, reset_page_indices=False)

    for number, recipe in enumerate(recipes):
        if number:
            pdf.add_page()
        _print_recipe(pdf, recipe, read_image)
    # fpdf2's own buffer, not a bytes() copy: a copy would hold the whole book twice.
    return pdf.output()


def _print_recipe(pdf, recipe: BookRecipe, read_image: Callable[[str], bytes]) -> None:
    """One recipe's section: title, image, description, then its structure or its text."""
    from dulcevicio.services import recipe_book_structure as structured  # loads with fpdf2

    pdf.start_section(recipe.title or "Receta", strict=False)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*COCOA)
    pdf.multi_cell(0, 10, recipe.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if recipe.image_id:
        data = read_image(recipe.image_id)
        image_width, image_height = _fit_box(recipe.image_size, pdf.epw, IMAGE_MAX_HEIGHT)
        pdf.image(
            io.BytesIO(data),
            x=MARGIN + (pdf.epw - image_width) / 2,
            w=image_width,
            h=image_height,
        )
        del data  # fpdf2 keeps its own reference until output; ours can go
        pdf.ln(5)
    if recipe.description:
        pdf.set_font(FONT, size=BODY_SIZE)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 6, recipe.description, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    if structured.has_content(recipe.structure):
        structured.print_structure(pdf, recipe.structure)
    elif recipe.text:
        pdf.set_font(FONT, size=BODY_SIZE)
        pdf.set_text_color(*COCOA)
        pdf.multi_cell(0, 6, recipe.text, align="L", new_x="LMARGIN", new_y="NEXT")


def _fit(pdf, text: str, max_width: float) -> str:
    """Shorten `text` with an ellipsis so that it fits on one line of the index."""
    if pdf.get_string_width(text) <= max_width:
        return text
    while text and pdf.get_string_width(text + "…") > max_width:
        text = text[:-1]
    return text + "…"


def _fit_box(size: tuple[int, int] | None, max_width: float, max_height: float):
    """The largest (w, h) in mm with the image's aspect ratio inside the box."""
    if not size or not all(size):
        return max_width, max_width * 3 / 4
    ratio = size[1] / size[0]
    if max_width * ratio <= max_height:
        return max_width, max_width * ratio
    return max_height / ratio, max_height


def rebuild_recipe_book(course: Course) -> None:
    """Build and store the course's book, then point the course at it (flushes).

    The previous book is deleted only after the change commits. With no active recipe the
    course has no book. On failure nothing changes and RecipeBookError says why.
    """
    recipes = list(
        db.session.scalars(
            sa.select(Recipe)
            .where(Recipe.course_id == course.id, Recipe.is_active)
            .order_by(Recipe.position, Recipe.id)
        )
    )
    previous = course.recipe_pdf_public_id
    if not recipes:
        course.recipe_pdf_url = course.recipe_pdf_public_id = course.recipe_pdf_generated_at = None
        course.recipe_book_outdated_at = None
        storage.delete_after_commit(MediaKind.RECIPE_BOOK, previous)
        db.session.flush()
        return
    backend = storage.get_storage()
    now = utcnow()
    try:
        cover = (
            read_files(backend, MediaKind.THUMBNAIL, [course.thumbnail_public_id])[
                course.thumbnail_public_id
            ]
            if course.thumbnail_public_id
            else None
        )
        photos = read_files(
            backend,
            MediaKind.RECIPE_IMAGE,
            [recipe.image_public_id for recipe in recipes if recipe.image_public_id],
            BOOK_IMAGE_WIDTH,
        )
        data = build_recipe_book(
            course.title,
            [
                BookRecipe(
                    title=recipe.title,
                    description=recipe.description,
                    text=recipe.recipe_text,
                    image_id=recipe.image_public_id,
                    image_size=(recipe.image_width or 0, recipe.image_height or 0),
                    structure=recipe.structure,
                )
                for recipe in recipes
            ],
            read_image=photos.__getitem__,
            cover_image=cover,
            built_on=long_date(now),
        )
        stored = storage.save_file(data, MediaKind.RECIPE_BOOK, "pdf")
    except StorageError as error:
        raise RecipeBookError(f"No pudimos generar el recetario: {error}") from error
    except Exception as error:
        log.exception("recipe book build failed for course %s", course.id)
        # The admin page adds that the previous book stays; saying it here too doubled it.
        raise RecipeBookError("No pudimos generar el recetario por un error inesperado.") from error
    course.recipe_pdf_url = stored.url
    course.recipe_pdf_public_id = stored.public_id
    course.recipe_pdf_generated_at = now
    course.recipe_book_outdated_at = None  # in the same flush as the new book
    storage.delete_after_commit(MediaKind.RECIPE_BOOK, previous)
    db.session.flush()


def refresh_recipe_book(course: Course) -> BookNotice | None:
    """Rebuild the book after a change to what it shows (flushes). A failure keeps the
    previous book, and the notice says why; a course left without recipes has no book and
    no notice."""
    try:
        rebuild_recipe_book(course)
    except RecipeBookError as error:
        return BookNotice(f"{error} El recetario anterior sigue disponible.", "warning")
    return BookNotice("Recetario actualizado.", "success") if course.recipe_pdf_public_id else None


def mark_recipe_book_outdated(course: Course) -> None:
    """A change inside a batch: the book is rebuilt once, later (flushes).

    Always an UPDATE of the course row, even when it is already marked: under PostgreSQL
    it then waits for (or makes wait) a rebuild holding the row, so the mark can never be
    cleared by a rebuild that did not see this change.
    """
    course.recipe_book_outdated_at = utcnow()
    db.session.flush()


def finish_recipe_book_batch(course: Course) -> BookNotice | None:
    """The batch ended: rebuild now if anything marked the book (flushes)."""
    if _lock_outdated_mark(course) is None:
        return None
    return refresh_recipe_book(course)


def ensure_recipe_book_current(course: Course) -> bool:
    """Before the book is sent: rebuild it if a batch left it outdated (flushes); True
    when the caller must commit.

    The course row is locked first (SELECT ... FOR UPDATE), so of two processes asking at
    once the second waits, then finds the mark cleared and sends the new book; the mark is
    cleared in the flush that points the course at the new book. (SQLite has no row locks:
    there two requests at once may both rebuild, a harmless duplicate.) If the rebuild
    fails the previous book (if any) is still there to send, the mark stays, and the next
    download tries again.
    """
    if course.recipe_book_outdated_at is None:
        return False
    if _lock_outdated_mark(course) is not None:
        try:
            rebuild_recipe_book(course)
        except RecipeBookError:
            log.warning("outdated recipe book of course %s kept: rebuild failed", course.id)
    return True  # the caller commits (and so releases the row)


def _lock_outdated_mark(course: Course):
    """Lock the course row and read its mark afresh (another process may have rebuilt)."""
    db.session.refresh(course, ["recipe_book_outdated_at"], with_for_update=True)
    return course.recipe_book_outdated_at
