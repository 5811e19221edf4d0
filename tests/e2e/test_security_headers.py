"""Issue 13, finding 9, in the real production build: the pages people use break no
Content-Security-Policy rule, and the session cookie is out of reach of page scripts."""

import re

from playwright.sync_api import expect

from paduko_app.domain import catalogue
from tests.browser_fixtures import signed_in_resident
from tests.e2e.wizard_walker import send, tr, walk_to_check_page

# Collected in the page itself: every report, whatever the console prints.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def _watch(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(WATCH)
    return messages


def _violations(page, messages) -> list[str]:
    return messages + page.evaluate("window.__csp || []")


def test_home_and_sign_in_break_no_csp_rule_and_the_cookie_is_httponly(page, app_url):
    messages = _watch(page)
    response = page.goto("/")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert (headers["x-frame-options"], headers["x-content-type-options"], headers["referrer-policy"]) == (
        "DENY", "nosniff", "same-origin")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _violations(page, messages) == []
    signed_in_resident(page, app_url, "1374020506850002", "081200000002")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _violations(page, messages) == []
    session = [c for c in page.context.cookies() if c["name"] == "paduko_session"]
    assert len(session) == 1 and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict"
    assert "paduko_session" not in page.evaluate("document.cookie")
    # Signing out goes through the server too, which clears the cookie.
    page.goto("/akun")
    page.get_by_role("button", name=tr("account.sign_out"), exact=True).click()
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))  # the home page itself
    assert [c for c in page.context.cookies() if c["name"] == "paduko_session"] == []
    assert _violations(page, messages) == []


def test_the_wizard_with_photos_and_receipt_breaks_no_csp_rule(resident, tmp_path):
    page = resident
    messages = _watch(page)
    svc = catalogue.service("KTP_CETAK")
    walk_to_check_page(page, svc, tmp_path)
    number, _pin = send(page)
    assert re.fullmatch(r"PP-[A-Z0-9]{3}-[A-Z0-9]{3}", number)
    assert _violations(page, messages) == []
