"""The PDF receipt: readable text in each language, a QR code that opens the status page,
no text that bypasses the catalogues, the same bytes for the same input.

Text is read back with `pdftotext` and the QR code with `zbarimg` (Debian packages
poppler-utils and zbar-tools); checks that need a missing tool are skipped, saying which.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paduko_app.domain import catalogue, receipt
from paduko_app.domain.formatting import format_date
from paduko_app.domain.receipt import ReceiptData, render_receipt
from paduko_app.i18n import translate as real_translate
from paduko_app.office import OFFICE_PHONE

STATUS_URL = "https://paduko.padangpanjangkota.go.id/status?n=PP-4K7-HXM"


def fake_translate(lang: str, message_id: str) -> str:
    return f"[{lang}:{message_id}]"


def needs(tool: str, package: str):
    return pytest.mark.skipif(shutil.which(tool) is None,
                              reason=f"{tool} not installed (Debian package {package})")


def make(service_code: str = "AKTA_LAHIR", channel: str = "caregiver", documents: tuple[str, ...] | None = None,
         **changes) -> ReceiptData:
    if documents is None:
        documents = tuple(d.id for d in catalogue.service(service_code).documents)
    data = ReceiptData(
        application_number="PP-4K7-HXM", pin="123456", service_code=service_code,
        submitted_at=dt.datetime(2026, 3, 9, 18, 30, tzinfo=dt.timezone.utc),  # 10 March in WIB
        due_date=dt.date(2026, 3, 11), documents=documents, status_url=STATUS_URL,
        applicant_name="Andi Saputra", for_person_name="Ibu Rosnah" if channel == "caregiver" else "Andi Saputra",
        channel=channel, kelurahan_name="Ganting" if channel == "kiosk" else None,
    )
    return dataclasses.replace(data, **changes) if changes else data


def usual() -> ReceiptData:
    service_code, channel, _lang, documents = CASES[0]
    return make(service_code, channel, documents)


@functools.cache
def rendered(data: ReceiptData, lang: str, translator: str) -> bytes:
    translate = fake_translate if translator == "fake" else real_translate
    return render_receipt(data, lang, translate)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    # -raw keeps drawing order: a label, then its value, lines of one paragraph together.
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def squeeze(text: str) -> str:
    """Without whitespace: line breaks fall where the layout puts them (also after a hyphen)."""
    return "".join(text.split())


# service, channel, language, documents received: each channel and language at least once.
CASES = [
    ("AKTA_LAHIR", "caregiver", "min", ("surat_keterangan_lahir", "f204", "kk")),  # a usual application
    ("KTP_REKAM", "own", "id", ("kk",)),  # two outputs
    ("AKTA_KAWIN", "kiosk", "en", None),  # every document: the longest receipt
]


def expected_texts(data: ReceiptData, lang: str, translate) -> list[str]:
    service = catalogue.service(data.service_code)
    labels = {d.id: d.label for d in service.documents}
    texts = [
        data.application_number, "123 456", OFFICE_PHONE, receipt.display_address(data.status_url),
        translate(lang, service.name), translate(lang, receipt.MSG_FREE), translate(lang, receipt.MSG_NEXT),
        format_date(data.due_date, lang, weekday=True), format_date(dt.date(2026, 3, 10), lang),
        data.for_person_name,
    ]
    texts += [translate(lang, labels[doc]) for doc in data.documents]
    texts += [translate(lang, catalogue.OUTPUT_LABELS[o]) for o in service.outputs]
    if data.channel == "caregiver":
        texts += [data.applicant_name, translate(lang, receipt.MSG_APPLICANT)]
    if data.channel == "kiosk":
        texts += [data.kelurahan_name]
    return texts


@needs("pdftotext", "poppler-utils")
@pytest.mark.parametrize("service_code, channel, lang, documents", CASES)
@pytest.mark.parametrize("translator", ["fake", "real"])
def test_receipt_shows_everything_a_person_needs(service_code, channel, lang, documents, translator, tmp_path):
    data = make(service_code, channel, documents)
    pdf = rendered(data, lang, translator)
    assert pdf.startswith(b"%PDF-")
    text = squeeze(pdf_text(pdf, tmp_path))
    translate = fake_translate if translator == "fake" else real_translate
    for expected in expected_texts(data, lang, translate):
        assert squeeze(expected) in text, expected
    assert ("IbuRosnah" in text) == (channel == "caregiver")


@needs("pdftotext", "poppler-utils")
def test_the_receipt_gives_the_number_the_office_keeps(tmp_path):
    text = squeeze(pdf_text(rendered(make(office_phone="0752-82123"), "min", "real"), tmp_path))
    assert "0752-82123" in text and squeeze(OFFICE_PHONE) not in text


@needs("pdftotext", "poppler-utils")
@pytest.mark.parametrize("service_code, channel, lang, documents", CASES)
def test_every_text_comes_from_the_catalogue(service_code, channel, lang, documents, tmp_path):
    """With a fake translation, nothing is left once the message ids and the data are removed."""
    data = make(service_code, channel, documents)
    text = squeeze(pdf_text(rendered(data, lang, "fake"), tmp_path))
    text = re.sub(rf"\[{lang}:[a-z0-9_.]+\]", "", text)
    allowed = [
        data.application_number, "123456", data.applicant_name, data.for_person_name, data.kelurahan_name or "",
        OFFICE_PHONE, receipt.display_address(data.status_url), receipt.BRAND,
        format_date(data.due_date, lang, weekday=True), format_date(dt.date(2026, 3, 10), lang),
    ]
    for value in sorted(allowed, key=len, reverse=True):
        text = text.replace(squeeze(value), "")
    assert re.sub(r"[\u2022\u00b7/1-9]", "", text) == ""  # bullets, and the footer's "1/2"


def test_ids_in_the_fake_are_the_ones_declared():
    assert set(receipt.MESSAGE_IDS) >= {"receipt.title", "receipt.free", "receipt.next"}
    assert all(message_id.startswith("receipt.") for message_id in receipt.MESSAGE_IDS)


@needs("pdftotext", "poppler-utils")
def test_a_usual_receipt_fits_on_one_page(tmp_path):
    service_code, channel, lang, documents = CASES[0]
    pdf = rendered(make(service_code, channel, documents), lang, "real")
    assert pdf_text(pdf, tmp_path).count("\f") == 1


@needs("pdftoppm", "poppler-utils")
@needs("zbarimg", "zbar-tools")
def test_qr_code_opens_the_status_page(tmp_path):
    path = tmp_path / "receipt.pdf"
    path.write_bytes(rendered(usual(), "min", "fake"))
    # The top of page 1 (the code sits in the first block), grey, uncompressed: fast.
    subprocess.run(["pdftoppm", "-gray", "-r", "100", "-f", "1", "-l", "1", "-H", "600", "-singlefile",
                    str(path), str(tmp_path / "page")], check=True)
    # zbarimg may complain on stderr about D-Bus; only its result matters.
    result = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.pgm")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == STATUS_URL


@needs("pdfimages", "poppler-utils")
def test_qr_code_is_at_least_35_mm_wide(tmp_path):
    path = tmp_path / "receipt.pdf"
    path.write_bytes(rendered(usual(), "min", "fake"))
    listing = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    row = listing.splitlines()[2].split()  # page num type width height color comp bpc enc interp object ID x-ppi
    width_px, ppi = int(row[3]), float(row[12])
    _png, modules = receipt.qr_png(STATUS_URL)
    symbol_mm = width_px / ppi * 25.4 * modules / (modules + 2 * receipt.QR_BORDER_MODULES)
    assert symbol_mm >= 35


def test_large_type():
    assert receipt.SIZE_BODY >= 14 and receipt.SIZE_KEY >= 24
    assert receipt.spaced_pin("123456") == "123 456"


def test_same_input_same_bytes_and_metadata(tmp_path):
    first = rendered(usual(), "min", "fake")
    assert render_receipt(usual(), "min", fake_translate) == first  # rendered afresh
    if shutil.which("pdfinfo"):
        path = tmp_path / "receipt.pdf"
        path.write_bytes(first)
        info = subprocess.run(["pdfinfo", "-isodates", str(path)], check=True, capture_output=True,
                              text=True).stdout
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        assert fields["Title"].strip() == "PADUKO \u2013 tanda terima"
        assert fields["CreationDate"].strip().startswith("2026-03-09T18:30:00")
        assert "Author" not in fields
        assert "Rosnah" not in info and "Andi" not in info


@pytest.mark.parametrize("change", [
    {"pin": "12345"}, {"pin": "12a456"}, {"pin": "\u0661\u0662\u0663456"},  # Arabic-Indic digits
    {"submitted_at": dt.datetime(2026, 3, 9, 18, 30)},  # naive
    {"channel": "fax"}, {"status_url": "/status"},
    {"documents": ("ktp_el",)},  # not a document of AKTA_LAHIR
    {"service_code": "NO_SUCH"},
])
def test_bad_data_is_refused(change):
    with pytest.raises((ValueError, KeyError)):
        make(**change)


def test_display_address_is_what_a_person_types():
    assert receipt.display_address(STATUS_URL) == "paduko.padangpanjangkota.go.id/status"
    assert receipt.display_address("http://localhost:3000/status/") == "localhost:3000/status"


def _fpdf_add_font(pdf, family, style, path):
    """fpdf2's own way: parse the whole font file for this document."""
    pdf.add_font(family, style, str(path))


