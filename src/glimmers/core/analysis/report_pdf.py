"""The clinician report as a PDF, laid out with reportlab's platypus.

Why these choices:

* Deterministic bytes. The same report gives the same file, so tests can
  compare output and a person re-printing a report gets the same document.
  reportlab's invariant mode fixes the file id and internal time stamps; the
  creation and modification dates are then set to the report's own
  ``generated_on`` day (midnight UTC) rather than the clock; nothing random
  or process-dependent goes in. Metadata carries no name: the file may be
  passed on, and the name (if any) is on the first page where it can be seen.
* Only the built-in Helvetica fonts: nothing to download or embed, and it
  works offline. Those fonts draw the WinAnsi (cp1252) characters: Latin-1
  plus curly quotes, dashes, the euro sign and a few more. ``pdf_safe_text``
  replaces anything else with a plain look-alike ("−" becomes "-", "→"
  becomes "->") so that a person's own words never turn into black boxes.
* "page N of M" needs M before page 1 is drawn, so the document is laid out
  twice: once to count the pages, once to draw them. The page line sits in
  the margin, outside the text frame, so the count cannot change the layout.
* The chart is never chart-only: the weekly means are also in a table.

reportlab is imported inside the functions, so importing this module (or the
CLI) stays cheap.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from glimmers.core.i18n import _
from glimmers.core.analysis.report import Report, Section, Table
from glimmers.core.analysis.report_chart import weekly_chart

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
FONT_ITALIC = "Helvetica-Oblique"
BODY_SIZE = 11
PAGE_LINE_SIZE = 9
MARGIN_MM = 20
CHART_HEIGHT_MM = 62
MAX_LAYOUT_PASSES = 3
SHORT_TABLE_ROWS = 12
CELL_PADDING = 12  # reportlab's default 6 points each side

# Characters outside WinAnsi that people (and our own words) commonly use,
# with the plain look-alike Helvetica can draw. Anything else outside WinAnsi
# is decomposed (accents dropped: "ő" -> "o", ligatures split: "ﬁ" -> "fi")
# or, failing that, shown as "?".
REPLACEMENTS = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2015": "-",  # horizontal bar
    "\u2043": "-",  # hyphen bullet
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u21d2": "=>",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2248": "~",
    "\u2032": "'",
    "\u2033": '"',
    "\u2713": "v",
    "\u2714": "v",
    "\u2717": "x",
    "\u2718": "x",
    "\u2002": " ",
    "\u2003": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\ufe0f": "",  # emoji presentation selector
    "\t": " ",
}


def _drawable(character: str) -> bool:
    try:
        character.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def pdf_safe_text(text: str) -> str:
    """``text`` with every character one the built-in Helvetica can draw.

    Keeps WinAnsi characters (so "ü", "é", "€", "—" and curly quotes stay),
    maps common symbols through ``REPLACEMENTS``, decomposes the rest where a
    plain form exists, and uses "?" as the last resort. Newlines are kept;
    other control characters are dropped.
    """
    out = []
    for character in text.replace("\r\n", "\n").replace("\r", "\n"):
        if character in REPLACEMENTS:
            out.append(REPLACEMENTS[character])
        elif character == "\n":
            out.append(character)
        elif unicodedata.category(character) == "Cc":
            continue
        elif _drawable(character):
            out.append(character)
        else:
            plain = "".join(part for part in unicodedata.normalize("NFKD", character) if not unicodedata.combining(part))
            out.append(plain if plain and all(_drawable(part) and unicodedata.category(part) != "Cc" for part in plain) else "?")
    return "".join(out)


def _markup(text: str) -> str:
    """Words for a platypus Paragraph: safe characters, markup escaped, line breaks kept."""
    return escape(pdf_safe_text(text)).replace("\n", "<br/>")


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=BODY_SIZE, leading=15, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=10),
        "meta": ParagraphStyle("meta", parent=body, spaceAfter=2),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=14, spaceAfter=6, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName=FONT_BOLD, spaceBefore=4, spaceAfter=3, keepWithNext=1),
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=4),
        "note": ParagraphStyle("note", parent=body, fontName=FONT_ITALIC, textColor=colors.HexColor("#333333")),
        "cell": ParagraphStyle("cell", parent=body, leading=14, spaceAfter=0),
        "head_cell": ParagraphStyle("head_cell", parent=body, fontName=FONT_BOLD, leading=14, spaceAfter=0),
        "footer": ParagraphStyle("footer", parent=body, spaceBefore=2),
    }


def _column_widths(table: Table, width: float) -> list[float]:
    """Widths the way a browser lays out an automatic table, simplified.

    Each column wants its longest cell on one line and needs at least its
    longest word (so "Questionnaire" never breaks mid-word when there is
    room). If all wants fit, the table keeps its natural width. Otherwise
    narrow columns are served first in full and what is left is shared
    among the wider ones, never below what they need; only if even the
    needs do not fit are all columns scaled down together.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text: str, font: str) -> float:
        return stringWidth(pdf_safe_text(text), font, BODY_SIZE) + CELL_PADDING

    wants, needs = [], []
    for column in range(len(table.header)):
        cells = [(table.header[column], FONT_BOLD)] + [(row[column], FONT) for row in table.rows]
        wants.append(max(measure(text, font) for text, font in cells))
        needs.append(max(measure(word, font) for text, font in cells for word in (text.split() or [""])))
    if sum(wants) <= width:
        return wants  # everything fits on one line: a narrow table stays narrow
    if sum(needs) >= width:
        return [width * need / sum(needs) for need in needs]
    widths = [0.0] * len(wants)
    remaining, left = width, len(wants)
    for column in sorted(range(len(wants)), key=lambda index: wants[index]):
        share = remaining / left
        widths[column] = max(needs[column], min(wants[column], share))
        remaining -= widths[column]
        left -= 1
    if remaining > 0:  # rounding or a generous share: the widest column takes the rest
        widths[max(range(len(wants)), key=lambda index: wants[index])] += remaining
    total = sum(widths)
    return [column * width / total for column in widths] if total > width else widths


