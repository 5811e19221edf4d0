"""Issue 13 over HTTP: every file route walked as the people a typed NIK must not help.

anonymous, a fresh unverified account that knows the NIK, a refused caregiver, an operator of
another kelurahan, and the owner (verified by the office). A new route must be added here.
"""

import io

import pytest
from PIL import Image
from sqlmodel import select
from starlette.testclient import TestClient

from paduko_app.db import engine as db_engine, seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, Document, DocumentBlob, OutboxMessage, Upload
from paduko_app.services import applications, auth, care, kiosk, verification, wizard

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
HEADERS = {"X-PADUKO": "1", "X-Filename": "foto.jpg"}
NIK = "1374014506520007"  # Nurhayati: helped by caregivers before she ever signed up
ANDI = ("1374020506850002", "081200000002")
ROSNAH = ("1374015203580001", "081200000001")
WHO = ("anonymous", "stranger", "refused_caregiver", "other_operator", "owner")


@pytest.fixture
def client(engine, empty_database_url, monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", empty_database_url)
    db_engine.default_engine.cache_clear()
    seed.seed_demo(engine)
    from paduko_app.api.routes import api

    with TestClient(api, base_url="http://localhost") as test_client:
        yield test_client
    db_engine.default_engine.cache_clear()


def _code_token(nik, phone, purpose, name=""):
    with unit_of_work() as session:
        auth.request_code(session, nik=nik, phone=phone, purpose=purpose, name=name, lang="id", secret=SECRET)
        code = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().params["code"]
    with unit_of_work() as session:
        return auth.verify_code(session, nik=nik, phone=phone, code=code, secret=SECRET, session_days=1).token


def _staff_token(username, password):
    with unit_of_work() as session:
        return auth.staff_sign_in(session, username=username, password=password).token


def _account(session, token):
    return auth.resolve(session, token)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 180, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def _upload(client, token, purpose="document") -> str:
    client.cookies.set("paduko_session", token)
    answer = client.post(f"/api/unggah?untuk={purpose}", content=_jpeg(), headers=HEADERS)
    assert answer.status_code == 200, answer.text
    return answer.json()["key"]


def _application_with_files(client, token, person_id, submit_key):
    """A caregiver's submitted application with a document photo and a receipt PDF."""
    key = _upload(client, token)
    with unit_of_work() as session:
        caregiver = _account(session, token)
        who = wizard.applicant_for(session, caregiver, person_id=person_id)
        application_id = wizard.start_or_resume(session, who, "KTP_CETAK", SECRET)
        wizard.answer(session, application_id, "ktp_problem", "lost")
        wizard.answer(session, application_id, "pickup_place", "mpp")
        document = wizard.attach(session, application_id, "surat_kehilangan", key, caregiver.id)
        applications.submit(session, application_id, actor_account_id=caregiver.id, submit_key=submit_key)
        blob = DocumentBlob(content=b"%PDF-1.4 receipt with PIN")
        session.add(blob)
        session.flush()
        session.add(Document(application_id=application_id, requirement_id="receipt", kind="receipt",
                             content_type="application/pdf", size_bytes=10, sha256="0" * 64, blob_id=blob.id))
        session.commit()
        return application_id, document.id


@pytest.fixture
def world(client):
    """Caregivers applied for Nurhayati; then a stranger and she herself signed up with her NIK."""
    andi = _code_token(*ANDI, "sign_in")
    rosnah = _code_token(*ROSNAH, "sign_in")
    verifikator = _staff_token("verifikator", "demo-verifikator-2026")
    links = {}
    for name, token in (("andi", andi), ("rosnah", rosnah)):
        evidence = _upload(client, token, "care_evidence")
        with unit_of_work() as session:
            links[name] = care.add_person(session, caregiver=_account(session, token), nik=NIK, name="Nurhayati",
                                          relationship="child", evidence=care.Evidence(evidence, "f107"))
    person_id = links["andi"].person_id
    accepted_app, accepted_doc = _application_with_files(client, andi, person_id, "k-andi")
    refused_app, refused_doc = _application_with_files(client, rosnah, person_id, "k-rosnah")
    stranger = _code_token(NIK, "081355550000", "sign_up", "Nurhayati")
    owner = _code_token(NIK, "081355551111", "sign_up", "Nurhayati")
    ktp, selfie = _upload(client, owner, "identity"), _upload(client, owner, "identity")
    stranger_preview = _upload(client, stranger)
    with unit_of_work() as session:
        officer = _account(session, verifikator)
        care.decide(session, links["andi"].id, officer=officer, accept=True)
        care.decide(session, links["rosnah"].id, officer=officer, accept=False, reason="not_related")
        request = verification.request(session, account=_account(session, owner), ktp_key=ktp, selfie_key=selfie)
        verification.decide(session, request.id, officer=officer, approve=True)
    tokens = {"anonymous": None, "stranger": stranger, "refused_caregiver": rosnah,
              "other_operator": _staff_token("operator.pasarusang", "demo-operator-2026"), "owner": owner}
    return {"tokens": tokens, "andi": andi, "verifikator": verifikator, "request": request.id,
            "accepted": (accepted_app, accepted_doc), "refused": (refused_app, refused_doc),
            "link": links["andi"].id, "stranger_preview": stranger_preview}


def _get(client, token, path):
    client.cookies.clear()
    if token:
        client.cookies.set("paduko_session", token)
    return client.get(path).status_code


def test_every_file_route_as_everyone_a_typed_nik_must_not_help(client, world):
    from paduko_app.api.routes import api

    app_id, doc_id = world["accepted"]
    refused_app, refused_doc = world["refused"]
    # path -> who gets 200 (everyone else 404). The owner is verified: she sees what was made for her.
    walk = {
        f"/api/dokumen/{doc_id}": {"owner"},
        f"/api/dokumen/{doc_id}/gambar": {"owner"},
        f"/api/permohonan/{app_id}/tanda-terima": {"owner"},
        f"/api/dokumen/{refused_doc}": {"owner"},  # the refused caregiver made it, and no longer sees it
        f"/api/permohonan/{refused_app}/tanda-terima": {"owner"},
        f"/api/kuasa/{world['link']}/bukti": set(),
        f"/api/verifikasi/{world['request']}/ktp": set(),
        f"/api/verifikasi/{world['request']}/selfie": set(),
        f"/api/unggah/{world['stranger_preview']}/gambar": {"stranger"},  # their own photo, nothing else
    }
    templates = {r.path for r in api.routes if "GET" in (r.methods or ())}
    personal = {"/api/dokumen/{document_id:int}", "/api/dokumen/{document_id:int}/gambar",
                "/api/permohonan/{application_id:int}/tanda-terima", "/api/kuasa/{link_id:int}/bukti",
                "/api/verifikasi/{request_id:int}/{which:str}", "/api/unggah/{key:str}/gambar"}
    public = {"/api/suara/daftar", "/api/suara/{lang:str}/{message_id:str}", "/api/sehat", "/_upload/{path:path}"}
    counts_only = {"/api/pemantauan/{key:str}.csv"}  # the head of office's and admins' tables (no person)
    assert templates == personal | public | counts_only, "a new route: add it to this walk"
    for who in WHO:
        assert _get(client, world["tokens"][who], "/api/pemantauan/channel.csv") == 403, who
    for path, allowed in walk.items():
        for who in WHO:
            expected = 200 if who in allowed else 404
            assert _get(client, world["tokens"][who], path) == expected, (who, path)
    # The ones allowed elsewhere really work (the walk is not passing because everything is closed).
    assert _get(client, world["andi"], f"/api/permohonan/{app_id}/tanda-terima") == 200
    assert _get(client, world["verifikator"], f"/api/verifikasi/{world['request']}/selfie") == 200


def test_posting_as_everyone(client, world):
    """Uploads: residents (own photos) and an operator only during a kiosk session."""
    statuses = {}
    for who in WHO:
        client.cookies.clear()
        if world["tokens"][who]:
            client.cookies.set("paduko_session", world["tokens"][who])
        statuses[who] = client.post("/api/unggah?untuk=document", content=_jpeg(), headers=HEADERS).status_code
    assert statuses == {"anonymous": 403, "stranger": 200, "refused_caregiver": 200, "other_operator": 403,
                        "owner": 200}


def test_the_services_as_everyone(client, world):
    from paduko_app.authz import ANONYMOUS, Principal
    from paduko_app.services import access

    app_id, _doc = world["accepted"]
    refused_app, _ = world["refused"]
    with unit_of_work() as session:
        for who in WHO:
            token = world["tokens"][who]
            row = auth.resolve_session(session, token) if token else None
            account = _account(session, token) if token else None
            principal = Principal(account.id, account.role, account.kelurahan_code) if account else ANONYMOUS
            for application_id in (app_id, refused_app):
                seen = access.may_see_application(session, principal, session.get(Application, application_id),
                                                  session_token_id=row.id if row else None)
                assert seen == (who == "owner"), (who, application_id)
        stranger = _account(session, world["tokens"]["stranger"])
        # The stranger may apply for the NIK they typed, as their own: nothing stored is theirs to read.
        own = wizard.applicant_for(session, stranger, person_id=session.get(Application, app_id).person_id)
        assert (own.channel, own.entitled, own.typed_name) == ("own", False, stranger.display_name)
        for who in ("stranger", "refused_caregiver", "owner"):
            account = _account(session, world["tokens"][who])
            listed = {a.id for a in wizard.applications_of(session, account.id)}
            assert (app_id in listed, refused_app in listed) == {
                "stranger": (False, False), "refused_caregiver": (False, False), "owner": (True, True)}[who], who
        rosnah = _account(session, world["tokens"]["refused_caregiver"])
        person_id = session.get(Application, app_id).person_id
        with pytest.raises(wizard.WizardError):
            wizard.applicant_for(session, rosnah, person_id=person_id)
        shown = [p for p in care.people_of(session, rosnah.id) if p.person_id == person_id][0]
        assert shown.refusal_reason == care.REFUSAL_REASONS["not_related"]


def test_finding1_over_http_a_stranger_with_the_nik_gets_no_photo_and_no_receipt(client, world):
    app_id, doc_id = world["accepted"]
    stranger = world["tokens"]["stranger"]
    assert _get(client, stranger, f"/api/dokumen/{doc_id}/gambar") == 404
    assert _get(client, stranger, f"/api/permohonan/{app_id}/tanda-terima") == 404


def test_finding5_a_kiosk_preview_dies_with_warga_berikutnya(client):
    ganting = _staff_token("operator.ganting", "demo-operator-2026")
    with unit_of_work() as session:
        row = auth.resolve_session(session, ganting)
        kiosk.start(session, operator=session.get(Account, row.account_id), session_token_id=row.id, nik=NIK,
                    name="Nurhayati", checked_document="ktp_el", confirmed=True)
    client.cookies.set("paduko_session", ganting)
    answer = client.post("/api/unggah?untuk=document", content=_jpeg(), headers=HEADERS)
    assert answer.status_code == 200
    preview = answer.json()["thumbnail"]
    assert client.get(preview).status_code == 200
    with unit_of_work() as session:
        kiosk.end_all_for_device(session, auth.resolve_session(session, ganting).id, "next_resident")
        session.commit()
    assert client.get(preview).status_code == 404
    with unit_of_work() as session:
        assert session.exec(select(Upload).where(Upload.key == answer.json()["key"])).one().revoked_at is not None


def test_pages_as_everyone():
    """Who may open the trust model's pages at all (the handlers check again, see test_routes)."""
    from paduko_app import authz, routes
    from paduko_app.authz import ANONYMOUS, Principal

    people = {"anonymous": ANONYMOUS, "stranger": Principal(10, "resident"),
              "refused_caregiver": Principal(11, "resident"),
              "other_operator": Principal(12, "operator", "13.74.02.1002"), "owner": Principal(13, "resident")}
    access = {r.path: r.access for r in routes.ROUTES}
    opens = {path: {who for who, p in people.items() if authz.may(p, access[path])}
             for path in ("/akun/verifikasi", "/petugas/verifikasi", "/petugas/kuasa", "/orang-yang-saya-bantu",
                          "/kiosk", "/permohonan")}
    residents = {"stranger", "refused_caregiver", "owner"}
    assert opens == {"/akun/verifikasi": residents, "/petugas/verifikasi": set(), "/petugas/kuasa": set(),
                     "/orang-yang-saya-bantu": residents, "/kiosk": {"other_operator"},
                     "/permohonan": residents | {"other_operator"}}
