"""Reflex's event protocol as its browser frontend speaks it: Engine.IO v4 / Socket.IO v5 text
frames over a websocket (wsproto, already locked in requirements.lock), for benchmarks/load.py.

What the frontend does (.web/utils/state.js of Reflex 0.10.1): it opens the websocket at
/_event/?token=<tab token>&EIO=4&transport=websocket with the Reflex version as subprotocol,
and its Socket.IO CONNECT packet for the namespace /_event carries the hydrate event and the
state schema ({"event": ..., "state_schema": ...}), so the backend hydrates without waiting for
the connect acknowledgement. Events go out as ["event", {name, payload, router_data}] and come
back as ["event", {delta, events, final}].
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from wsproto import ConnectionType, WSConnection
from wsproto.events import (AcceptConnection, CloseConnection, Message, Ping, RejectConnection, RejectData,
                            Request)

NAMESPACE = "/_event"
# Engine.IO packet types (first character of every websocket text frame).
EIO_OPEN, EIO_CLOSE, EIO_PING, EIO_PONG, EIO_MESSAGE = "0", "1", "2", "3", "4"
# Socket.IO packet types (second character of an Engine.IO message).
SIO_CONNECT, SIO_DISCONNECT, SIO_EVENT, SIO_ACK, SIO_CONNECT_ERROR = "0", "1", "2", "3", "4"


class ProtocolError(Exception):
    pass


@dataclass(frozen=True)
class Packet:
    """One decoded websocket frame: `eio` type, and for messages the Socket.IO type and data."""

    eio: str
    sio: str = ""
    namespace: str = "/"
    data: Any = None


def encode_connect(auth: dict, namespace: str = NAMESPACE) -> str:
    return f"{EIO_MESSAGE}{SIO_CONNECT}{namespace},{json.dumps(auth, separators=(',', ':'))}"


def encode_event(name: str, data: Any, namespace: str = NAMESPACE) -> str:
    return f"{EIO_MESSAGE}{SIO_EVENT}{namespace},{json.dumps([name, data], separators=(',', ':'))}"


def decode(frame: str) -> Packet:
    """Parse one text frame. Binary attachments and acks are not used by Reflex's frontend."""
    if not frame:
        raise ProtocolError("empty frame")
    eio, rest = frame[0], frame[1:]
    if eio == EIO_OPEN:
        return Packet(eio, data=json.loads(rest))
    if eio != EIO_MESSAGE:
        return Packet(eio, data=rest or None)
    if not rest:
        raise ProtocolError("message without a Socket.IO packet")
    sio, rest = rest[0], rest[1:]
    if sio not in "01234":
        raise ProtocolError(f"unknown Socket.IO packet type {sio!r}")
    namespace = "/"
    if rest.startswith("/"):
        namespace, comma, rest = rest.partition(",")
        if not comma:  # "41/_event" has no data after the namespace
            rest = ""
    while rest and rest[0].isdigit():  # an ack id, never sent by Reflex's server to the frontend
        rest = rest[1:]
    return Packet(eio, sio, namespace, json.loads(rest) if rest else None)


class WebSocket:
    """A minimal asyncio websocket client: text frames, answers pings and closes."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, conn: WSConnection):
        self._reader, self._writer, self._conn = reader, writer, conn
        self._pending: list[str] = []
        self._parts: list[str] = []
        self.closed = False

    @classmethod
    async def connect(cls, host: str, port: int, target: str, headers: list[tuple[str, str]],
                      subprotocols: list[str]) -> "WebSocket":
        reader, writer = await asyncio.open_connection(host, port)
        conn = WSConnection(ConnectionType.CLIENT)
        writer.write(conn.send(Request(host=f"{host}:{port}", target=target, subprotocols=subprotocols,
                                       extra_headers=[(k.encode(), v.encode()) for k, v in headers])))
        await writer.drain()
        ws = cls(reader, writer, conn)
        while True:
            data = await reader.read(65536)
            if not data:
                raise ProtocolError("connection closed during the websocket handshake")
            conn.receive_data(data)
            for event in conn.events():
                if isinstance(event, AcceptConnection):
                    return ws
                if isinstance(event, (RejectConnection, RejectData)):
                    raise ProtocolError(f"websocket refused: {getattr(event, 'status_code', '')}")
                ws._handle(event)

    def _handle(self, event) -> None:
        if isinstance(event, Message):
            self._parts.append(event.data if isinstance(event.data, str) else event.data.decode())
            if event.message_finished:
                self._pending.append("".join(self._parts))
                self._parts = []
        elif isinstance(event, Ping):
            self._writer.write(self._conn.send(event.response()))
        elif isinstance(event, CloseConnection):
            self.closed = True
            try:
                self._writer.write(self._conn.send(event.response()))
            except Exception:  # noqa: BLE001 - already closing
                pass

    async def send(self, text: str) -> None:
        from wsproto.events import TextMessage

        self._writer.write(self._conn.send(TextMessage(data=text)))
        await self._writer.drain()

    async def recv(self) -> str:
        while not self._pending:
            if self.closed:
                raise ProtocolError("websocket closed by the server")
            data = await self._reader.read(65536)
            if not data:
                self.closed = True
                raise ProtocolError("websocket connection lost")
            self._conn.receive_data(data)
            for event in self._conn.events():
                self._handle(event)
        return self._pending.pop(0)

    async def close(self) -> None:
        if not self.closed:
            try:
                self._writer.write(self._conn.send(CloseConnection(code=1000)))
                await self._writer.drain()
            except Exception:  # noqa: BLE001 - the server may be gone already
                pass
            self.closed = True
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except Exception:  # noqa: BLE001
            pass