def _table(table: Table, width: float, styles: dict[str, Any]):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    data = [[Paragraph(_markup(cell), styles["head_cell"]) for cell in table.header]]
    data += [[Paragraph(_markup(cell), styles["cell"]) for cell in row] for row in table.rows]
    flowable = PdfTable(data, colWidths=_column_widths(table, width), repeatRows=1, hAlign="LEFT")
    flowable.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return flowable


def _section(section: Section, width: float, styles: dict[str, Any]) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    story: list = [Paragraph(_markup(section.title), styles["h2"])]
    story += [Paragraph(_markup(text), styles["body"]) for text in section.paragraphs]
    for item_list in section.lists:
        story.append(Paragraph(_markup(item_list.heading), styles["h3"]))
        if item_list.items:
            story += [Paragraph(_markup(item), styles["bullet"], bulletText="\u2022") for item in item_list.items]
        else:
            story.append(Paragraph(_markup(item_list.empty), styles["body"]))
    if section.chart is not None:
        story.append(weekly_chart(section.chart, width, CHART_HEIGHT_MM * mm, text=pdf_safe_text))
        story.append(Spacer(1, 4 * mm))
    rest: list = []
    if section.table is not None:
        rest += [_table(section.table, width, styles), Spacer(1, 3 * mm)]
    rest += [Paragraph(_markup(text), styles["note"]) for text in section.notes]
    # A short section is not split across two pages. A long table flows on
    # (repeating its header row) so that it does not leave a page half empty.
    # A chart already fills much of a page: its table may follow on the next.
    if section.chart is None and (section.table is None or len(section.table.rows) <= SHORT_TABLE_ROWS):
        return [KeepTogether(story + rest)]
    return [KeepTogether(story), *rest]


