"""HTTP routes. Every one resolves the session cookie and checks the caller's right.

Files never go through Reflex's upload folder, which Reflex serves to anyone at /_upload/.
Uploads are streamed and cut off at the size limit while being received, not after.

Routes that only read or write the database are plain functions: Starlette runs those in its
thread pool, off the event loop that serves every open page. A locked or full database (or disk)
answers with a translated JSON error (`trouble`), never a bare 500.
"""

from __future__ import annotations
import logging
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from paduko_app import authz, offload
from paduko_app.db import errors as db_errors
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, Document, DocumentBlob, Upload, VoiceRecording
from paduko_app.domain import media
from paduko_app.domain.formatting import DEFAULT_LANGUAGE, LANGUAGES
from paduko_app.domain.messages import m
from paduko_app.i18n import translate
from paduko_app.api import monitoring as monitoring_api
from paduko_app.api import session as session_cookie
from paduko_app.services import access, audit, callers, care, kiosk, uploads, verification
from state.auth import SESSION_COOKIE

log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
ERR_FORBIDDEN = m("error.upload.forbidden")


def _lang(request: Request) -> str:
    lang = request.headers.get("x-paduko-lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _caller(session: Session, request: Request) -> tuple[authz.Principal, Account | None, int | None]:
    caller = callers.resolve(session, request.cookies.get(SESSION_COOKIE))
    return caller.principal, caller.account, caller.token_id


# The smallest integer column PADUKO runs on (PostgreSQL INTEGER). Starlette's `int` path
# convertor takes any number of digits, and a larger id makes the database driver raise (500).
MAX_DB_ID = 2**31 - 1


def _path_id(request: Request, name: str) -> int | None:
    """The id in the path, or None when no row could ever have it (answer 404, never 500)."""
    value = request.path_params[name]
    return value if 0 < value <= MAX_DB_ID else None


def _refuse(status: int, message_id: str, lang: str, *, retry_after: bool = False) -> JSONResponse:
    headers = {**PRIVATE, "Retry-After": "10"} if retry_after else PRIVATE
    return JSONResponse({"error": message_id, "message": translate(lang, message_id)}, status_code=status,
                        headers=headers)


async def trouble(request: Request, error: Exception) -> Response:
    """A locked, unreachable or full database, or a full disk: translated, logged, never a bare 500."""
    message = db_errors.trouble_message(error)
    if message is None:
        raise error
    log.warning("%s %s answered %s: %s: %s", request.method, request.url.path, message, type(error).__name__,
                str(error).splitlines()[0] if str(error) else "")
    return _refuse(507 if message == db_errors.FULL else 503, message, _lang(request), retry_after=True)


# Starlette finds the handler by the exception's class: these are every kind `trouble` answers.
TROUBLE_HANDLERS = {cls: trouble for cls in (sa_exc.OperationalError, sa_exc.InternalError,
                                             sa_exc.TimeoutError, OSError)}


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it grows past the limit (the rest is never stored)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _resolve(token: str | None) -> callers.Caller:
    with unit_of_work() as session:
        return callers.resolve(session, token)


@contextmanager
def _decode_gate(pixels: int):
    """A decode slot for a large image, or "coba lagi sebentar" when none comes free in time."""
    try:
        with offload.decode_slot(pixels):
            yield
    except offload.Busy:
        raise media.MediaError(media.ERR_BUSY) from None


def _store(caller: callers.Caller, purpose: str, processed) -> str:
    with unit_of_work() as session:
        return uploads.store_upload(session, caller.account_id, purpose, processed,
                                    kiosk_session_id=caller.kiosk.id if caller.kiosk else None).key


async def upload(request: Request) -> Response:
    lang = _lang(request)
    if request.headers.get("x-paduko") != "1":  # forces a CORS preflight: no cross-site posts
        return _refuse(403, ERR_FORBIDDEN, lang)
    purpose = request.query_params.get("untuk", "")
    if purpose not in uploads.PURPOSES:
        return _refuse(400, media.ERR_NOT_SUPPORTED, lang)
    caller = await run_in_threadpool(_resolve, request.cookies.get(SESSION_COOKIE))
    if not uploads.may_upload(caller, purpose):
        return _refuse(403, ERR_FORBIDDEN, lang)
    data = await _read_limited(request, MAX_UPLOAD_BYTES)
    if data is None:
        return _refuse(413, media.ERR_TOO_LARGE, lang)
    if purpose == "result" and media.sniff(data) != "pdf":  # the office's result is the PDF from SIAK
        return _refuse(422, media.ERR_PDF_INVALID, lang)
    try:  # decoding takes up to a second: keep it off the event loop that serves everyone else
        processed = await run_in_threadpool(media.process_upload, data, request.headers.get("x-filename", ""),
                                            max_bytes=MAX_UPLOAD_BYTES, decode_gate=_decode_gate)
    except media.MediaError as exc:
        if exc.message_id == media.ERR_BUSY:
            return _refuse(503, exc.message_id, lang, retry_after=True)
        return _refuse(422, exc.message_id, lang)
    key = await run_in_threadpool(_store, caller, purpose, processed)
    return JSONResponse({
        "key": key,
        "content_type": processed.content_type,
        "warnings": [translate(lang, w) for w in processed.quality_warnings],
        "thumbnail": f"/api/unggah/{key}/gambar" if processed.thumbnail else None,
    }, headers=PRIVATE)


def upload_thumbnail(request: Request) -> Response:
    """The uploader sees their own preview, nobody else; a kiosk's only while its session lasts."""
    with unit_of_work() as session:
        principal, account, token_id = _caller(session, request)
        row = session.exec(select(Upload).where(Upload.key == request.path_params["key"])).first()
        if account is None or row is None or row.account_id != account.id or row.revoked_at is not None:
            return Response(status_code=404, headers=PRIVATE)
        if row.kiosk_session_id is not None and not kiosk.is_live(session, row.kiosk_session_id, token_id):
            return Response(status_code=404, headers=PRIVATE)
        blob = session.get(DocumentBlob, row.blob_id)
        if blob is None or blob.thumbnail is None:
            return Response(status_code=404, headers=PRIVATE)
        return Response(blob.thumbnail, media_type="image/jpeg", headers=PRIVATE)


def care_evidence(request: Request) -> Response:
    """An officer views the consent evidence of a care link (audited)."""
    link_id = _path_id(request, "link_id")
    if link_id is None:
        return Response(status_code=404, headers=PRIVATE)
    with unit_of_work() as session:
        principal, account, _ = _caller(session, request)
        if not authz.may(principal, authz.VERIFIKATOR):
            return Response(status_code=404, headers=PRIVATE)
        try:
            content, content_type = care.evidence_of(session, link_id, officer=account)
        except care.CareError:
            return Response(status_code=404, headers=PRIVATE)
    disposition = "inline" if content_type.startswith("image/") else "attachment"
    return Response(content, media_type=content_type,
                    headers={**PRIVATE, "Content-Disposition": f'{disposition}; filename="bukti-{link_id}"'})


def identity_photo(request: Request) -> Response:
    """A verifikator views the KTP-el photo or selfie of a verification request (audited)."""
    with unit_of_work() as session:
        principal, account, _ = _caller(session, request)
        request_id = _path_id(request, "request_id")
        if not authz.may(principal, authz.VERIFIKATOR) or request_id is None:
            return Response(status_code=404, headers=PRIVATE)
        try:
            content = verification.photo_of(session, request_id,
                                            request.path_params["which"], officer=account)
        except verification.VerificationError:
            return Response(status_code=404, headers=PRIVATE)
    return Response(content, media_type="image/jpeg", headers={**PRIVATE, "Content-Disposition": "inline"})


def _visible_document(session: Session, request: Request, document_id: int | None) -> tuple[Document, Account] | None:
    principal, account, token_id = _caller(session, request)
    document = session.get(Document, document_id) if document_id is not None else None
    if document is None or account is None:
        return None
    application = session.get(Application, document.application_id)
    if not access.may_see_application(session, principal, application, session_token_id=token_id):
        return None
    if principal.role in authz.STAFF_ROLES:  # every staff view of a person's document is logged
        audit.record(session, "document.view", actor_account_id=account.id, target_type="document",
                     target_id=document.id, detail={"application": application.id})
        session.commit()
    return document, account


def document_file(request: Request) -> Response:
    with unit_of_work() as session:
        found = _visible_document(session, request, _path_id(request, "document_id"))
        if found is None:
            return Response(status_code=404, headers=PRIVATE)
        document, _account = found
        blob = session.get(DocumentBlob, document.blob_id)
        thumbnail = request.url.path.endswith("/gambar")
        if thumbnail and blob.thumbnail is None:
            return Response(status_code=404, headers=PRIVATE)
        content = blob.thumbnail if thumbnail else blob.content
        media_type = "image/jpeg" if thumbnail else document.content_type
        disposition = "inline" if media_type.startswith("image/") else "attachment"
        return Response(content, media_type=media_type, headers={
            **PRIVATE, "Content-Disposition": f'{disposition}; filename="dokumen-{document.id}"'})


def application_receipt(request: Request) -> Response:
    """The PDF receipt made at submission (it carries the PIN: only for those who may see it)."""
    application_id = _path_id(request, "application_id")
    with unit_of_work() as session:
        principal, account, token_id = _caller(session, request)
        application = session.get(Application, application_id) if application_id is not None else None
        if not access.may_see_application(session, principal, application, session_token_id=token_id):
            return Response(status_code=404, headers=PRIVATE)
        document = session.exec(select(Document).where(Document.application_id == application.id,
                                                       Document.kind == "receipt")
                                .order_by(Document.id.desc())).first()
        if document is None:
            return Response(status_code=404, headers=PRIVATE)
        if principal.role in authz.STAFF_ROLES:  # the receipt carries the PIN: a staff view is logged too
            audit.record(session, "receipt.view", actor_account_id=account.id, target_type="application",
                         target_id=application.id)
            session.commit()
        blob = session.get(DocumentBlob, document.blob_id)
        return Response(blob.content, media_type="application/pdf", headers={
            **PRIVATE, "Content-Disposition": f'inline; filename="tanda-terima-{application.number}.pdf"'})


MAX_RECORDING_BYTES = 2 * 1024 * 1024
ERR_RECORDING = m("error.recording.invalid")
ERR_RECORDING_PROMPT = m("error.recording.prompt")


def _audio_type(data: bytes) -> str | None:
    """By content, never by name: MP3 (ID3 tag or frame sync), Ogg, or WAV."""
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    return None


async def recording_upload(request: Request) -> Response:
    """An admin replaces a generated prompt with a human recording (e.g. a native Minang speaker)."""
    from paduko_app import voice

    lang_ui = _lang(request)
    if request.headers.get("x-paduko") != "1":
        return _refuse(403, ERR_FORBIDDEN, lang_ui)
    message_id, lang = request.query_params.get("id", ""), request.query_params.get("lang", "")
    caller = await run_in_threadpool(_resolve, request.cookies.get(SESSION_COOKIE))
    if not caller.may(authz.ADMIN):
        return _refuse(403, ERR_FORBIDDEN, lang_ui)
    admin_id = caller.account_id
    if lang not in LANGUAGES or message_id not in set(voice.prompt_ids()):
        return _refuse(400, ERR_RECORDING_PROMPT, lang_ui)
    data = await _read_limited(request, MAX_RECORDING_BYTES)
    if data is None:
        return _refuse(413, ERR_RECORDING, lang_ui)
    content_type = _audio_type(data)
    if content_type is None:
        return _refuse(422, ERR_RECORDING, lang_ui)
    await run_in_threadpool(_store_recording, admin_id, message_id, lang, data, content_type)
    return JSONResponse({"ok": True}, headers=PRIVATE)


def _store_recording(admin_id: int, message_id: str, lang: str, data: bytes, content_type: str) -> None:
    with unit_of_work() as session:
        uploads.store_recording(session, admin_id, message_id, lang, data, content_type)


def recording_list(_request: Request) -> Response:
    """Which prompts have a human recording, per language (the browser prefers those)."""
    with unit_of_work() as session:
        rows = session.exec(select(VoiceRecording.lang, VoiceRecording.message_id)).all()
    listing: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for lang, message_id in rows:
        listing.setdefault(lang, []).append(message_id)
    return JSONResponse(listing, headers={"Cache-Control": "public, max-age=300"})


def recording_file(request: Request) -> Response:
    with unit_of_work() as session:
        row = session.exec(select(VoiceRecording).where(VoiceRecording.lang == request.path_params["lang"],
                                                        VoiceRecording.message_id == request.path_params["message_id"])).first()
        if row is None:
            return Response(status_code=404)
        etag = f'"{row.id}-{int(row.created_at.timestamp())}-{len(row.content)}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(row.content, media_type=row.content_type,
                        headers={"Cache-Control": "public, max-age=3600", "ETag": etag,
                                 "X-Content-Type-Options": "nosniff"})


