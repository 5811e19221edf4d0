"""Put messages in the outbox and deliver pending ones through the configured adapter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from paduko_app.db.models import OutboxMessage, utcnow
from paduko_app.i18n import translate
from paduko_app.notify.adapters import Adapter, DeliveryError, Outgoing

# Wait before each retry: a gateway that is down for an hour loses nothing.
BACKOFF = (dt.timedelta(seconds=30), dt.timedelta(minutes=2), dt.timedelta(minutes=10),
           dt.timedelta(hours=1), dt.timedelta(hours=6))
MAX_ATTEMPTS = len(BACKOFF) + 1


def enqueue(session: Session, *, recipient: str, message_id: str, params: dict[str, Any],
            lang: str, channel: str = "sms", account_id: int | None = None,
            application_id: int | None = None) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, message_id=message_id, params=params, lang=lang, channel=channel,
                            account_id=account_id, application_id=application_id)
    session.add(message)
    session.flush()
    return message


def render(message: OutboxMessage) -> str:
    """The text in the recipient's language; a parameter named `x_msg` is a message id, told as `x`."""
    params = dict(message.params or {})
    for key, value in list(params.items()):
        if key.endswith("_msg") and isinstance(value, str):
            params[key[:-4]] = translate(message.lang, value)
    return translate(message.lang, message.message_id, **params)


def _due(now: dt.datetime):
    return (OutboxMessage.status == "pending") & (
        OutboxMessage.next_attempt_at.is_(None) | (OutboxMessage.next_attempt_at <= now))


def deliver_pending(session: Session, adapter: Adapter, limit: int = 50, now: dt.datetime | None = None) -> int:
    """Try each message that is due once; returns how many were delivered. Caller commits.

    Rows are locked while being sent (skipped by other workers on PostgreSQL), so two
    workers never send the same message.
    """
    now = now or utcnow()
    pending = session.exec(select(OutboxMessage).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
                           .with_for_update(skip_locked=True)).all()
    delivered = 0
    for message in pending:
        message.attempts += 1
        try:
            adapter.deliver(Outgoing(message.recipient, render(message), message.channel))
        except DeliveryError as exc:
            message.last_error = str(exc)[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
            else:
                message.next_attempt_at = now + BACKOFF[message.attempts - 1]
        else:
            message.status = "sent"
            message.sent_at = now
            message.last_error = None
            if adapter.name != "outbox" and message.params and "code" in message.params:
                # A delivered sign-in code must not stay readable in the database.
                message.params = {**message.params, "code": "******"}
            delivered += 1
        session.add(message)
    return delivered


def next_due_in(session: Session, now: dt.datetime | None = None) -> float | None:
    """Seconds until the next retry is due (0 when something is due now), None when nothing waits."""
    now = now or utcnow()
    soonest = session.exec(select(OutboxMessage.next_attempt_at).where(OutboxMessage.status == "pending")
                           .order_by(OutboxMessage.next_attempt_at.is_not(None), OutboxMessage.next_attempt_at)
                           .limit(1)).first()
    has_pending = session.exec(select(OutboxMessage.id).where(OutboxMessage.status == "pending").limit(1)).first()
    if has_pending is None:
        return None
    if soonest is None:
        return 0.0
    if soonest.tzinfo is None:
        soonest = soonest.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (soonest - now).total_seconds())


def failed(session: Session, limit: int = 100) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.status == "failed")
                             .order_by(OutboxMessage.id.desc()).limit(limit)).all())


def retry(session: Session, message_id: int) -> bool:
    """An admin sends a failed message again (after fixing the gateway, say)."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status != "failed":
        return False
    message.status, message.attempts, message.next_attempt_at = "pending", 0, None
    session.add(message)
    return True
