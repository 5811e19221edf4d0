"""Moving keyboard focus after the server answers a press (assets/focus.js)."""

from __future__ import annotations

import json

import reflex as rx


def focus_after_press(selector: str, *, to_top: bool = False, delay_ms: int = 0) -> rx.event.EventSpec:
    """Focus `selector` (a new heading, an error summary) unless the person has moved focus on
    since the press this answers. `to_top` scrolls the page to its top with it; `delay_ms` waits
    for an element the same update first shows."""
    call = f"window.padukoFocus&&window.padukoFocus({json.dumps(selector)},{'true' if to_top else 'false'})"
    return rx.call_script(f"setTimeout(function(){{{call}}},{delay_ms})" if delay_ms else call)
