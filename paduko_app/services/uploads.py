"""Uploads and voice recordings: store what the HTTP routes received and checked.

The routes only read the body (within its size limit), check the caller and map errors;
writing blobs and rows, and who may upload what, live here.
"""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from paduko_app.db.models import DocumentBlob, Upload, VoiceRecording, utcnow
from paduko_app.domain import media
from paduko_app.services import audit
from paduko_app.services.callers import Caller

# purpose -> who may upload it; a result is the office's signed PDF, never a photo.
# identity: the KTP-el photo and the selfie a resident sends to have their identity verified.
PURPOSES = ("document", "care_evidence", "identity", "result")


def may_upload(caller: Caller, purpose: str) -> bool:
    if purpose == "result":
        return caller.role == "verifikator"
    if caller.role == "resident":
        return purpose in ("document", "care_evidence", "identity")
    return caller.role == "operator" and caller.kiosk is not None and purpose == "document"


def store_upload(session: Session, account_id: int, purpose: str, processed: media.ProcessedUpload,
                 kiosk_session_id: int | None = None) -> Upload:
    """Keep a processed upload until the form that asked for it attaches it. Commits.
    At a kiosk the key dies with the kiosk session (`kiosk_session_id`).
    The same photo sent again before it is attached (a retry after the answer was lost on a bad
    connection) gets the waiting upload back, kept a day from now, rather than a second copy."""
    waiting = session.exec(select(Upload).where(
        Upload.account_id == account_id, Upload.purpose == purpose, Upload.sha256 == processed.sha256,
        Upload.kiosk_session_id == kiosk_session_id,  # None compares as IS NULL
        Upload.attached_at.is_(None), Upload.revoked_at.is_(None))).first()
    if waiting is not None:
        waiting.created_at = utcnow()  # the purge of unattached uploads counts from the last send
        session.add(waiting)
        session.commit()
        return waiting
    blob = DocumentBlob(content=processed.content, thumbnail=processed.thumbnail)
    session.add(blob)
    session.flush()
    row = Upload(key=secrets.token_urlsafe(32), account_id=account_id, purpose=purpose, blob_id=blob.id,
                 content_type=processed.content_type, size_bytes=len(processed.content),
                 width=processed.width, height=processed.height, sha256=processed.sha256,
                 warnings=list(processed.quality_warnings), kiosk_session_id=kiosk_session_id)
    session.add(row)
    session.commit()
    return row


def unattached(session: Session, key: str, account_id: int, purpose: str) -> Upload | None:
    if not key:
        return None
    return session.exec(select(Upload).where(Upload.key == key, Upload.account_id == account_id,
                                             Upload.purpose == purpose, Upload.attached_at.is_(None))).first()


def store_recording(session: Session, admin_id: int, message_id: str, lang: str, data: bytes,
                    content_type: str) -> None:
    """A human recording replaces the generated prompt for that message and language. Commits."""
    row = session.exec(select(VoiceRecording).where(VoiceRecording.message_id == message_id,
                                                    VoiceRecording.lang == lang)).first() or VoiceRecording(
        message_id=message_id, lang=lang, content=b"", content_type="", uploaded_by_account_id=admin_id)
    row.content, row.content_type, row.uploaded_by_account_id = data, content_type, admin_id
    session.add(row)
    audit.record(session, "voice.recording", actor_account_id=admin_id, detail={"id": message_id, "lang": lang})
    session.commit()
