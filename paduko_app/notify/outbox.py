"""Put messages in the outbox and deliver pending ones through the configured adapter."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from paduko_app.db.models import OutboxMessage, utcnow
from paduko_app.i18n import translate
from paduko_app.notify.adapters import Adapter, DeliveryError, Outgoing

MAX_ATTEMPTS = 5


def enqueue(session: Session, *, recipient: str, message_id: str, params: dict[str, Any],
            lang: str, channel: str = "sms") -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, message_id=message_id, params=params, lang=lang, channel=channel)
    session.add(message)
    session.flush()
    return message


def render(message: OutboxMessage) -> str:
    return translate(message.lang, message.message_id, **(message.params or {}))


def deliver_pending(session: Session, adapter: Adapter, limit: int = 50) -> int:
    """Try each pending message once; returns how many were delivered. Caller commits."""
    pending = session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")
                           .order_by(OutboxMessage.id).limit(limit)).all()
    delivered = 0
    for message in pending:
        message.attempts += 1
        try:
            adapter.deliver(Outgoing(message.recipient, render(message), message.channel))
        except DeliveryError:
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
        else:
            message.status = "sent"
            message.sent_at = utcnow()
            if adapter.name != "outbox" and message.params and "code" in message.params:
                # A delivered sign-in code must not stay readable in the database.
                message.params = {**message.params, "code": "******"}
            delivered += 1
        session.add(message)
    return delivered
