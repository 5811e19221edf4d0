"""An older resident's path, shortened (issue 9): a short home page, error links that focus their
field, targets of at least 44 px, numbers that never break, and the screens from home to receipt.

Positions are measured with bounding boxes on a 390x844 phone at the largest text, in Indonesian,
Minang and English. Minang screenshots go to test-artifacts/screens/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from tests.browser_fixtures import ARTIFACTS, code_from_demo_outbox, signed_in_resident
from tests.e2e.wizard_walker import document_photo, tr

LANGS = ("id", "min", "en")
SCREEN = 844
SCREENS = ARTIFACTS / "screens"
TARGET_MIN_PX = 44

# Every visible link, button, disclosure and label styled as a button, with its height.
TARGETS = """() => [...document.querySelectorAll('a, button, summary, label.button-secondary, label.button')]
  .filter(e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && !e.closest('.visually-hidden, [hidden]')
      && !e.classList.contains('skip-link'); })
  .map(e => ({text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
              height: e.getBoundingClientRect().height}))"""


def _settings(page, lang: str, size: str = "largest") -> None:
    page.evaluate(f"localStorage.setItem('paduko_lang','{lang}'); localStorage.setItem('paduko_text_size','{size}')")


def _top(page, locator) -> float:
    return locator.evaluate("e => e.getBoundingClientRect().top + scrollY")


def _bottom(page, locator) -> float:
    return locator.evaluate("e => e.getBoundingClientRect().bottom + scrollY")


def _screenshot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"older-min-{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", LANGS)
def test_home_is_at_most_four_screens_with_the_ways_back_in_at_the_top(page, lang):
    page.goto("/")
    _settings(page, lang)
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-text-size", "largest")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(lang, "home height", height, "px =", round(height / SCREEN, 2), "screens")
    print(lang, "blocks", page.evaluate("""[...document.querySelectorAll('header, main > *, aside, footer')]
        .map(e => (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().height))"""))
    if lang == "min":
        _screenshot(page, "home")
    assert height <= 4 * SCREEN
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for label in ("home.nav.account", "home.nav.status", "home.nav.care"):
        link = page.get_by_role("link", name=translate(lang, label), exact=True)
        assert _bottom(page, link) <= SCREEN, label  # on the first screen
    groups = page.locator("summary.group-button")
    expect(groups).to_have_count(len(catalogue.Group))
    # A group button opens its services; each leads to its page, whose "Ajukan" is on the first screen.
    group = catalogue.Group.ID_CARDS
    page.locator("summary", has_text=translate(lang, catalogue.GROUP_HEADINGS[group])).click()
    svc = catalogue.service("KTP_CETAK")
    for other in catalogue.services_in(group):
        expect(page.get_by_role("link", name=re.compile(re.escape(translate(lang, other.name))))).to_be_visible()
    page.get_by_role("link", name=re.compile(re.escape(translate(lang, svc.name)))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate(lang, svc.name))
    apply = page.get_by_role("button", name=translate(lang, "service_page.apply.start")).first
    print(lang, "service page Ajukan bottom", _bottom(page, apply))
    assert _bottom(page, apply) <= SCREEN


def test_every_link_and_button_is_at_least_44px_tall(page, resident_cookies):
    too_small = []
    for size in ("large", "largest"):
        page.goto("/")
        _settings(page, "id", size)
        for path in ("/", "/masuk", "/daftar", "/status", "/layanan/ktp-cetak", "/layanan/akta-lahir"):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("data-text-size", size)
            page.wait_for_load_state("networkidle")
            if path == "/":
                page.locator("summary.group-button").first.click()
            too_small += [(size, path, t) for t in page.evaluate(TARGETS) if t["height"] < TARGET_MIN_PX - 0.5]
    page.context.add_cookies(resident_cookies)
    for path in ("/akun", "/status", "/orang-yang-saya-bantu"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        too_small += [("large", path, t) for t in page.evaluate(TARGETS) if t["height"] < TARGET_MIN_PX - 0.5]
    assert too_small == []


def _follow_each_error_link(page, expected: dict[str, str]) -> None:
    """Enter on each link of the error summary puts the keyboard in its field (its first input)."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # the page moves there first; then the person follows a link
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(expected))
    for index, (href, field_id) in enumerate(expected.items()):
        link = links.nth(index)
        expect(link).to_have_attribute("href", re.compile(f"#{href}$"))
        link.focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"[id='{field_id}']")).to_be_focused()
        assert "#" not in page.url  # the address stays as it was
        in_view = page.evaluate("(() => { const r = document.activeElement.closest('fieldset, .field, div')"
                                ".getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; })()")
        assert in_view, href


def test_error_summary_links_move_focus_to_their_field(page, resident_cookies):
    page.goto("/daftar")
    page.get_by_role("button", name=tr("signin.send_code")).click()
    _follow_each_error_link(page, {"name": "name", "nik": "nik", "phone": "phone"})

    # Grouped inputs: choice cards and a photo get their first input.
    page.context.add_cookies(resident_cookies)
    page.goto("/orang-yang-saya-bantu")
    page.get_by_role("button", name=tr("care.add.submit")).click()
    first = page.evaluate("""() => ({relationship: document.querySelector('#relationship input').id,
        evidence_kind: document.querySelector('#evidence_kind input').id,
        evidence: document.querySelector('#evidence ~ div input[type=file], #evidence + div input[type=file]').id})""")
    _follow_each_error_link(page, {"name": "name", "nik": "nik", "relationship": first["relationship"],
                                   "evidence_kind": first["evidence_kind"], "evidence": first["evidence"]})

    # The three date boxes of a wizard question: the day box.
    page.goto("/layanan/akta-kawin")
    page.get_by_role("button", name=tr("service_page.apply.start")).first.click()
    expect(page.locator("#answer-day")).to_be_visible()
    page.locator("#answer-day").fill("")
    page.get_by_role("button", name=tr("wizard.continue")).click()
    _follow_each_error_link(page, {"answer": "answer-day"})



