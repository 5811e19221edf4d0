"""The HTTP routes: uploads limited while received, hostile files refused in the person's
language, previews and evidence only for those allowed, Reflex's public upload folder closed."""

import io

import pytest
from PIL import Image
from sqlmodel import select
from starlette.testclient import TestClient

from paduko_app.db import engine as db_engine, seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, AuditLog, Upload, utcnow
from paduko_app.services import auth, care
from paduko_app.i18n import translate

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
HEADERS = {"X-PADUKO": "1", "X-Filename": "foto.jpg"}


@pytest.fixture
def client(engine, empty_database_url, monkeypatch):
    """The API on the test database (the routes use the default engine)."""
    monkeypatch.setenv("REFLEX_DB_URL", empty_database_url)
    db_engine.default_engine.cache_clear()
    seed.seed_demo(engine)
    from paduko_app.api.routes import api

    with TestClient(api, base_url="http://localhost") as test_client:
        yield test_client
    db_engine.default_engine.cache_clear()


def _resident_token(nik, phone):
    with unit_of_work() as session:
        auth.request_code(session, nik=nik, phone=phone, purpose="sign_in", lang="id", secret=SECRET)
        from paduko_app.db.models import OutboxMessage

        code = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().params["code"]
    with unit_of_work() as session:
        return auth.verify_code(session, nik=nik, phone=phone, code=code, secret=SECRET, session_days=1).token


def _staff_token(username, password):
    with unit_of_work() as session:
        return auth.staff_sign_in(session, username=username, password=password).token


