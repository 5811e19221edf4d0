"""The PDF receipt ("tanda terima") an applicant gets after submitting.

One A4 page in the person's language, in large type for older readers: the application
number and PIN, a QR code that opens the status page (no sign-in needed), that the service
is free, what happens next and by when, which documents were received, and whom to call.

Every text comes from the message catalogues through `translate(lang, message_id)`; only
the number, PIN, names, phone number, address of the status page and dates (formatted with
Babel) are not messages. The same input always gives the same bytes (the creation date is
the submission time), so a receipt can be rendered again on demand instead of stored.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from paduko_app.office import OFFICE_PHONE

from . import catalogue, receipt_fonts
from .calendar import WIB
from .formatting import format_date
from .messages import m

Translate = Callable[[str, str], str]

CHANNELS = ("own", "caregiver", "kiosk", "counter")

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT = "DejaVuSans"
MARGIN = 16  # mm, left and right
PDF_TITLE = "PADUKO \u2013 tanda terima"
BRAND = "PADUKO"  # the service's name, the same in every language

# Sizes in points (large type: body at least 14 pt, number and PIN at least 24 pt).
SIZE_BODY = 14
SIZE_HEADING = 17
SIZE_TITLE = 24
SIZE_KEY = 28  # application number, PIN
SIZE_EMPHASIS = 20  # due date, phone number
QR_SYMBOL_MM = 38.0  # width of the QR symbol itself, without its quiet zone
QR_BORDER_MODULES = 4  # the quiet zone the standard asks for

SIZE_FOOTER = 12  # application number and page, in the bottom margin
PT = 25.4 / 72  # mm per point
LEADING = 1.25  # line height as a multiple of the type size
SLACK_EM = 3.0  # room kept for a space and the widest glyph when bounding a text's lines (_Writer)
LABEL_WIDTH = 52.0  # mm, the label column of "label  value" rows
BULLET_INDENT = 7.0
BRAND_WIDTH = 36.0  # room for "PADUKO" beside the title
PHONE_WIDTH = 62.0  # room for the phone number beside "Need help?"

INK = (0, 0, 0)
MUTED = (60, 60, 60)  # still above 10:1 contrast on white
TINT = (235, 235, 235)  # light grey fill that prints well on black-and-white printers

# Message ids (extracted by pybabel through m()).
MSG_OFFICE = m("receipt.office")
MSG_TITLE = m("receipt.title")
MSG_RECEIVED = m("receipt.received")
MSG_NUMBER = m("receipt.number")
MSG_PIN = m("receipt.pin")
MSG_PIN_KEEP = m("receipt.pin_keep")
MSG_STATUS_QR = m("receipt.status.qr")
MSG_STATUS_WEB = m("receipt.status.web")
MSG_FREE = m("receipt.free")
MSG_SERVICE = m("receipt.service")
MSG_NAME = m("receipt.name")
MSG_FOR_PERSON = m("receipt.for_person")
MSG_APPLICANT = m("receipt.applicant")
MSG_KIOSK = m("receipt.kiosk")
MSG_SUBMITTED = m("receipt.submitted")
MSG_DOCUMENTS = m("receipt.documents")
MSG_NEXT_HEADING = m("receipt.next.heading")
MSG_NEXT = m("receipt.next")
MSG_OUTPUT = m("receipt.output")
MSG_HELP = m("receipt.help")
MSG_HELP_NUMBER = m("receipt.help_number")

MESSAGE_IDS = tuple(value for name, value in dict(globals()).items() if name.startswith("MSG_"))


@dataclass(frozen=True)
class ReceiptData:
    application_number: str  # "PP-4K7-HXM"
    pin: str  # 6 digits, shown only here and on the confirmation page
    service_code: str
    submitted_at: dt.datetime  # timezone-aware UTC
    due_date: dt.date  # the target date, in working days
    documents: tuple[str, ...]  # requirement ids received
    status_url: str  # absolute address of the status page; the QR code opens it
    applicant_name: str
    for_person_name: str  # the applicant's own name, or the parent a caregiver applies for
    channel: str  # "own", "caregiver", "kiosk" (or "counter")
    kelurahan_name: str | None = None  # kiosk: where the resident was helped
    office_phone: str = OFFICE_PHONE  # the number the office keeps at /admin/kantor

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", tuple(self.documents))
        if len(self.pin) != 6 or any(ch not in "0123456789" for ch in self.pin):
            raise ValueError("pin must be 6 digits")
        if self.submitted_at.tzinfo is None or self.submitted_at.utcoffset() is None:
            raise ValueError("submitted_at must be timezone-aware")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if not self.status_url.startswith(("https://", "http://")):
            raise ValueError("status_url must be an absolute http(s) address")
        service = catalogue.service(self.service_code)  # KeyError for an unknown service
        known = {d.id for d in service.documents}
        unknown = [d for d in self.documents if d not in known]
        if unknown:
            raise ValueError(f"documents not required by {self.service_code}: {unknown}")


def spaced_pin(pin: str) -> str:
    """"123456" -> "123 456": easier to read aloud and to copy."""
    return f"{pin[:3]} {pin[3:]}"


def display_address(url: str) -> str:
    """The status page's address as a person types it: no scheme, no query (they type the
    number and PIN into the page), no trailing slash."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def qr_png(url: str) -> tuple[bytes, int]:
    """The status address as a QR code (error correction M) in PNG, and its width in modules."""
    code = segno.make_qr(url, error="m", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=10, border=QR_BORDER_MODULES)
    return buffer.getvalue(), code.symbol_size(border=0)[0]


