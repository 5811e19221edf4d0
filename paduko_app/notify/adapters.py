"""Delivery adapters behind one interface. Chosen by PADUKO_NOTIFY (see README).

- outbox: keeps messages in the outbox table, shown on the demo page and in the server log.
  Demo mode only: production refuses to start with it.
- smtp: e-mail over SMTP (PADUKO_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _STARTTLS).
- http: an SMS/WhatsApp gateway: POST to PADUKO_GATEWAY_URL with a bearer token and a JSON
  body made from PADUKO_GATEWAY_TEMPLATE, where {recipient} and {text} are filled in.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("paduko.notify")


class DeliveryError(RuntimeError):
    pass


@dataclass(frozen=True)
class Outgoing:
    recipient: str
    text: str
    channel: str  # sms, whatsapp, email


class Adapter(Protocol):
    name: str

    def deliver(self, message: Outgoing) -> None: ...


class OutboxAdapter:
    """Keeps the message where it is; the demo page reads it. Logs a masked recipient only."""

    name = "outbox"

    def deliver(self, message: Outgoing) -> None:
        masked = message.recipient[:4] + "****" + message.recipient[-2:]
        log.info("demo outbox: message to %s kept for the demo page", masked)


@dataclass
class SmtpAdapter:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    name: str = "smtp"

    def deliver(self, message: Outgoing) -> None:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, message.recipient, "PADUKO"
        email.set_content(message.text)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=20) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP delivery failed: {exc.__class__.__name__}") from exc


@dataclass
class HttpGatewayAdapter:
    url: str
    token: str
    template: str = '{{"to": "{recipient}", "message": "{text}"}}'
    name: str = "http"

    def body(self, message: Outgoing) -> bytes:
        escape = lambda value: json.dumps(value)[1:-1]  # noqa: E731  (safe inside a JSON string)
        return self.template.format(recipient=escape(message.recipient), text=escape(message.text)).encode()

    def deliver(self, message: Outgoing) -> None:
        request = urllib.request.Request(self.url, data=self.body(message), method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                if not 200 <= response.status < 300:
                    raise DeliveryError(f"gateway answered {response.status}")
        except OSError as exc:
            raise DeliveryError(f"gateway unreachable: {exc.__class__.__name__}") from exc


def from_environment(env: dict[str, str] | None = None) -> Adapter:
    env = dict(os.environ if env is None else env)
    kind = env.get("PADUKO_NOTIFY", "outbox")
    if kind == "smtp":
        return SmtpAdapter(host=env["PADUKO_SMTP_HOST"], port=int(env.get("PADUKO_SMTP_PORT", "587")),
                           sender=env["PADUKO_SMTP_FROM"], user=env.get("PADUKO_SMTP_USER"),
                           password=env.get("PADUKO_SMTP_PASSWORD"),
                           starttls=env.get("PADUKO_SMTP_STARTTLS", "1") != "0")
    if kind == "http":
        template = env.get("PADUKO_GATEWAY_TEMPLATE")
        adapter = HttpGatewayAdapter(url=env["PADUKO_GATEWAY_URL"], token=env["PADUKO_GATEWAY_TOKEN"])
        return HttpGatewayAdapter(adapter.url, adapter.token, template) if template else adapter
    if kind == "outbox":
        return OutboxAdapter()
    raise KeyError(f"PADUKO_NOTIFY must be outbox, smtp or http, not {kind!r}")
