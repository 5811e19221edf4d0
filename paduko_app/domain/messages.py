"""Message ids and messages with parameters.

Domain code never returns finished sentences: it returns a message id (a key in the
catalogues under locales/) and, where needed, parameters. `m()` marks an id for
extraction by pybabel (keyword `m`) and returns it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def m(message_id: str) -> str:
    """Mark a message id for extraction; returns it unchanged."""
    return message_id


@dataclass(frozen=True)
class Message:
    """A message id with the parameters its translation needs."""

    id: str
    params: dict[str, Any] = field(default_factory=dict)