def _jpeg(size=(800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_upload_needs_a_signed_in_resident_and_the_custom_header(client):
    assert client.post("/api/unggah?untuk=document", content=_jpeg(), headers=HEADERS).status_code == 403
    client.cookies.set("paduko_session", _resident_token("1374015203580001", "081200000001"))
    assert client.post("/api/unggah?untuk=document", content=_jpeg(), headers={"X-Filename": "a.jpg"}).status_code == 403
    assert client.post("/api/unggah?untuk=anything", content=_jpeg(), headers=HEADERS).status_code == 400
    client.cookies.set("paduko_session", _staff_token("verifikator", "demo-verifikator-2026"))
    assert client.post("/api/unggah?untuk=document", content=_jpeg(), headers=HEADERS).status_code == 403


def test_resident_uploads_and_only_they_see_the_preview(client):
    rosnah = _resident_token("1374015203580001", "081200000001")
    andi = _resident_token("1374020506850002", "081200000002")
    client.cookies.set("paduko_session", rosnah)
    answer = client.post("/api/unggah?untuk=care_evidence", content=_jpeg(), headers=HEADERS)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["content_type"] == "image/jpeg" and body["thumbnail"].endswith("/gambar")
    assert answer.headers["cache-control"] == "private, no-store"
    preview = client.get(body["thumbnail"])
    assert preview.status_code == 200 and preview.content[:2] == b"\xff\xd8"
    client.cookies.set("paduko_session", andi)
    assert client.get(body["thumbnail"]).status_code == 404
    client.cookies.clear()
    assert client.get(body["thumbnail"]).status_code == 404


@pytest.mark.parametrize("lang", ["id", "min", "en"])
def test_hostile_files_get_a_clear_message_in_the_persons_language_and_nothing_is_stored(client, lang):
    client.cookies.set("paduko_session", _resident_token("1374015203580001", "081200000001"))
    headers = {**HEADERS, "X-PADUKO-Lang": lang, "X-Filename": "..%2F..%2Fetc%2Fpasswd%0A.jpg"}
    cases = [
        (b"this is a text file, renamed", 422),
        (_jpeg()[:300], 422),  # truncated
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 422),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF", 422),
    ]
    for content, status in cases:
        answer = client.post("/api/unggah?untuk=document", content=content, headers=headers)
        assert answer.status_code == status, (content[:20], answer.text)
        body = answer.json()
        assert body["message"] == translate(lang, body["error"]) and body["message"] != body["error"]
    with unit_of_work() as session:
        assert session.exec(select(Upload)).all() == []


def test_a_too_large_upload_is_cut_off_while_received(client):
    client.cookies.set("paduko_session", _resident_token("1374015203580001", "081200000001"))

    def chunks():  # no Content-Length: the route must count as it reads
        for _ in range(41):
            yield b"\0" * (1024 * 1024)

    answer = client.post("/api/unggah?untuk=document", content=chunks(), headers=HEADERS)
    assert answer.status_code == 413 and answer.json()["error"] == "error.upload.too_large"
    declared = client.post("/api/unggah?untuk=document", content=b"x",
                           headers={**HEADERS, "Content-Length": str(40 * 1024 * 1024)})
    assert declared.status_code in (400, 413)


def test_care_evidence_only_for_officers_and_every_view_logged(client):
    andi_token = _resident_token("1374020506850002", "081200000002")
    client.cookies.set("paduko_session", andi_token)
    key = client.post("/api/unggah?untuk=care_evidence", content=_jpeg(), headers=HEADERS).json()["key"]
    with unit_of_work() as session:
        andi = session.exec(select(Account).where(Account.nik == "1374020506850002")).one()
        link = care.add_person(session, caregiver=andi, nik="1374015203580001", name="Rosnah",
                               relationship="child", evidence=care.Evidence(key, "f107"))
    path = f"/api/kuasa/{link.id}/bukti"
    assert client.get(path).status_code == 404  # the caregiver himself: not through this route
    client.cookies.set("paduko_session", _staff_token("operator.ganting", "demo-operator-2026"))
    assert client.get(path).status_code == 404
    client.cookies.set("paduko_session", _staff_token("verifikator", "demo-verifikator-2026"))
    answer = client.get(path)
    assert answer.status_code == 200 and answer.content[:2] == b"\xff\xd8"
    with unit_of_work() as session:
        views = session.exec(select(AuditLog).where(AuditLog.action == "care.evidence_view")).all()
        assert len(views) == 1


def test_reflex_public_upload_folder_is_closed_and_health_answers(client):
    assert client.get("/_upload/anything.jpg").status_code == 404
    assert client.get("/api/sehat").json() == {"status": "ok"}


def _wav() -> bytes:
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes(b"\0\1" * 8000)
    return buffer.getvalue()


def test_admin_replaces_a_prompt_with_a_human_recording(client):
    path = "/api/suara?id=q.child_name.label&lang=min"
    client.cookies.set("paduko_session", _resident_token("1374015203580001", "081200000001"))
    assert client.post(path, content=_wav(), headers=HEADERS).status_code == 403
    client.cookies.set("paduko_session", _staff_token("admin", "demo-admin-2026"))
    assert client.post("/api/suara?id=not.a.prompt&lang=min", content=_wav(), headers=HEADERS).status_code == 400
    assert client.post(path, content=b"<html>not audio</html>", headers=HEADERS).status_code == 422
    assert client.post(path, content=_wav(), headers=HEADERS).status_code == 200
    assert "q.child_name.label" in client.get("/api/suara/daftar").json()["min"]
    client.cookies.clear()
    answer = client.get("/api/suara/min/q.child_name.label")  # public: prompts are not personal
    assert answer.status_code == 200 and answer.headers["content-type"] == "audio/wav"
    again = client.get("/api/suara/min/q.child_name.label", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/api/suara/en/q.child_name.label").status_code == 404


def _submitted_application() -> int:
    """Rosnah's KTP application, submitted with its PDF receipt; returns its id."""
    from paduko_app.db.models import DocumentBlob, Person
    from paduko_app.services import applications, wizard

    with unit_of_work() as session:
        account = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        person = session.exec(select(Person).where(Person.account_id == account.id)).one()
        new = applications.start_draft(session, service_code="KTP_CETAK", person_id=person.id,
                                       applicant_account_id=account.id, channel="own", secret=SECRET)
        for question_id, value in {"ktp_problem": "lost", "pickup_place": "kantor_lurah"}.items():
            applications.save_answer(session, new.id, question_id, value)
        session.commit()
        for requirement in ("surat_kehilangan", "kk"):
            blob = DocumentBlob(content=_jpeg())
            session.add(blob)
            session.flush()
            session.add(Upload(key=f"k-{requirement}", account_id=account.id, purpose="document", blob_id=blob.id,
                               content_type="image/jpeg", size_bytes=8, sha256="0" * 64))
            session.commit()
            wizard.attach(session, new.id, requirement, f"k-{requirement}", account.id)
        wizard.submit(session, new.id, account=account, submit_key="k", secret=SECRET,
                      public_url="http://localhost:3000", lang="id", translate=translate)
        return new.id


def test_an_officer_opening_a_receipt_is_audited(client):
    """Issue 13, finding 13: the receipt carries the PIN; an officer's view leaves an audit row."""
    application_id = _submitted_application()
    client.cookies.set("paduko_session", _staff_token("verifikator", "demo-verifikator-2026"))
    answer = client.get(f"/api/permohonan/{application_id}/tanda-terima")
    assert answer.status_code == 200 and answer.content[:4] == b"%PDF"
    with unit_of_work() as session:
        views = session.exec(select(AuditLog).where(AuditLog.action == "receipt.view")).all()
        assert [(v.target_type, v.target_id) for v in views] == [("application", application_id)]
    client.cookies.set("paduko_session", _resident_token("1374015203580001", "081200000001"))
    assert client.get(f"/api/permohonan/{application_id}/tanda-terima").status_code == 200
    with unit_of_work() as session:  # the applicant's own view is not a staff view
        assert len(session.exec(select(AuditLog).where(AuditLog.action == "receipt.view")).all()) == 1


@pytest.mark.parametrize("path", ["/api/dokumen/{n}", "/api/dokumen/{n}/gambar", "/api/kuasa/{n}/bukti",
                                  "/api/permohonan/{n}/tanda-terima"])
@pytest.mark.parametrize("number", ["99999999999999999999", "2147483648", "0"])
def test_ids_beyond_the_database_integer_answer_404(client, path, number):
    """Issue 13, finding 10: an id no row can have is 'not found', never a server error."""
    for token in (_staff_token("verifikator", "demo-verifikator-2026"),
                  _resident_token("1374015203580001", "081200000001")):
        client.cookies.set("paduko_session", token)
        assert client.get(path.format(n=number)).status_code == 404


def _signed_in_handoff(client) -> tuple[str, str]:
    """Rosnah signs in (as the Reflex handler does); the token minted, and its hand-off code."""
    token = _resident_token("1374015203580001", "081200000001")
    with unit_of_work() as session:
        return token, auth.start_handoff(session, token)


ORIGIN = {"Origin": "http://localhost"}


def test_sign_in_ends_with_an_httponly_cookie_set_by_an_http_route(client, monkeypatch):
    """Issue 13, finding 9: the session cookie is HttpOnly (and Secure when the site is https)."""
    minted, handoff = _signed_in_handoff(client)
    answer = client.post("/api/sesi", data={"kode": handoff, "ke": "/akun"}, headers=ORIGIN, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/akun"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("paduko_session=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie  # http://localhost
    token = cookie.split(";")[0].split("=", 1)[1]
    with unit_of_work() as session:
        assert auth.resolve(session, token).nik == "1374015203580001"
        assert auth.resolve(session, minted) is None  # the only live copy is the cookie
    # One use only; a forged or foreign request gets nothing.
    again = client.post("/api/sesi", data={"kode": handoff, "ke": "/akun"}, headers=ORIGIN, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/masuk" and "set-cookie" not in again.headers
    _, other = _signed_in_handoff(client)
    assert client.post("/api/sesi", data={"kode": other}, headers={"Origin": "https://evil.example"},
                       follow_redirects=False).status_code == 403
    outside = client.post("/api/sesi", data={"kode": other, "ke": "//evil.example/x"}, headers=ORIGIN,
                          follow_redirects=False)
    assert outside.headers["location"] == "/"  # never to another site
    monkeypatch.setattr("paduko_app.api.session.SECURE_COOKIE", True)
    _, third = _signed_in_handoff(client)
    secure = client.post("/api/sesi", data={"kode": third}, headers=ORIGIN, follow_redirects=False)
    assert "Secure" in secure.headers["set-cookie"]


def test_a_handoff_expires_within_a_minute(client):
    import datetime as dt

    token = _resident_token("1374015203580001", "081200000001")
    with unit_of_work() as session:
        handoff = auth.start_handoff(session, token, now=auth.utcnow() - dt.timedelta(seconds=61))
    assert client.post("/api/sesi", data={"kode": handoff}, headers=ORIGIN,
                       follow_redirects=False).headers["location"] == "/masuk"


def test_signing_out_clears_the_cookie_and_revokes_the_session(client):
    token = _resident_token("1374015203580001", "081200000001")
    client.cookies.set("paduko_session", token)
    assert client.post("/api/keluar", headers={"Origin": "https://evil.example"}).status_code == 403
    answer = client.post("/api/keluar", headers=ORIGIN, follow_redirects=False)
    assert answer.status_code == 303 and "paduko_session=" in answer.headers["set-cookie"]
    assert "Max-Age=0" in answer.headers["set-cookie"] and "HttpOnly" in answer.headers["set-cookie"]
    with unit_of_work() as session:
        assert auth.resolve(session, token) is None


def test_every_response_carries_the_security_headers(client, tmp_path):
    """Issue 13, finding 9: CSP, frame-ancestors/X-Frame-Options, Referrer-Policy, nosniff."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Mount, Route

    from paduko_app.api.headers import SecurityHeaders

    (tmp_path / "index.html").write_text("<html><script>var a=1;</script><script src='/x.js'></script></html>")
    page = Starlette(routes=[Route("/", lambda r: HTMLResponse("<html></html>")),
                             Mount("", app=client.app)])
    wrapped = SecurityHeaders(page, public_url="https://paduko.example", build_dir=tmp_path)
    with TestClient(wrapped, base_url="http://localhost") as web:
        for path in ("/", "/api/sehat", "/api/dokumen/1", "/_upload/x"):
            headers = web.get(path).headers
            assert headers["x-content-type-options"] == "nosniff", path
            assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "same-origin", path
            assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        csp = web.get("/").headers["content-security-policy"]
        assert "'sha256-" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "connect-src 'self' wss://paduko.example" in csp and "object-src 'none'" in csp
        assert web.get("/api/sehat").headers["content-security-policy"].startswith("default-src 'none'")


def test_inline_script_hashes_match_what_a_browser_computes(tmp_path):
    import base64
    import hashlib

    from paduko_app.api.headers import inline_script_hashes

    body = "window.x = 1;\n"
    (tmp_path / "a.html").write_text(f'<script>{body}</script><script type="module" async="">{body}</script>'
                                     '<script src="/y.js"></script>')
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
    assert inline_script_hashes(tmp_path) == [expected]


def test_each_built_page_lists_only_its_own_inline_scripts(tmp_path):
    """Headers travel uncompressed: every page's hashes on every page cost about 4 KB a load."""
    import base64
    import hashlib

    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from paduko_app.api.headers import SecurityHeaders

    def digest(body: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"

    (tmp_path / "masuk").mkdir()
    (tmp_path / "index.html").write_text("<script>home()</script><script>shared()</script>")
    (tmp_path / "masuk" / "index.html").write_text("<script>signIn()</script><script>shared()</script>")
    page = lambda request: HTMLResponse("<p>page</p>")  # noqa: E731
    app = Starlette(routes=[Route("/{path:path}", page)])
    with TestClient(SecurityHeaders(app, public_url="http://localhost", build_dir=tmp_path),
                    base_url="http://localhost") as web:
        def scripts(path: str) -> set[str]:
            policy = web.get(path).headers["content-security-policy"]
            return {part for part in policy.split("script-src")[1].split(";")[0].split() if part.startswith("'sha256-")}

        assert scripts("/") == {digest("home()"), digest("shared()")}
        assert scripts("/masuk") == scripts("/masuk/") == {digest("signIn()"), digest("shared()")}
        # Any other HTML (a page with a parameter answered by the SPA fallback): every page's.
        assert scripts("/petugas/permohonan/2026-0001") == {digest("home()"), digest("signIn()"), digest("shared()")}


def test_a_not_modified_answer_keeps_the_cached_pages_policy():
    """A 304 must not carry the 'not a page' policy: the browser would apply it to the page."""
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    from paduko_app.api.headers import SecurityHeaders

    app = Starlette(routes=[Route("/", lambda r: Response(status_code=304))])
    with TestClient(SecurityHeaders(app, public_url="http://localhost"), base_url="http://localhost") as web:
        assert "content-security-policy" not in web.get("/").headers


SIGNED_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
              b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def test_only_a_verifikator_uploads_a_finished_document_and_only_as_a_pdf(client):
    pdf_headers = {**HEADERS, "X-Filename": "kk.pdf"}
    assert client.post("/api/unggah?untuk=result", content=SIGNED_PDF, headers=pdf_headers).status_code == 403
    client.cookies.set("paduko_session", _resident_token("1374015203580001", "081200000001"))
    assert client.post("/api/unggah?untuk=result", content=SIGNED_PDF, headers=pdf_headers).status_code == 403
    client.cookies.set("paduko_session", _staff_token("operator.ganting", "demo-operator-2026"))
    assert client.post("/api/unggah?untuk=result", content=SIGNED_PDF, headers=pdf_headers).status_code == 403
    client.cookies.set("paduko_session", _staff_token("verifikator", "demo-verifikator-2026"))
    refused = client.post("/api/unggah?untuk=result", content=_jpeg(), headers=HEADERS)
    assert refused.status_code == 422 and refused.json()["message"] == translate("id", "error.upload.pdf_invalid")
    accepted = client.post("/api/unggah?untuk=result", content=SIGNED_PDF, headers=pdf_headers)
    assert accepted.status_code == 200 and accepted.json()["content_type"] == "application/pdf"
    with unit_of_work() as session:
        assert session.exec(select(Upload).where(Upload.key == accepted.json()["key"])).one().purpose == "result"


def test_a_photo_sent_again_after_a_lost_answer_is_stored_once(client):
    """The connection dropped after the server stored the photo, so the browser sends the same
    file again: it gets the same key back and nothing is stored twice (issue 12)."""
    rosnah = _resident_token("1374015203580001", "081200000001")
    client.cookies.set("paduko_session", rosnah)
    photo = _jpeg()
    first = client.post("/api/unggah?untuk=document", content=photo, headers=HEADERS).json()
    again = client.post("/api/unggah?untuk=document", content=photo, headers=HEADERS).json()
    assert again["key"] == first["key"] and again["thumbnail"] == first["thumbnail"]
    other_photo = client.post("/api/unggah?untuk=document", content=_jpeg((640, 480)), headers=HEADERS).json()
    other_purpose = client.post("/api/unggah?untuk=care_evidence", content=photo, headers=HEADERS).json()
    client.cookies.set("paduko_session", _resident_token("1374020506850002", "081200000002"))
    other_person = client.post("/api/unggah?untuk=document", content=photo, headers=HEADERS).json()
    keys = {first["key"], other_photo["key"], other_purpose["key"], other_person["key"]}
    assert len(keys) == 4
    with unit_of_work() as session:
        rows = session.exec(select(Upload)).all()
        assert sorted(r.key for r in rows) == sorted(keys)
        assert len({r.blob_id for r in rows}) == 4
        # Once attached to an answer, the same photo sent for another question is a new upload.
        row = session.exec(select(Upload).where(Upload.key == first["key"])).one()
        row.attached_at = utcnow()
        session.add(row)
        session.commit()
    client.cookies.set("paduko_session", rosnah)
    later = client.post("/api/unggah?untuk=document", content=photo, headers=HEADERS).json()
    assert later["key"] not in keys