@needs("pdftotext", "poppler-utils")
def test_fonts_parsed_once_give_the_same_bytes_as_fpdf2s_own_add_font(tmp_path, monkeypatch):
    """The fonts are parsed once per process, without the tables fpdf2's output drops anyway
    (receipt_fonts.py): the PDF is byte for byte what fpdf2's add_font gives, for Latin names and
    for names in other scripts DejaVu Sans covers."""
    data = make(applicant_name="Анна Петрова",
                for_person_name="Ibu Rosnah Šarić")
    cached = [render_receipt(data, lang, real_translate) for lang in ("id", "min", "en")]
    monkeypatch.setattr(receipt.receipt_fonts, "add_font", _fpdf_add_font)
    assert cached == [render_receipt(data, lang, real_translate) for lang in ("id", "min", "en")]
    assert "АннаПетрова" in squeeze(pdf_text(cached[0], tmp_path))


def test_receipts_rendered_at_once_in_threads_are_each_complete():
    """Handler threads share the parsed fonts: each document keeps its own subset."""
    from concurrent.futures import ThreadPoolExecutor

    names = ["Andi Saputra", "Ibu Rosnah", "Zulkifli Yahya", "Quentin Wöhler"]
    alone = [render_receipt(make(for_person_name=n), "id", fake_translate) for n in names]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda n: render_receipt(make(for_person_name=n), "id", fake_translate), names * 3))
    assert together == alone * 3


