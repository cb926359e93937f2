"""A certificate as a PDF (fpdf2): A4 landscape in the brand's colours, DejaVu fonts, her
name, the course, the hours, the completion date in Spanish, the signatory, the code and a
QR code (segno) to APP_BASE_URL/verificar/<code>.

Built on demand and kept in this dyno's CERTIFICATE_CACHE_FOLDER, named by the code, the
certificate's revision and what else it prints (the signatory), so a change makes a new
file and an unchanged certificate is sent from disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from dulcevicio.formatting import long_date
from dulcevicio.models import Certificate
from dulcevicio.services.recipe_book import COCOA, FONT, FONT_DIR, GREY, RASPBERRY

CREAM = (253, 246, 240)
NAME_SIZES = (34, 30, 26, 22, 18, 15, 13, 11)  # pt: a long name gets a smaller size


@dataclass(frozen=True)
class Signatory:
    """Who issues and signs it: the business's name, the signatory and her signature (the
    stored image's id; `read_signature` fetches it, only when a PDF is drawn)."""

    business: str
    name: str
    title: str
    signature_id: str | None = None
    read_signature: Callable[[str], bytes] | None = None

    def signature(self) -> bytes | None:
        if not self.signature_id or self.read_signature is None:
            return None
        return self.read_signature(self.signature_id)


def verify_url(code: str) -> str:
    return f"{current_app.config['APP_BASE_URL']}/verificar/{code}"


def cached_pdf(
    certificate: Certificate, printed_with: str, signatory: Callable[[], Signatory]
) -> str:
    """The path of the certificate's PDF on this dyno, built now if missing.

    `printed_with` names the version of what else it prints (the course's and the
    business settings' last change: the signatory, the signature, the business's name);
    `signatory` is asked only when the PDF has to be drawn."""
    folder = current_app.config["CERTIFICATE_CACHE_FOLDER"]
    version = hashlib.sha256(printed_with.encode()).hexdigest()[:12]
    path = os.path.join(folder, f"{certificate.code}-r{certificate.revision}-{version}.pdf")
    if os.path.exists(path):
        return path
    data = build(certificate, signatory())
    os.makedirs(folder, exist_ok=True)
    temporary = f"{path}.{secrets.token_hex(4)}.part"
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)  # another worker never sees half a file
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
    _forget_older(folder, certificate.code, path)
    return path


def _forget_older(folder: str, code: str, current: str) -> None:
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith(code + "-") and path != current:
            with contextlib.suppress(OSError):
                os.remove(path)


def build(certificate: Certificate, signatory: Signatory) -> bytes:
    from fpdf import FPDF  # lazy, like the recipe book: fpdf2 costs ~50 MB at import
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="landscape", format="A4", unit="mm")
    pdf.set_title(f"Certificado · {certificate.course_title}")
    pdf.set_author(signatory.business)
    pdf.set_creator("DulceVicio")
    pdf.set_subject(f"Código {certificate.code}")
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, "", os.path.join(FONT_DIR, "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width, height = pdf.w, pdf.h

    # Frame: cream paper, a raspberry border and a thin cocoa line inside it.
    pdf.set_fill_color(*CREAM)
    pdf.rect(0, 0, width, height, style="F")
    pdf.set_draw_color(*RASPBERRY)
    pdf.set_line_width(3)
    pdf.rect(8, 8, width - 16, height - 16)
    pdf.set_draw_color(*COCOA)
    pdf.set_line_width(0.4)
    pdf.rect(13, 13, width - 26, height - 26)

    def centred(text: str, size: float, style: str = "", colour=COCOA, line: float = 10) -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        pdf.set_x(25)
        pdf.multi_cell(width - 50, line, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_y(28)
    centred(signatory.business, 14, "B", RASPBERRY, 8)
    centred("Certificado de finalización", 30, "B", COCOA, 14)
    pdf.ln(4)
    centred("Otorgado a", 13, "", GREY, 8)
    pdf.ln(1)
    name_size = _fitting_size(pdf, certificate.printed_name, width - 60)
    centred(certificate.printed_name, name_size, "B", RASPBERRY, name_size * 0.5)
    pdf.ln(3)
    centred("por completar el curso", 13, "", GREY, 8)
    centred(certificate.course_title, 20, "B", COCOA, 10)
    hours = "1 hora" if certificate.hours == 1 else f"{certificate.hours} horas"
    centred(f"con una duración de {hours}, el {long_date(certificate.issued_at)}.", 13, "", GREY, 8)

    # Signature (left) and the check (right), along the bottom.
    bottom = height - 58
    signature = signatory.signature()
    if signature:
        with contextlib.suppress(Exception):  # an unreadable image leaves the line alone
            pdf.image(io.BytesIO(signature), x=40, y=bottom, h=18)
    pdf.set_draw_color(*COCOA)
    pdf.line(35, bottom + 20, 115, bottom + 20)
    pdf.set_xy(30, bottom + 22)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*COCOA)
    pdf.cell(
        90, 6, signatory.name or signatory.business, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    if signatory.title:
        pdf.set_x(30)
        pdf.set_font(FONT, "", 10)
        pdf.set_text_color(*GREY)
        pdf.cell(90, 5, signatory.title, align="C")

    url = verify_url(certificate.code)
    qr_size = 34
    qr_x = width - 40 - qr_size
    pdf.image(io.BytesIO(_qr_png(url)), x=qr_x, y=bottom - 10, w=qr_size, h=qr_size)
    pdf.set_xy(qr_x - 70, bottom - 2)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(66, 5, "Verifica este certificado en", align="R")
    pdf.set_x(qr_x - 90)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(86, 4.5, url, align="R")
    pdf.set_x(qr_x - 70)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*COCOA)
    pdf.cell(66, 8, certificate.code, align="R")
    return bytes(pdf.output())


def _fitting_size(pdf, text: str, room: float) -> float:
    """The largest of NAME_SIZES at which `text` fits on two lines of `room` mm."""
    for size in NAME_SIZES:
        pdf.set_font(FONT, "B", size)
        if pdf.get_string_width(text) <= 2 * room * 0.95:
            return size
    return NAME_SIZES[-1]


def _qr_png(url: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2, dark="#4a2c21")
    return out.getvalue()
