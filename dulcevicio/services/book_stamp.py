"""Stamping the built recipe book for one buyer, without rewriting it.

A book is prepared once per version (`prepare`): pikepdf adds a Unicode font (DejaVu Sans,
embedded whole, with a ToUnicode map so the stamp reads back as text), and makes every
page draw one shared, still empty, content stream last. Each download then gets the
prepared bytes as they are, followed by a PDF incremental update (ISO 32000 §7.5.6) of
about 1 KB (`appendix`): a new version of that stream, which draws the stamp line in the
footer margin of every page, and of the document information dictionary (the stamp and
the code in the metadata), a cross-reference section and a trailer pointing back at the
book's own. So a download reads nothing but the cached file, decodes no image and holds
one chunk of it in memory at a time.

The book is not encrypted or password-protected: students merge and print it.
"""

from __future__ import annotations

import functools
import io
import os
import re
import zlib
from dataclasses import asdict, dataclass

from dulcevicio.text import drop_control_characters

FONT_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fonts", "DejaVuSans.ttf")
FONT_RESOURCE = "DVStamp"  # the font's name in the pages' resources
CODE_KEY = "/DulceVicioCode"  # the download's code, in the document information dictionary
FONT_SIZE = 6.5  # pt: small, legible when printed
MIN_FONT_SIZE = 4.0  # a very long line shrinks to this, then is cut
BASELINE = 14.0  # pt above the page's bottom edge: under the book's own footer (14 mm up)
SIDE_MARGIN = 36.0  # pt kept clear on each side
GREY = "0.431 0.376 0.353"  # the book's footer grey, as RGB fractions
MAX_NAME = 60  # characters of the name printed on the page (the metadata keeps it all)
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class NotAPdf(ValueError):
    """The bytes are not a PDF pikepdf can read."""


@dataclass(frozen=True)
class StampPlan:
    """What an appendix needs to know about a prepared book (saved beside it as JSON)."""

    size: int  # bytes of the prepared file
    startxref: int  # offset of its cross-reference section
    next_number: int  # the trailer's /Size: the first unused object number
    root: str  # the catalog reference, "1 0 R"
    ids: str  # the trailer's /ID array, as PDF source
    stream_number: int  # the empty stream every page draws last
    info_number: int  # the document information dictionary
    info: dict[str, str]  # its entries (PDF source) kept in every stamped copy
    page_width: float  # pt, of the first page (the book's pages are all A4)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> StampPlan:
        return cls(**data)


# --- the font --------------------------------------------------------------------------


@dataclass(frozen=True)
class _FontMetrics:
    glyphs: dict[int, tuple[int, float]]  # code point -> (glyph id, advance per 1 pt)
    fallback: tuple[int, float]  # "?" for characters the font lacks
    widths: list[float]  # advance of each glyph id, in 1/1000 em
    bbox: list[int]
    ascent: int
    descent: int
    cap_height: int


