"""Walks the wizard for any service as a resident would, answering from the catalogue."""

from __future__ import annotations

import datetime as dt
import io
import re

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from paduko_app.domain import catalogue
from paduko_app.domain.fields import FieldType
from paduko_app.i18n import translate

TODAY = dt.date.today()
RECENT = {  # event dates inside the legal deadlines, so no late-report question
    "child_birth_date": TODAY - dt.timedelta(days=10),
    "death_date": TODAY - dt.timedelta(days=5),
    "marriage_date": TODAY - dt.timedelta(days=10),
    "decision_date": TODAY - dt.timedelta(days=10),
}
KIA_CHILD = dt.date(TODAY.year - 8, 6, 17)  # 8 years old: the KIA needs a photo
NIKS = {"child_nik": "1374011706180003", "mother_nik": "1374015203580001", "father_nik": "1374020506850002",
        "deceased_nik": "1374010101400009", "husband_nik": "1374020506850002", "wife_nik": "1374014506920005",
        "former_spouse_nik": "1374020506850002"}
TEXTS = {FieldType.TEXT: "Contoh Nama", FieldType.LONG_TEXT: "Jl. Sudirman No. 7, Padang Panjang",
         FieldType.PHONE: "0812 3456 7890", FieldType.TIME: "08.30", FieldType.KK: "1374 0101 0109 0001"}
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
NUMBERS = {"birth_order": "1", "birth_weight": "3.200", "member_count": "3", "movers_count": "2"}


def tr(message_id: str) -> str:
    return translate("id", message_id)


def document_photo(label: str) -> bytes:
    """A plausible phone photo of a document: a page of text on a table."""
    image = Image.new("RGB", (1600, 1200), (120, 90, 60))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 100, 1400, 1100), fill="white")
    for row in range(24):
        draw.text((240, 130 + row * 38), f"{label}  Nomor 1374-{row:04d}  Padang Panjang", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _question_for(svc: catalogue.Service, heading: str) -> catalogue.Question:
    optional = tr(catalogue.OPTIONAL_MARK)
    text = heading.replace(optional, "").strip()
    for question in svc.questions:
        if tr(question.label).strip() == text:
            return question
        if question.label_other:  # asked about someone else, with the name the applicant typed
            marker = "\x00"
            pattern = re.escape(translate("id", question.label_other, name=marker).strip()).replace(re.escape(marker), ".+")
            if re.fullmatch(pattern, text):
                return question
    raise AssertionError(f"no question of {svc.code} has the heading {heading!r}")


def answer_question(page: Page, svc: catalogue.Service, question: catalogue.Question) -> None:
    if question.type is FieldType.DATE:
        day = KIA_CHILD if svc.code == "KIA" else RECENT.get(question.id, dt.date(1980, 8, 17))
        page.get_by_label(tr("wizard.date.day")).fill(str(day.day))
        page.get_by_label(tr("wizard.date.month")).fill(MONTHS[day.month])  # month names are accepted
        page.get_by_label(tr("wizard.date.year")).fill(str(day.year))
    elif question.type in (FieldType.CHOICE, FieldType.YES_NO, FieldType.KELURAHAN):
        page.locator(".choice-label").first.click()
    elif question.type is FieldType.NIK:
        page.locator("#answer-text").fill(NIKS.get(question.id, "1374015203580001"))
    elif question.type is FieldType.NUMBER:
        page.locator("#answer-text").fill(NUMBERS.get(question.id, "1"))
    elif question.type is FieldType.LONG_TEXT:
        page.locator("#answer-long").fill(TEXTS[FieldType.LONG_TEXT])
    else:
        page.locator("#answer-text").fill(TEXTS.get(question.type, "Contoh"))
    page.get_by_role("button", name=tr("wizard.continue")).click()


def upload_photo(page: Page, tmp_path, label: str) -> None:
    path = tmp_path / f"{re.sub(r'[^a-z0-9]+', '-', label.lower())[:40]}.jpg"
    path.write_bytes(document_photo(label))
    page.locator("#upload-file").set_input_files(str(path))
    expect(page.locator("#upload-status")).to_contain_text(tr("upload.done"))
    page.get_by_role("button", name=tr("wizard.continue")).click()


def walk_to_check_page(page: Page, svc: catalogue.Service, tmp_path, *, on_step=None) -> None:
    """From the service page to the check page, one page at a time."""
    page.goto(f"/layanan/{svc.code.lower().replace('_', '-')}")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))
    expect(page.locator(".step-count")).to_be_visible()
    check_heading = tr("wizard.check.heading")
    last = None
    for step in range(60):
        heading = page.get_by_role("heading", level=1)
        expect(heading).not_to_have_text(last or "\0")  # the next page has arrived
        text = heading.inner_text().strip()
        if on_step:
            on_step(step, text)
        if text == check_heading:
            return
        last = text
        if page.locator("#upload-file").count():
            upload_photo(page, tmp_path, text)
        else:
            answer_question(page, svc, _question_for(svc, text))
    raise AssertionError("the wizard never reached the check page")


def send(page: Page) -> tuple[str, str]:
    page.get_by_role("button", name=tr("wizard.send")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("wizard.done.heading"))
    number, pin = [el.inner_text().strip() for el in page.locator(".big-number").all()]
    return number, pin
