"""A structured recipe in the recipe book: yield and mould, ingredient tables, numbered steps.

`print_structure` lays out a `RecipeStructure` on the book's fpdf2 document, below the
recipe's image and description. Ingredients print at the base yield (`amount_text`); each
group is one fpdf2 table (two columns: amount, ingredient and note), which breaks between
rows when it reaches the end of a page. Steps are numbered with a hanging indent: the number
sits in a fixed-width gutter and wrapped lines align with the step's text.

The text helpers are pure; the layout helpers take the `FPDF` built by recipe_book, which
imports this module with fpdf2 (lazily: see its docstring). DejaVu Sans covers the fraction
glyphs amounts use (¼ ½ ¾ ⅓ ⅔), so amounts are printed as they are written.
"""

from __future__ import annotations

from dulcevicio.formatting import duration
from dulcevicio.models.recipe_structure import (
    IngredientGroup,
    IngredientLine,
    RecipeStructure,
    Step,
)
from dulcevicio.services.kitchen.display import amount_text, yield_text
from dulcevicio.services.recipe_book import COCOA, FONT, GREY, RASPBERRY

BODY_SIZE = 12  # pt: every text of a structured recipe, read at arm's length in a kitchen
LINE = 6.5  # mm per line of body text
HEADING_SIZE = 15  # pt: "Ingredientes", "Preparación"
HEADING_LINE = 9  # mm
GROUP_LINE = 7  # mm: a group's title above its table
CELL_PADDING = (0.8, 2)  # mm: top and bottom, left and right of a table cell
ROW_HEIGHT = LINE + 2 * CELL_PADDING[0]  # mm: a one-line table row
ZEBRA = (250, 241, 236)  # every other ingredient row, so a line is easy to follow
GAP = 3  # mm between the number (or amount) and the text
# An ingredient row taller than this prints outside the table: fpdf2 refuses a table row
# taller than a page, and a row this tall would leave a gap at the foot of the page.
MAX_ROW_HEIGHT = 60  # mm

# --- text -------------------------------------------------------------------------------


def ingredient_text(line: IngredientLine) -> str:
    """The ingredient column: "harina de trigo (tamizada)"; a pinned line with an amount
    says it does not scale, for whoever doubles the recipe by hand."""
    notes = [line.note] if line.note else []
    if line.pinned and amount_text(line):
        notes.append("no escalar")
    parts = [line.ingredient] + ([f"({'; '.join(notes)})"] if notes else [])
    return " ".join(part for part in parts if part)


def step_text(step: Step) -> str:
    """A step's text with its timer: "Hornear a 180 °C. (35 min)"."""
    text = step.text.strip()
    return f"{text} ({duration(step.timer_minutes)})" if step.timer_minutes else text


def has_content(structure: RecipeStructure | None) -> bool:
    """Whether the structure lists something; one that does not leaves the free text."""
    return structure is not None and bool(structure.lines or structure.steps)


# --- layout -------------------------------------------------------------------------------