def _story(report: Report, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Paragraph, Spacer

    styles = _styles()
    story: list = [Paragraph(_markup(report.title), styles["title"])]
    story += [Paragraph(_markup(line), styles["meta"]) for line in report.header]
    for section in report.sections:
        story += _section(section, width, styles)
    story += [Spacer(1, 6 * mm), HRFlowable(width="100%", thickness=0.5, color=colors.HexColor("#999999"), spaceAfter=4)]
    story += [Paragraph(_markup(sentence), styles["footer"]) for sentence in report.footer]
    if _loses_characters(report):
        story.append(Paragraph(_markup(_(
            "Some characters in this report cannot be drawn with the PDF's font and show as \"?\". "
            "The report page in glimmers shows every character."
        )), styles["footer"]))
    return story


def _texts(report: Report):
    yield report.title
    yield from report.header
    yield from report.footer
    for section in report.sections:
        yield section.title
        yield from section.paragraphs
        yield from section.notes
        for item_list in section.lists:
            yield item_list.heading
            yield from item_list.items
        if section.table is not None:
            yield from section.table.header
            for row in section.table.rows:
                yield from row


def _loses_characters(report: Report) -> bool:
    """True when some text would be drawn with "?" in place of a character (never silently)."""
    return any(pdf_safe_text(text).count("?") > text.count("?") for text in _texts(report))


def _layout(report: Report, total_pages: int | None) -> tuple[bytes, int]:
    """One layout pass: the PDF bytes and how many pages it has."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    stamp = f"D:{report.generated_on:%Y%m%d}000000+00'00'"
    pages: list[int] = []
    page_width, _height = A4

    def page_furniture(canvas, document) -> None:
        """The margin line on every page: where help is, and page N of M."""
        canvas.saveState()
        canvas.setDateFormatter(lambda *_parts: stamp)  # the document's dates come from the report, not the clock
        canvas.setFont(FONT, PAGE_LINE_SIZE)
        number = canvas.getPageNumber()
        pages.append(number)
        total = str(total_pages) if total_pages is not None else "?"
        canvas.drawString(MARGIN_MM * mm, 11 * mm, pdf_safe_text(report.page_note))
        canvas.drawRightString(page_width - MARGIN_MM * mm, 11 * mm, pdf_safe_text(_("page %(n)d of %(total)s") % {"n": number, "total": total}))
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=(MARGIN_MM + 2) * mm,
        title=pdf_safe_text(report.title),
        subject=pdf_safe_text(report.subject),
        author="glimmers",
        creator="glimmers",
        invariant=1,
    )
    document.build(_story(report, document.width), onFirstPage=page_furniture, onLaterPages=page_furniture)
    return buffer.getvalue(), max(pages, default=0)


_FILE_ID = re.compile(rb"/ID\s*\[<([0-9a-fA-F]{32})><\1>\]")


def _with_content_id(data: bytes) -> bytes:
    """Set the trailer's file identifier from a hash of the file itself.

    reportlab seeds the identifier with a time stamp that honours the
    SOURCE_DATE_EPOCH environment variable even in invariant mode; deriving
    it from the content instead makes the bytes depend on the report alone.
    The new id has the same length and sits after the cross-reference
    table, so no offsets move. A file without the expected id is returned
    unchanged.
    """
    match = _FILE_ID.search(data)
    if match is None:
        return data
    original = match.group(0)

    def with_id(new_id: bytes) -> bytes:
        return data[:match.start()] + original.replace(match.group(1), new_id) + data[match.end():]

    digest = hashlib.md5(with_id(b"0" * 32), usedforsecurity=False).hexdigest().encode("ascii")
    return with_id(digest)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes: A4, Helvetica, page N of M, the same bytes for the same report."""
    _data, total = _layout(report, None)
    for _attempt in range(MAX_LAYOUT_PASSES):
        data, counted = _layout(report, total)
        if counted == total:
            break
        total = counted
    return _with_content_id(data)
