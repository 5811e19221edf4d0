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


class MessageError(ValueError):
    """A refusal that can be told to a person: `message_id` says why, in their words."""

    def __init__(self, message_id: str):
        super().__init__(message_id)
        self.message_id = message_id


class FormErrors(ValueError):
    """Several refusals at once, one message id per form field (the page shows them all)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


@dataclass(frozen=True)
class Message:
    """A message id with the parameters its translation needs."""

    id: str
    params: dict[str, Any] = field(default_factory=dict)
