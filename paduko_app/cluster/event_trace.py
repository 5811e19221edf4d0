"""At DEBUG, each event a browser sends and each update sent to it, by browser (`trace.ref`) and
socket, never a payload: so a worker's log shows where an answer went after a worker died."""

from __future__ import annotations

import logging

from paduko_app.trace import ref

log = logging.getLogger("paduko.sockets")


def trace_events(namespace) -> None:
    """Wrap the namespace's on_event and emit_update with a DEBUG line each (only when enabled)."""
    if not log.isEnabledFor(logging.DEBUG) or getattr(namespace, "_paduko_traced", False):
        return
    namespace._paduko_traced = True
    on_event, emit_update = namespace.on_event, namespace.emit_update

    async def traced_on_event(sid, data):
        name = data.get("name") if isinstance(data, dict) else "?"
        log.debug("browser %s: event %s received on sid %s", ref(namespace.sid_to_token.get(sid)), name, sid)
        return await on_event(sid, data)

    async def traced_emit_update(update, token):
        record = namespace._token_manager.token_to_socket.get(token)
        where = ("sid " + record.sid if record.instance_id == namespace._token_manager.instance_id
                 else "another worker") if record else "no socket"
        log.debug("browser %s: update (%d states%s) sent to %s", ref(token), len(update.delta or {}),
                  ", final" if getattr(update, "final", False) else "", where)
        return await emit_update(update, token)

    namespace.on_event, namespace.emit_update = traced_on_event, traced_emit_update