def test_laying_each_block_out_once_gives_the_same_bytes_as_measuring_it_first(monkeypatch):
    """`_Writer.keep` lays a block out beforehand only near the foot of a page (a bound from the
    text's width decides): the PDF is byte for byte the one measured before every block, for
    receipts of one page and of two, where the bound does not fit and the exact height decides."""
    long_name = " ".join(["Sutan Rajo Mangkuto Alam Sati Bagindo"] * 6)
    cases = [(make(service_code, channel, documents), lang) for service_code, channel, lang, documents in CASES]
    cases += [(make("AKTA_KAWIN", "caregiver", None, for_person_name=long_name, applicant_name=long_name), lang)
              for lang in ("id", "min", "en")]
    laid_out_once = [render_receipt(data, lang, real_translate) for data, lang in cases]
    bounds_used = []
    monkeypatch.setattr(receipt._Writer, "height_at_most",
                        lambda self, *args, **kwargs: bounds_used.append(1) or receipt._Writer.height(self, *args, **kwargs))
    measured_first = [render_receipt(data, lang, real_translate) for data, lang in cases]
    assert bounds_used and laid_out_once == measured_first
    assert any(len(re.findall(rb"/Type /Page\b", pdf)) == 2 for pdf in laid_out_once)  # a two-page receipt too


def test_the_bound_of_a_text_is_never_below_its_height():
    from fpdf import FPDF

    pdf = FPDF()
    receipt.receipt_fonts.add_font(pdf, receipt.FONT, "", receipt.FONT_REGULAR)
    receipt.receipt_fonts.add_font(pdf, receipt.FONT, "B", receipt.FONT_BOLD)
    pdf.add_page()
    writer = receipt._Writer(pdf)
    texts = ["", "a", "PP-4K7-HXM", "W" * 120, "Surat keterangan lahir dari dokter atau bidan\nKK",
             " ".join(["Kartu Keluarga"] * 40), "x" * 500, "Анна Петрова " * 30]
    for text in texts:
        for size, bold, width in [(14, False, 0), (28, True, 60.0), (17, True, 40.0), (14, False, 126.0)]:
            assert writer.height_at_most(text, size, bold=bold, width=width) >= writer.height(
                text, size, bold=bold, width=width), (text[:20], size, width)
