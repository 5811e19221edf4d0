"""Reasons an officer gives (a list the admin keeps, in three languages) and the answers and
photos flagged for correction. The resident sees exactly the flagged items, with the reason in
their language, and corrects only those."""

from __future__ import annotations

from sqlmodel import Session, select

from paduko_app.db.models import RevisionFlag, RevisionReason, utcnow
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.domain.messages import FormErrors, m
from paduko_app.i18n import translate
from paduko_app.services import audit
from paduko_app.services.answer_views import Flag

# The reasons a new installation starts with; their texts come from the catalogues once.
DEFAULT_REASONS = ("photo_unreadable", "wrong_document", "data_mismatch", "incomplete", "expired_document",
                   "not_eligible")
# Named so the catalogue extractor finds ids that the code builds from their parts.
_DEFAULT_REASON_IDS = (m("reason.photo_unreadable"), m("reason.wrong_document"), m("reason.data_mismatch"),
                       m("reason.incomplete"), m("reason.expired_document"), m("reason.not_eligible"))
ERR_REASON_TEXT = m("error.office.reason_text")
ERR_REASON_CODE = m("error.office.reason_code")


def seed_defaults(session: Session) -> int:
    """Add the default reasons that are missing (texts from the catalogues). Caller commits."""
    have = set(session.exec(select(RevisionReason.code)).all())
    added = 0
    for code in DEFAULT_REASONS:
        if code not in have:
            texts = {lang: translate(lang, f"reason.{code}") for lang in LANGUAGES}
            session.add(RevisionReason(code=code, text_id=texts["id"], text_min=texts["min"], text_en=texts["en"]))
            added += 1
    return added


def reasons(session: Session, *, include_inactive: bool = False) -> list[RevisionReason]:
    query = select(RevisionReason).order_by(RevisionReason.id)
    if not include_inactive:
        query = query.where(RevisionReason.active.is_(True))
    return list(session.exec(query).all())


def reason_texts(reason: RevisionReason) -> dict[str, str]:
    return {"id": reason.text_id, "min": reason.text_min, "en": reason.text_en}


def _clean(text: str) -> str:
    return " ".join(str(text or "").split())[:300]


def save_reason(session: Session, *, admin_id: int, reason_id: int | None, code: str, texts: dict[str, str],
                active: bool = True) -> RevisionReason:
    """An admin adds or edits a reason; every language must be written. Commits."""
    cleaned = {lang: _clean(texts.get(lang, "")) for lang in LANGUAGES}
    errors = {f"text_{lang}": ERR_REASON_TEXT for lang, text in cleaned.items() if not text}
    code = "".join(ch for ch in code.lower().strip().replace(" ", "_") if ch.isalnum() or ch == "_")[:40]
    row = session.get(RevisionReason, reason_id) if reason_id else None
    if row is None and not code:
        errors["code"] = ERR_REASON_CODE
    elif row is None and session.exec(select(RevisionReason.id).where(RevisionReason.code == code)).first():
        errors["code"] = ERR_REASON_CODE
    if errors:
        raise FormErrors(errors)
    row = row or RevisionReason(code=code, text_id="", text_min="", text_en="")
    row.text_id, row.text_min, row.text_en, row.active = cleaned["id"], cleaned["min"], cleaned["en"], active
    session.add(row)
    session.flush()
    audit.record(session, "reason.save", actor_account_id=admin_id, target_type="revisionreason",
                 target_id=row.id, detail={"code": row.code, "active": active})
    session.commit()
    return row


def open_flags(session: Session, application_id: int) -> dict[tuple[str, str], Flag]:
    """The unresolved flags of an application, by (kind, id), with the reason in every language."""
    rows = session.exec(select(RevisionFlag, RevisionReason).where(
        RevisionFlag.application_id == application_id, RevisionFlag.resolved_at.is_(None),
        RevisionFlag.reason_id == RevisionReason.id).order_by(RevisionFlag.id)).all()
    return {(flag.target_kind, flag.target_id): Flag(reason_texts(reason), flag.note or "") for flag, reason in rows}


def add_flags(session: Session, application_id: int, officer_id: int,
              items: list[tuple[str, str, int]], note: str) -> None:
    """Flag (kind, id, reason id) items. Caller commits."""
    for kind, target_id, reason_id in items:
        session.add(RevisionFlag(application_id=application_id, target_kind=kind, target_id=target_id,
                                 reason_id=reason_id, note=_clean(note) or None, created_by_account_id=officer_id))


def resolve_flags(session: Session, application_id: int) -> None:
    """The resident resent the application: the flags of this round are done. Caller commits."""
    now = utcnow()
    for flag in session.exec(select(RevisionFlag).where(RevisionFlag.application_id == application_id,
                                                        RevisionFlag.resolved_at.is_(None))).all():
        flag.resolved_at = now
        session.add(flag)
