"""Moving keyboard focus after the server answers a press (assets/focus.js)."""

from __future__ import annotations

import json

import reflex as rx


def focus_after_press(selector: str, *, delay_ms: int = 0) -> rx.event.EventSpec:
    """Focus `selector` (an error summary, the code box) unless the person has moved focus on
    since the press this answers; `delay_ms` waits for an element the same update first shows.
    (A new wizard step moves focus by its page's focus key instead: assets/focus.js.)"""
    call = f"window.padukoFocus&&window.padukoFocus({json.dumps(selector)},false)"
    return rx.call_script(f"setTimeout(function(){{{call}}},{delay_ms})" if delay_ms else call)
