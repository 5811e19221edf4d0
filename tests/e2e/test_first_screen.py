"""The first screen belongs to the question: positions measured with bounding boxes at the largest
text on a 390x844 phone, in Indonesian, Minang and English (issue 9).

Limits: a wizard question's heading starts within the top 200 px and its first answer control is
visible without scrolling; the main button is within two screens (1,688 px); an error summary sits
above the question without pushing its heading off the first screen; the check page's "Kirim" is
within three screens (2,532 px). Minang screenshots go to test-artifacts/screens/ for a person to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from tests.a11y.test_axe import _axe
from tests.browser_fixtures import ARTIFACTS
from tests.e2e.wizard_walker import send, tr, walk_to_check_page

LANGS = ("id", "min", "en")
SCREEN = 844
HEADING_TOP_MAX = 200
LINE = 60  # one line of a question heading at the largest text
SERVICES = ("KTP_CETAK", "KIA", "AKTA_LAHIR")
SCREENS = ARTIFACTS / "screens"
FIRST_CONTROL = "#answer-text, #answer-long, #answer-day, .choice-label, .file-input + label"

# Positions in page coordinates (top of the document), whatever the scroll.
MEASURE = """sel => {
  const box = q => { const e = document.querySelector(q); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY}; };
  return {heading: box('main h1'), control: box(sel.control), button: box(sel.button),
          summary: box('#error-summary'), width: document.documentElement.scrollWidth};
}"""


def _largest(page, lang: str) -> None:
    page.evaluate(f"localStorage.setItem('paduko_lang','{lang}'); localStorage.setItem('paduko_text_size','largest')")


def _measure(page, button: str = "main form button[type=submit]") -> dict:
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("data-text-size", "largest")
    return page.evaluate(MEASURE, {"control": FIRST_CONTROL, "button": button})


def _in_each_language(page, name: str, check, heading: str) -> dict:
    """Reload the same wizard step in each language (the wizard resumes where it stopped)."""
    found = {}
    for lang in LANGS:
        _largest(page, lang)
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        found[lang] = box = _measure(page)
        check(lang, box)
        if lang == "min":
            SCREENS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENS / f"first-screen-min-{name}.png"), full_page=True)
    _largest(page, "id")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)  # back where the walk left it
    page.wait_for_load_state("networkidle")
    return found


def _question_fits(lang: str, box: dict) -> None:
    assert box["width"] <= 390, (lang, box)  # the slim bar never pushes the page sideways
    assert box["heading"]["top"] <= HEADING_TOP_MAX, (lang, box)
    assert box["control"] is not None and box["control"]["bottom"] <= SCREEN, (lang, box)
    assert box["button"]["bottom"] <= 2 * SCREEN, (lang, box)


@pytest.mark.parametrize("code", SERVICES)
def test_question_owns_the_first_screen_in_every_language(resident, code, tmp_path):
    page = resident
    page.goto("/")
    _largest(page, "id")
    svc = catalogue.service(code)
    measured = []

    def on_step(step: int, heading: str) -> None:
        """The first question, and the first photo page; the check page is measured below."""
        if heading == tr("wizard.check.heading"):
            return
        kind = "upload" if page.locator("#upload-file").count() else "question"
        if step == 0 or (kind == "upload" and all(k != "upload" for k, _ in measured)):
            measured.append((kind, _in_each_language(page, f"{code.lower()}-{kind}", _question_fits, heading)))

    walk_to_check_page(page, svc, tmp_path, on_step=on_step)
    print(code, measured)
    assert measured and {k for k, _ in measured} == {"question", "upload"}
    send_name = "main button.button"
    for lang in LANGS:
        _largest(page, lang)
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(translate(lang, "wizard.check.heading"))
        box = _measure(page, send_name)
        print(code, "check", lang, box)
        assert box["button"]["bottom"] <= 3 * SCREEN, (lang, box)
        assert box["width"] <= 390, (lang, box)
        _check_rows_are_compact(page, svc, lang)
        assert _axe(page, f"{code} check {lang}") == []  # the sections and compact rows stay accessible
        if lang == "min":
            page.screenshot(path=str(SCREENS / f"first-screen-min-{code.lower()}-check.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": SCREEN})  # the smallest phone: no sideways scroll
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate(LANGS[-1], "wizard.check.heading"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 390, "height": SCREEN})
    _largest(page, "id")
    page.reload()
    send(page)


def _check_rows_are_compact(page, svc, lang: str) -> None:
    """Every answer is listed (none folded away), each "Ubah" is a 44 px target named after its answer."""
    first = svc.questions[0]
    change = translate(lang, "wizard.change")
    button = page.get_by_role("button", name=f"{change} {translate(lang, first.short or first.label)}", exact=True)
    expect(button).to_be_visible()
    shown = page.locator(".summary-row").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    heights = page.locator(".summary-change").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(shown) == len(heights) and min(shown) > 0, (shown, heights)
    assert min(heights) >= 44, heights
    # A NIK or number is read as one: it keeps one line beside its "Ubah" at 390 px.
    wrapped = page.locator(".summary-value").evaluate_all(
        "els => els.filter(e => /^[0-9]+$/.test(e.textContent.trim()))"
        ".filter(e => e.getBoundingClientRect().height >= 1.5 * parseFloat(getComputedStyle(e).lineHeight))"
        ".map(e => e.textContent)")
    assert wrapped == [], (lang, wrapped)


@pytest.mark.parametrize("lang", LANGS)
def test_error_summary_keeps_the_question_on_the_first_screen(resident, lang):
    page = resident
    page.goto("/")
    _largest(page, lang)
    page.goto("/layanan/pindah-datang")  # a service the other tests here leave untouched
    page.get_by_role("button", name=translate(lang, "service_page.apply.start")).click()
    expect(page.locator(".step-count")).to_be_visible()
    page.locator(FIRST_CONTROL).first.wait_for()
    for field in page.locator("#answer-text, #answer-long").all():
        field.fill("")
    page.get_by_role("button", name=translate(lang, "wizard.continue")).click()
    expect(page.locator("#error-summary")).to_be_visible()
    box = page.evaluate(MEASURE, {"control": FIRST_CONTROL, "button": "main form button[type=submit]"})
    print(lang, "error", box)
    assert box["summary"]["bottom"] <= box["heading"]["top"], box
    assert box["heading"]["top"] + LINE <= SCREEN, box  # at least its first line on the first screen
    if lang == "min":
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / "first-screen-min-error.png"), full_page=True)
