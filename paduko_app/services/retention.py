"""Keep only what the service needs: photos never attached, replaced photos, old counters.

An upload waits to be attached to a draft's requirement or a care link. If the wizard is
abandoned, or a new photo replaces it, nothing refers to its content any more: after
UNATTACHED_UPLOAD_TTL the upload and its blob are deleted. Replaced documents lose their blob at
the next purge. `start_background()` runs the purge every PURGE_EVERY in a thread, never on the
event loop that serves everyone (DESIGN principle 9).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from dataclasses import dataclass

from sqlalchemy import delete, exists, or_
from sqlmodel import Session

from paduko_app.db.models import CareLink, Document, DocumentBlob, Upload, utcnow
from paduko_app.services import limits

UNATTACHED_UPLOAD_TTL = dt.timedelta(hours=24)
PURGE_EVERY = dt.timedelta(hours=1)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    uploads: int
    blobs: int
    counters: int


def _in_use(blob_id_column):
    """The blob is the content of a document or of a care link's evidence."""
    return or_(exists().where(Document.blob_id == blob_id_column),
               exists().where(CareLink.evidence_blob_id == blob_id_column))


def purge(session: Session, now: dt.datetime | None = None) -> Purged:
    """Delete unattached uploads older than a day, uploads whose document was replaced, and
    every blob nothing refers to. Commits."""
    now = now or utcnow()
    abandoned = (Upload.attached_at.is_(None)) & (Upload.created_at < now - UNATTACHED_UPLOAD_TTL)
    replaced = Upload.attached_at.is_not(None) & ~_in_use(Upload.blob_id)
    plain = {"synchronize_session": False}  # nothing loaded in this session refers to these rows
    uploads = session.execute(delete(Upload).where(abandoned | replaced), execution_options=plain).rowcount
    orphan = ~_in_use(DocumentBlob.id) & ~exists().where(Upload.blob_id == DocumentBlob.id)
    blobs = session.execute(delete(DocumentBlob).where(orphan), execution_options=plain).rowcount
    counters = limits.purge(session, now)
    session.commit()
    return Purged(uploads, blobs, counters)


def _purge_forever(stop: threading.Event, every: dt.timedelta) -> None:
    from paduko_app.db.engine import unit_of_work

    while not stop.is_set():
        try:
            with unit_of_work() as session:
                done = purge(session)
            log.info("purge: %d uploads, %d blobs, %d counters", done.uploads, done.blobs, done.counters)
        except Exception:  # a busy database must not end the thread; try again next time
            log.exception("purge failed")
        stop.wait(every.total_seconds())


_thread: threading.Thread | None = None


def start_background(every: dt.timedelta = PURGE_EVERY) -> threading.Event:
    """Start the periodic purge once per process; set the returned event to stop it."""
    global _thread
    stop = threading.Event()
    if _thread is None or not _thread.is_alive():
        _thread = threading.Thread(target=_purge_forever, args=(stop, every), name="paduko-purge", daemon=True)
        _thread.start()
    return stop


@contextlib.asynccontextmanager
async def purge_while_serving():
    """A Reflex lifespan task: the purge thread lives as long as the server, not at build time."""
    stop = start_background()
    try:
        yield
    finally:
        stop.set()