class _ReceiptPDF(FPDF):
    def __init__(self, application_number: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._application_number = application_number

    def footer(self) -> None:
        # Numbers only, nothing to translate: which application, which page.
        self.set_y(-12)
        self.set_font(FONT, "", SIZE_FOOTER)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self._application_number}   \u00b7   {self.page_no()}/{{nb}}", align="C")


def _line_height(size: float) -> float:
    return size * PT * LEADING


class _Writer:
    """Layout helpers over one document; sizes in points, distances in mm.

    Each helper draws one block that is never split over two pages (a label is never
    left at the foot of a page with its value on the next).
    """

    def __init__(self, pdf: FPDF):
        self.pdf = pdf

    def _font(self, size: float, bold: bool, color=INK) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def height(self, text: str, size: float = SIZE_BODY, *, bold: bool = False, width: float = 0) -> float:
        """The exact height: lays the text out (a dry run of `multi_cell`)."""
        self._font(size, bold)
        return self.pdf.multi_cell(width, _line_height(size), text, dry_run=True, output="HEIGHT")

    def height_at_most(self, text: str, size: float = SIZE_BODY, *, bold: bool = False, width: float = 0) -> float:
        """A bound of `height` from the text's width alone, without laying it out.

        Wrapping is greedy: a line ends only where the next word (or, in a word too long for a
        line, the next character) did not fit, so two consecutive lines together are wider than
        the room less a space and a glyph. Hence a paragraph of width W takes at most
        2 W / room + 1 lines; SLACK_EM covers the space and the widest glyph generously.
        """
        self._font(size, bold)
        pdf = self.pdf
        room = (width or pdf.w - pdf.r_margin - pdf.x) - 2 * pdf.c_margin - SLACK_EM * size * PT
        if room <= 0:
            return self.height(text, size, bold=bold, width=width)
        lines = sum(2 * pdf.get_string_width(part) / room + 1 for part in text.split("\n"))
        return lines * _line_height(size)

    def keep(self, height_of: Callable[[Callable[..., float]], float]) -> None:
        """Start a new page unless a block still fits on this one. `height_of(measure)` adds up the
        block's texts with `measure` (max and + only): first with the cheap bound, and only near
        the foot of a page, where the bound may not fit, with the exact layout."""
        if self.pdf.will_page_break(height_of(self.height_at_most)) and self.pdf.will_page_break(
                height_of(self.height)):
            self.pdf.add_page()

    def text(self, text: str, size: float = SIZE_BODY, *, bold: bool = False, color=INK,
             width: float = 0, after: float = 0.0) -> None:
        self.keep(lambda h: h(text, size, bold=bold, width=width))
        self._font(size, bold, color)
        self.pdf.multi_cell(width, _line_height(size), text, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if after:
            self.pdf.ln(after)

    def rule(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())

    def pair(self, label: str, value: str, *, value_size: float = SIZE_BODY, after: float = 1.0) -> None:
        """"Label   value" on one row; each wraps in its own column."""
        pdf = self.pdf
        value_width = pdf.w - pdf.r_margin - pdf.l_margin - LABEL_WIDTH
        self.keep(lambda h: max(h(label, width=LABEL_WIDTH - 3), h(value, value_size, bold=True, width=value_width)))
        top = pdf.get_y()
        self._font(SIZE_BODY, False, MUTED)
        # The label sits on the value's baseline when the value is larger.
        label_top = top + (_line_height(value_size) - _line_height(SIZE_BODY)) * 0.7
        pdf.set_y(label_top)
        pdf.multi_cell(LABEL_WIDTH - 3, _line_height(SIZE_BODY), label, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + LABEL_WIDTH, top)
        self._font(value_size, True)
        pdf.multi_cell(value_width, _line_height(value_size), value, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(pdf.get_y(), label_bottom) + after)

    def bullet(self, text: str) -> None:
        pdf = self.pdf
        width = pdf.w - pdf.r_margin - pdf.l_margin - BULLET_INDENT
        self.keep(lambda h: h(text, width=width))
        top = pdf.get_y()
        self._font(SIZE_BODY, True)
        pdf.cell(BULLET_INDENT, _line_height(SIZE_BODY), "\u2022", align="C")
        pdf.set_xy(pdf.l_margin + BULLET_INDENT, top)
        self._font(SIZE_BODY, False)
        pdf.multi_cell(width, _line_height(SIZE_BODY), text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.6)


def render_receipt(data: ReceiptData, lang: str, translate: Translate) -> bytes:
    """The receipt as an A4 PDF in `lang`; the same input always gives the same bytes."""
    service = catalogue.service(data.service_code)
    labels = {d.id: d.label for d in service.documents}

    def t(message_id: str) -> str:
        return translate(lang, message_id)

    submitted_at = data.submitted_at.astimezone(dt.timezone.utc)
    pdf = _ReceiptPDF(data.application_number)
    receipt_fonts.add_font(pdf, FONT, "", FONT_REGULAR)  # parsed once per process, not per receipt
    receipt_fonts.add_font(pdf, FONT, "B", FONT_BOLD)
    pdf.set_margins(MARGIN, 11, MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    # Metadata: no personal data; dated by the submission so the output is reproducible.
    pdf.set_title(PDF_TITLE)
    pdf.set_creator(BRAND)
    pdf.set_lang(lang)
    pdf.set_creation_date(submitted_at)
    pdf.add_page()
    w = _Writer(pdf)
    content_width = pdf.w - 2 * MARGIN

    # Who issues it, and what it is.
    w.text(t(MSG_OFFICE), SIZE_BODY, color=MUTED, after=1)
    top = pdf.get_y()
    w._font(SIZE_HEADING, True, MUTED)
    pdf.set_xy(pdf.w - MARGIN - BRAND_WIDTH, top + 1.2)
    pdf.cell(BRAND_WIDTH, _line_height(SIZE_HEADING), BRAND, align="R")
    pdf.set_xy(MARGIN, top)
    w.text(t(MSG_TITLE), SIZE_TITLE, bold=True, width=content_width - BRAND_WIDTH)
    w.text(t(MSG_RECEIVED), SIZE_BODY, after=3)

    # Number, PIN and QR code in one framed block: all one needs to check the status.
    png, modules = qr_png(data.status_url)
    qr_width = QR_SYMBOL_MM * (modules + 2 * QR_BORDER_MODULES) / modules
    pad = 4.0
    box_top = pdf.get_y()
    inner = content_width - 2 * pad
    pdf.set_left_margin(MARGIN + pad)
    pdf.set_y(box_top + pad)
    left = content_width - qr_width - pad  # the column beside the QR code
    w.text(t(MSG_NUMBER), SIZE_BODY, color=MUTED, width=left)
    w.text(data.application_number, SIZE_KEY, bold=True, width=left, after=1.5)
    w.text(t(MSG_PIN), SIZE_BODY, color=MUTED, width=left)
    w.text(spaced_pin(data.pin), SIZE_KEY, bold=True, width=left, after=1.5)
    w.text(t(MSG_STATUS_QR), SIZE_BODY, width=left)
    # The PNG's quiet zone is white, so the code may sit close to the frame.
    pdf.image(io.BytesIO(png), x=pdf.w - MARGIN - qr_width - 0.5, y=box_top + 0.5, w=qr_width, h=qr_width)
    pdf.set_y(max(pdf.get_y(), box_top + 0.5 + qr_width) + 1)
    w.text(t(MSG_STATUS_WEB), SIZE_BODY, width=inner)
    w.text(display_address(data.status_url), SIZE_BODY, bold=True, width=inner, after=1.5)
    w.text(t(MSG_PIN_KEEP), SIZE_BODY, bold=True, width=inner)
    pdf.set_left_margin(MARGIN)
    box_bottom = pdf.get_y() + pad - 1
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.7)
    pdf.rect(MARGIN, box_top, content_width, box_bottom - box_top)
    pdf.set_y(box_bottom + 4)

    # Free of charge, stated plainly.
    pdf.set_fill_color(*TINT)
    w._font(SIZE_HEADING, True)
    pdf.multi_cell(0, _line_height(SIZE_HEADING), t(MSG_FREE), fill=True, padding=(1.5, 4),
                   align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3.5)

    # What was applied for, and for whom.
    w.pair(t(MSG_SERVICE), t(service.name))
    if data.channel == "caregiver":
        w.pair(t(MSG_FOR_PERSON), data.for_person_name)
        w.pair(t(MSG_APPLICANT), data.applicant_name)
    else:
        w.pair(t(MSG_NAME), data.for_person_name)
    if data.channel == "kiosk" and data.kelurahan_name:
        w.pair(t(MSG_KIOSK), data.kelurahan_name)
    w.pair(t(MSG_SUBMITTED), format_date(submitted_at.astimezone(WIB).date(), lang))

    # What happens next, and by when (kept together).
    heading, next_text, due = (t(MSG_NEXT_HEADING), t(MSG_NEXT),
                               format_date(data.due_date, lang, weekday=True))
    pdf.ln(2.5)
    w.keep(lambda h: h(heading, SIZE_HEADING, bold=True) + h(next_text) + h(due, SIZE_EMPHASIS, bold=True) + 2)
    w.text(heading, SIZE_HEADING, bold=True, after=0.5)
    w.text(next_text, SIZE_BODY)
    w.text(due, SIZE_EMPHASIS, bold=True, after=1.5)
    w.pair(t(MSG_OUTPUT), "\n".join(t(catalogue.OUTPUT_LABELS[o]) for o in service.outputs))

    # What was received: the one part whose length varies, so it comes after what matters most.
    if data.documents:
        pdf.ln(1.5)
        first = t(labels[data.documents[0]])
        w.keep(lambda h: h(t(MSG_DOCUMENTS)) + h(first, width=content_width - BULLET_INDENT))
        w.text(t(MSG_DOCUMENTS), SIZE_BODY, color=MUTED)
        for doc_id in data.documents:
            w.bullet(t(labels[doc_id]))

    # Whom to call: the number in large type beside the question.
    help_text, help_number = t(MSG_HELP), t(MSG_HELP_NUMBER)
    help_width = content_width - PHONE_WIDTH
    pdf.ln(1)
    w.keep(lambda h: 4 + max(h(help_text, width=help_width), _line_height(SIZE_EMPHASIS)) + h(help_number))
    w.rule()
    pdf.ln(2.5)
    top = pdf.get_y()
    w._font(SIZE_EMPHASIS, True)
    pdf.set_xy(pdf.w - MARGIN - PHONE_WIDTH, top)
    pdf.cell(PHONE_WIDTH, _line_height(SIZE_EMPHASIS), data.office_phone, align="R")
    pdf.set_xy(MARGIN, top + (_line_height(SIZE_EMPHASIS) - _line_height(SIZE_BODY)) * 0.7)
    w.text(help_text, SIZE_BODY, width=help_width - 2)
    pdf.set_y(max(pdf.get_y(), top + _line_height(SIZE_EMPHASIS)))
    w.text(help_number, SIZE_BODY)

    return bytes(pdf.output())