@functools.cache
def _metrics() -> _FontMetrics:
    from fontTools.ttLib import TTFont  # fpdf2's dependency; loaded only when stamping

    font = TTFont(FONT_PATH, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    order = font.getGlyphOrder()
    ids = {name: number for number, name in enumerate(order)}
    metrics = font["hmtx"].metrics
    widths = [round(metrics[name][0] * scale, 1) for name in order]
    glyphs = {
        code: (ids[name], widths[ids[name]] / 1000) for code, name in font.getBestCmap().items()
    }
    head, os2 = font["head"], font["OS/2"]
    return _FontMetrics(
        glyphs=glyphs,
        fallback=glyphs[ord("?")],
        widths=widths,
        bbox=[round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        ascent=round(os2.sTypoAscender * scale),
        descent=round(os2.sTypoDescender * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or 729,
    )


def _to_unicode_cmap(metrics: _FontMetrics) -> bytes:
    """The glyph id -> text map that lets readers (and the trace page) read the stamp."""
    pairs = {}
    for code, (glyph, _width) in sorted(metrics.glyphs.items()):
        pairs.setdefault(glyph, code)  # the first (lowest) code point of a shared glyph
    entries = [
        f"<{glyph:04X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for glyph, code in sorted(pairs.items())
    ]
    chunks = [entries[start : start + 100] for start in range(0, len(entries), 100)]
    body = "\n".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar" for chunk in chunks
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def _font(pdf):
    """The Type 0 font objects, added to `pdf` (DejaVu Sans whole: any name prints)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    metrics = _metrics()
    with open(FONT_PATH, "rb") as handle:
        data = handle.read()
    font_file = pdf.make_stream(data)
    font_file.Length1 = len(data)
    descriptor = pdf.make_indirect(
        Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name("/DejaVuSans"),
            Flags=32,
            FontBBox=Array(metrics.bbox),
            ItalicAngle=0,
            Ascent=metrics.ascent,
            Descent=metrics.descent,
            CapHeight=metrics.cap_height,
            StemV=80,
            FontFile2=font_file,
        )
    )
    cid_font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType2,
            BaseFont=Name("/DejaVuSans"),
            CIDSystemInfo=Dictionary(
                Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
            ),
            FontDescriptor=descriptor,
            CIDToGIDMap=Name.Identity,
            DW=600,
            W=Array([0, Array(metrics.widths)]),
        )
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/DejaVuSans"),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([cid_font]),
            ToUnicode=pdf.make_stream(_to_unicode_cmap(metrics)),
        )
    )


# --- once per book version -------------------------------------------------------------


def prepare(book: bytes, target: str) -> StampPlan:
    """Write the stampable version of `book` to the file `target` and describe it.
    Raises NotAPdf if `book` is not a readable PDF."""
    import pikepdf
    from pikepdf import Dictionary, Name

    try:
        pdf = pikepdf.open(io.BytesIO(book))
    except pikepdf.PdfError as error:
        raise NotAPdf(str(error)) from error
    with pdf:
        font = _font(pdf)
        stamp = pdf.make_stream(b"")
        for page in pdf.pages:
            resources = page.obj.get(Name.Resources)
            if resources is None:
                page.obj.Resources = resources = Dictionary()
            if Name.Font not in resources:
                resources.Font = Dictionary()
            resources.Font[Name("/" + FONT_RESOURCE)] = font
            # The page's own drawing is wrapped in q/Q so its state cannot move the stamp.
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n")
            page.contents_add(stamp)
        info = pdf.docinfo  # indirect; created if the book had none
        info[Name.Producer] = pikepdf.String("DulceVicio")
        # Classic cross-reference tables: an update appends one of those to the file.
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.disable, static_id=False)
    return _describe(target)


def _describe(path: str) -> StampPlan:
    import pikepdf

    with pikepdf.open(path) as pdf:
        first = pdf.pages[0].obj
        stream_number = first.Contents[-1].objgen[0]
        info = pdf.trailer.Info
        box = [float(v) for v in first.MediaBox]
        plan = {
            "next_number": int(pdf.trailer.Size),
            "root": f"{pdf.trailer.Root.objgen[0]} 0 R",
            "ids": pdf.trailer.ID.unparse().decode("latin-1"),
            "stream_number": stream_number,
            "info_number": info.objgen[0],
            "info": {
                str(key): value.unparse().decode("latin-1")
                for key, value in info.items()
                if str(key) not in (CODE_KEY, "/Subject", "/Keywords")
            },
            "page_width": box[2] - box[0],
        }
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        handle.seek(max(0, size - 64))
        match = _STARTXREF.search(handle.read())
    if not match:
        raise NotAPdf("no startxref at the end of the prepared book")
    return StampPlan(size=size, startxref=int(match.group(1)), **plan)


# --- once per download -----------------------------------------------------------------


def stamp_line(name: str, masked_email: str, code: str) -> str:
    return f"Preparado para {name} · {masked_email} · código {code}"


def appendix(plan: StampPlan, name: str, masked_email: str, code: str) -> bytes:
    """The incremental update that stamps the prepared book for one download."""
    name = printable(name)
    shown = name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"
    content = _stamp_content(plan, stamp_line(shown, masked_email, code))
    info = dict(plan.info)
    info["/Subject"] = _pdf_text(stamp_line(name, masked_email, code))
    info["/Keywords"] = _pdf_text(f"DulceVicio {code}")
    info[CODE_KEY] = _pdf_text(code)
    objects = [
        (
            plan.stream_number,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ),
        (
            plan.info_number,
            ("<< " + " ".join(f"{key} {value}" for key, value in info.items()) + " >>").encode(
                "latin-1"
            ),
        ),
    ]
    out = bytearray(b"\n")
    offsets = []
    for number, body in objects:
        offsets.append((number, plan.size + len(out)))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = plan.size + len(out)
    out += b"xref\n"
    for number, offset in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    out += (
        f"trailer\n<< /Size {plan.next_number} /Root {plan.root} /Info {plan.info_number} 0 R "
        f"/Prev {plan.startxref} /ID {plan.ids} >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode("latin-1")
    return bytes(out)


def printable(text: str) -> str:
    """One line: no control or bidirectional-override characters, spaces collapsed."""
    text = drop_control_characters(text)
    text = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return " ".join(text.split())


def _stamp_content(plan: StampPlan, line: str) -> bytes:
    metrics = _metrics()
    glyphs = [metrics.glyphs.get(ord(char), metrics.fallback) for char in line]
    room = plan.page_width - 2 * SIDE_MARGIN
    size = FONT_SIZE
    width = sum(advance for _glyph, advance in glyphs)
    if width * size > room:
        size = max(MIN_FONT_SIZE, room / width)
        while glyphs and sum(advance for _g, advance in glyphs) * size > room:
            glyphs.pop()  # still too long at the smallest size: cut the end
    x = (plan.page_width - sum(advance for _g, advance in glyphs) * size) / 2
    text = "".join(f"{glyph:04X}" for glyph, _advance in glyphs)
    return (
        f"q\nBT\n/{FONT_RESOURCE} {size:.2f} Tf\n{GREY} rg\n{x:.2f} {BASELINE:.2f} Td\n"
        f"<{text}> Tj\nET\nQ"
    ).encode("ascii")


def _pdf_text(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte-order mark: any character survives."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# --- reading a code back ---------------------------------------------------------------

CODE_PATTERN = re.compile(r"c[oó]digo\s+([0-9A-Z]{4}-[0-9A-Z]{4})")
_STAMP_TEXT = re.compile(rb"/" + FONT_RESOURCE.encode() + rb"\s[^<]*<([0-9A-Fa-f\s]+)>\s*Tj")
MAX_STREAM = 4 * 1024 * 1024  # bytes of a page's last stream read back, decompressed
PAGES_READ = 3


def read_code(data: bytes) -> str | None:
    """The download code of a stamped copy: from its metadata, else from the stamp drawn
    on its first pages (a copy whose metadata was stripped). None if there is none.
    Raises NotAPdf if `data` is not a readable PDF.

    Only the last content stream of a page is read, and at most MAX_STREAM bytes of it
    decompressed: an uploaded file cannot make this inflate a bomb."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise NotAPdf(str(error)) from error
    with pdf:
        try:
            info = pdf.trailer.get("/Info")
            code = info.get(CODE_KEY) if isinstance(info, pikepdf.Dictionary) else None
            if code is not None:
                return str(code)
            for page in list(pdf.pages)[:PAGES_READ]:
                code = _code_on_page(page.obj.get("/Contents"))
                if code:
                    return code
        except pikepdf.PdfError as error:
            raise NotAPdf(str(error)) from error
    return None


def _code_on_page(contents) -> str | None:
    import pikepdf

    if isinstance(contents, pikepdf.Array):
        contents = contents[len(contents) - 1] if len(contents) else None
    if not isinstance(contents, pikepdf.Stream):
        return None
    raw = contents.read_raw_bytes()
    if contents.get("/Filter") == pikepdf.Name.FlateDecode:
        try:
            raw = zlib.decompressobj().decompress(raw, MAX_STREAM)
        except zlib.error:
            return None
    elif "/Filter" in contents:
        return None
    reverse = _reverse_glyphs()
    for match in _STAMP_TEXT.finditer(raw[:MAX_STREAM]):
        hexdigits = re.sub(rb"\s", b"", match.group(1))
        text = "".join(
            reverse.get(int(hexdigits[i : i + 4], 16), "") for i in range(0, len(hexdigits) - 3, 4)
        )
        found = CODE_PATTERN.search(text)
        if found:
            return found.group(1)
    return None


@functools.cache
def _reverse_glyphs() -> dict[int, str]:
    reverse: dict[int, str] = {}
    for code, (glyph, _width) in sorted(_metrics().glyphs.items()):
        reverse.setdefault(glyph, chr(code))
    return reverse