def print_structure(pdf, structure: RecipeStructure) -> None:
    """The summary line, "Ingredientes" with a table per group, "Preparación" with steps."""
    summary = yield_text(structure)  # "Rinde 8 porciones · Molde redondo de 20 cm"
    if summary:
        _body_font(pdf, GREY)
        pdf.multi_cell(0, LINE, summary, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    groups = [group for group in structure.groups if group.lines]
    if groups:
        _heading(pdf, "Ingredientes", keep_with=GROUP_LINE + ROW_HEIGHT)
        amount_width = _amount_width(pdf, structure.lines)
        for group in groups:
            _print_group(pdf, group, amount_width)
    if structure.steps:
        pdf.ln(2)
        _heading(pdf, "Preparación", keep_with=2 * LINE)
        _print_steps(pdf, structure.steps)


def _body_font(pdf, color: tuple[int, int, int] = COCOA, style: str = "") -> None:
    pdf.set_font(FONT, style, BODY_SIZE)
    pdf.set_text_color(*color)


def _heading(pdf, text: str, keep_with: float) -> None:
    """A section heading, moved to the next page rather than left alone at the foot."""
    if pdf.will_page_break(HEADING_LINE + keep_with):
        pdf.add_page()
    pdf.set_font(FONT, "B", HEADING_SIZE)
    pdf.set_text_color(*RASPBERRY)
    pdf.cell(0, HEADING_LINE, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _amount_width(pdf, lines: list[IngredientLine]) -> float:
    """One amount column for every group of the recipe, as wide as its longest amount."""
    _body_font(pdf, style="B")
    widest = max((pdf.get_string_width(amount_text(line)) for line in lines), default=0)
    return min(max(widest + 2 * CELL_PADDING[1] + 1, 20), pdf.epw * 0.4)


def _print_group(pdf, group: IngredientGroup, amount_width: float) -> None:
    """The group's title, then its lines: runs of table rows, and any line too tall for a
    table row flowing on its own with the same columns."""
    if group.title:
        if pdf.will_page_break(GROUP_LINE + ROW_HEIGHT):
            pdf.add_page()
        _body_font(pdf, COCOA, "B")
        pdf.multi_cell(0, GROUP_LINE, group.title, align="L", new_x="LMARGIN", new_y="NEXT")
    run: list[IngredientLine] = []
    for line in group.lines:
        if _fits_a_row(pdf, line, amount_width):
            run.append(line)
            continue
        _print_table(pdf, run, amount_width)
        run = []
        if amount_text(line):
            # in the table's columns: fpdf2's cell margin where the table has its padding
            gutter = amount_width + CELL_PADDING[1] - pdf.c_margin
            gap = 2 * (CELL_PADDING[1] - pdf.c_margin)
            _hanging(pdf, amount_text(line), ingredient_text(line), gutter, COCOA, gap)
        else:
            _body_font(pdf)
            pdf.multi_cell(0, LINE, _note_text(line), align="L", new_x="LMARGIN", new_y="NEXT")
    _print_table(pdf, run, amount_width)
    pdf.ln(3)


def _fits_a_row(pdf, line: IngredientLine, amount_width: float) -> bool:
    """Whether the line's text stays within MAX_ROW_HEIGHT in its cell.

    Word wrapping fills any two consecutive lines past the cell's width, so a text of
    width W takes fewer than 2·W/width + 1 lines (plus one per newline): a short text is
    known to fit from its width alone, and only a long one is laid out to count its lines.
    """
    _body_font(pdf)
    text_width = pdf.epw - (amount_width if amount_text(line) else 0) - 2 * CELL_PADDING[1]
    text = ingredient_text(line) if amount_text(line) else _note_text(line)
    padding = 2 * CELL_PADDING[0]
    bound = 2 * pdf.get_string_width(text) / text_width + 1 + text.count("\n")
    if bound * LINE + padding <= MAX_ROW_HEIGHT:
        return True
    lines = pdf.multi_cell(text_width, LINE, text, dry_run=True, output="LINES")
    return len(lines) * LINE + padding <= MAX_ROW_HEIGHT


def _note_text(line: IngredientLine) -> str:
    """A line without an amount ("Decoración a elección"): its ingredient and note."""
    if line.ingredient and line.note:
        return f"{line.ingredient} ({line.note})"
    return line.ingredient or line.note


def _print_table(pdf, lines: list[IngredientLine], amount_width: float) -> None:
    """Lines as table rows: amount (bold, right-aligned) and ingredient; a line without an
    amount spans both columns."""
    if not lines:
        return
    from fpdf.fonts import FontFace  # fpdf2 is loaded: recipe_book imported this module with it

    bold = FontFace(emphasis="BOLD")
    _body_font(pdf)
    # The table's base style takes the current fill colour (the cover's raspberry band)
    # for the rows the zebra leaves: white, so only the zebra shows.
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        width=pdf.epw,
        col_widths=(amount_width, pdf.epw - amount_width),
        text_align=("RIGHT", "LEFT"),
        v_align="TOP",
        first_row_as_headings=False,
        borders_layout="NONE",
        cell_fill_color=ZEBRA,
        cell_fill_mode="ROWS",
        line_height=LINE,
        padding=CELL_PADDING,
    ) as table:
        for line in lines:
            row = table.row()
            amount = amount_text(line)
            if amount:
                row.cell(amount, style=bold)
                row.cell(ingredient_text(line))
            else:
                row.cell(_note_text(line), colspan=2, align="LEFT")


def _print_steps(pdf, steps: tuple[Step, ...]) -> None:
    _body_font(pdf, style="B")
    gutter = max(pdf.get_string_width(f"{len(steps)}.") + GAP + 1, 10)
    for number, step in enumerate(steps, start=1):
        _hanging(pdf, f"{number}.", step_text(step), gutter, RASPBERRY)
        pdf.ln(1.5)


def _hanging(pdf, label: str, text: str, gutter: float, label_color, gap=GAP) -> None:
    """`label` right-aligned in a gutter, `text` beside it with every wrapped line (on this
    page or the next) starting where its first line starts."""
    if pdf.will_page_break(LINE):
        pdf.add_page()  # the label and the text's first line stay together
    left, y = pdf.l_margin, pdf.y
    _body_font(pdf, label_color, "B")
    pdf.set_xy(left, y)
    pdf.cell(gutter - gap, LINE, label, align="R")
    _body_font(pdf)
    pdf.set_left_margin(left + gutter)
    try:
        pdf.set_xy(left + gutter, y)
        pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
    finally:
        pdf.set_left_margin(left)
        pdf.set_x(left)