def health(_request: Request) -> Response:
    with unit_of_work() as session:
        session.exec(text("SELECT 1"))
    return JSONResponse({"status": "ok"})


def no_public_uploads(_request: Request) -> Response:
    return Response(status_code=404)


api = Starlette(routes=[
    Route("/api/unggah", upload, methods=["POST"]),
    Route("/api/unggah/{key:str}/gambar", upload_thumbnail, methods=["GET"]),
    Route("/api/kuasa/{link_id:int}/bukti", care_evidence, methods=["GET"]),
    Route("/api/verifikasi/{request_id:int}/{which:str}", identity_photo, methods=["GET"]),
    Route("/api/dokumen/{document_id:int}", document_file, methods=["GET"]),
    Route("/api/dokumen/{document_id:int}/gambar", document_file, methods=["GET"]),
    Route("/api/permohonan/{application_id:int}/tanda-terima", application_receipt, methods=["GET"]),
    Route("/api/suara", recording_upload, methods=["POST"]),
    Route("/api/suara/daftar", recording_list, methods=["GET"]),
    Route("/api/suara/{lang:str}/{message_id:str}", recording_file, methods=["GET"]),
    Route("/api/sehat", health, methods=["GET"]),
    Route("/api/pemantauan/{key:str}.csv", monitoring_api.table_csv, methods=["GET"]),
    Route("/api/sesi", session_cookie.start, methods=["POST"]),
    Route("/api/keluar", session_cookie.end, methods=["POST"]),
    # Reflex serves its upload folder to anyone; PADUKO never uses it, so close it.
    Route("/_upload/{path:path}", no_public_uploads, methods=["GET", "HEAD", "POST"]),
], exception_handlers=TROUBLE_HANDLERS)