def test_a_new_residents_ktp_replacement_from_home_to_receipt(page, app_url, tmp_path):
    """Counts every screen a new resident sees (target at most 12), in Minang at the largest text,
    and keeps screenshots of the wizard and the confirmation."""
    screens: list[str] = []

    def seen(what: str) -> None:
        screens.append(what)

    page.goto("/")
    _settings(page, "min")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "min")
    seen("home")
    svc = catalogue.service("KTP_CETAK")
    page.locator("summary", has_text=translate("min", catalogue.GROUP_HEADINGS[svc.group])).click()
    page.get_by_role("link", name=re.compile(re.escape(translate("min", svc.name)))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", svc.name))
    seen("service page")
    page.get_by_role("button", name=translate("min", "service_page.apply.start")).first.click()
    expect(page).to_have_url(re.compile(r"/masuk/?$"))
    seen("sign in")
    page.get_by_role("link", name=translate("min", "signup.heading"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/daftar/?$"))
    seen("sign up")
    page.get_by_label(translate("min", "signup.name.label")).fill("Upiak Nurhayati")
    page.get_by_label(translate("min", "signin.nik.label")).fill("1374014506520017")
    page.get_by_label(translate("min", "signin.phone.label")).fill("081370004321")
    page.get_by_role("button", name=translate("min", "signin.send_code")).click()
    code_box = page.get_by_label(translate("min", "signin.code.label"))
    expect(code_box).to_be_visible()
    seen("code")
    code_box.fill(code_from_demo_outbox(page.context, app_url, "321"))
    page.get_by_role("button", name=translate("min", "signin.code.submit"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", "welcome.heading"))
    seen("welcome and privacy")
    go_on = page.get_by_role("link", name=translate("min", "welcome.continue"))
    expect(go_on).to_have_attribute("href", "/layanan/ktp-cetak/ajukan")
    go_on.click()
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))
    steps = []
    check_heading = translate("min", "wizard.check.heading")
    last = None
    for _ in range(10):
        heading = page.get_by_role("heading", level=1)
        expect(heading).not_to_have_text(last or "\0")
        text = heading.inner_text().strip()
        steps.append(page.locator(".step-count").inner_text())
        seen(f"wizard: {text}")
        if text == check_heading:
            break
        last = text
        if page.locator("#upload-file").count():
            photo = tmp_path / f"photo-{len(steps)}.jpg"
            photo.write_bytes(document_photo(text))
            page.locator("#upload-file").set_input_files(str(photo))
            expect(page.locator("#upload-status")).to_contain_text(translate("min", "upload.done"))
            page.get_by_role("button", name=translate("min", "wizard.continue")).click()
        else:
            page.locator(".choice-label").first.click()  # both questions are choices
            page.get_by_role("button", name=translate("min", "wizard.continue")).click()
    print("step counts", steps)
    totals = [int(re.findall(r"\d+", s)[-1]) for s in steps]
    assert totals == sorted(totals, reverse=True)  # never "1 dari 4" then "2 dari 5"
    page.get_by_role("button", name=translate("min", "wizard.send")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", "wizard.done.heading"))
    expect(page.locator("#done-for")).to_contain_text("Upiak Nurhayati")  # whom it is for
    number = page.locator(".big-number").first
    assert number.evaluate("e => e.getClientRects().length") == 1
    assert _bottom(page, number) - _top(page, number) < 2 * float(number.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))  # one line: it never breaks at a hyphen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    seen("confirmation with number, PIN and receipt")
    _screenshot(page, "confirmation")
    receipt = page.get_by_role("link", name=translate("min", "wizard.done.receipt"))
    expect(receipt).to_have_attribute("href", re.compile(r"^/api/permohonan/\d+/tanda-terima$"))
    print(len(screens), "screens from home to receipt:", screens)
    assert len(screens) <= 12

    # Every status card says whom it is for; the number stays on one line there too.
    page.goto("/status")
    card = page.locator("main li", has=page.locator(".app-number")).first
    expect(card).to_contain_text("Upiak Nurhayati")
    for box in page.locator(".app-number").all():
        assert box.evaluate("e => e.getClientRects().length") == 1


def test_a_caregivers_questions_speak_about_the_person(page, app_url):
    """Andi applies for his father: "Saya sendiri" comes first, the KK question names his father."""
    signed_in_resident(page, app_url, "1374020506850002", "081200000002")
    _settings(page, "min")
    page.goto("/layanan/kk-hilang")
    expect(page.locator("html")).to_have_attribute("lang", "min")
    page.get_by_role("button", name=translate("min", "service_page.apply.start")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", "wizard.for_whom.heading"))
    labels = page.locator(".choice-label")
    expect(labels.first).to_have_text(translate("min", "wizard.for_whom.self"))
    expect(page.locator(".choice-label", has_text="Andi")).to_have_count(0)
    father = labels.nth(1).inner_text().strip()
    labels.nth(1).click()
    page.get_by_role("button", name=translate("min", "wizard.continue")).click()
    expect(page.locator(".for-person")).to_contain_text(father)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(translate("min", "q.kk_problem.label.other", name=father))
    _screenshot(page, "caregiver-question")
    page.goto("/akun")  # the unfinished application says whom it is for
    draft = page.locator("main li", has=page.get_by_role("button", name=re.compile(
        re.escape(translate("min", catalogue.service("KK_HILANG").name))))).first
    expect(draft).to_contain_text(father)
