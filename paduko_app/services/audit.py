"""The append-only audit log. Callers add the record inside their own transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from paduko_app.db.models import AuditLog


def record(session: Session, action: str, *, actor_account_id: int | None,
           target_type: str | None = None, target_id: int | None = None,
           detail: dict[str, Any] | None = None) -> AuditLog:
    entry = AuditLog(actor_account_id=actor_account_id, action=action, target_type=target_type,
                     target_id=target_id, detail=detail)
    session.add(entry)
    return entry
