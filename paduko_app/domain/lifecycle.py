"""The application life cycle: statuses, allowed transitions and who may make each.

One status machine owns every change of an application's state (DESIGN principle 6). The
database service that applies a transition writes the timeline event and audit record in
the same transaction; this module only decides what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .messages import m


class Status(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    NEEDS_REVISION = "needs_revision"
    FINISHED_PRINT = "finished_print"  # signed PDF ready to download and print at home
    FINISHED_PICKUP = "finished_pickup"  # ready for pick-up at a named place
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Role(str, Enum):
    """Who acts. APPLICANT is the resident, caregiver or kiosk operator who owns the draft."""

    APPLICANT = "applicant"
    VERIFIKATOR = "verifikator"
    SYSTEM = "system"


FINAL = frozenset({Status.FINISHED_PRINT, Status.FINISHED_PICKUP, Status.REJECTED, Status.WITHDRAWN})


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    roles: frozenset[Role]
    event: str  # message id of the timeline entry
    needs_reason: bool = False  # revision requests and rejections say why
    needs_place: bool = False  # pick-up names the place


def _t(source, target, roles, event, **kw) -> Transition:
    return Transition(source, target, frozenset(roles), event, **kw)


A, V = Role.APPLICANT, Role.VERIFIKATOR
TRANSITIONS: tuple[Transition, ...] = (
    _t(Status.DRAFT, Status.SUBMITTED, {A}, m("event.submitted")),
    _t(Status.DRAFT, Status.WITHDRAWN, {A}, m("event.withdrawn")),
    _t(Status.SUBMITTED, Status.IN_REVIEW, {V}, m("event.in_review")),
    _t(Status.SUBMITTED, Status.WITHDRAWN, {A}, m("event.withdrawn")),
    _t(Status.IN_REVIEW, Status.NEEDS_REVISION, {V}, m("event.needs_revision"), needs_reason=True),
    _t(Status.IN_REVIEW, Status.FINISHED_PRINT, {V}, m("event.finished_print")),
    _t(Status.IN_REVIEW, Status.FINISHED_PICKUP, {V}, m("event.finished_pickup"), needs_place=True),
    _t(Status.IN_REVIEW, Status.REJECTED, {V}, m("event.rejected"), needs_reason=True),
    _t(Status.NEEDS_REVISION, Status.SUBMITTED, {A}, m("event.resubmitted")),
    _t(Status.NEEDS_REVISION, Status.WITHDRAWN, {A}, m("event.withdrawn")),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}

STATUS_LABELS = {
    Status.DRAFT: m("status.draft"),
    Status.SUBMITTED: m("status.submitted"),
    Status.IN_REVIEW: m("status.in_review"),
    Status.NEEDS_REVISION: m("status.needs_revision"),
    Status.FINISHED_PRINT: m("status.finished_print"),
    Status.FINISHED_PICKUP: m("status.finished_pickup"),
    Status.REJECTED: m("status.rejected"),
    Status.WITHDRAWN: m("status.withdrawn"),
}


class TransitionError(Exception):
    """A refused change of status; `message_id` explains it."""

    def __init__(self, message_id: str, source: Status, target: Status):
        super().__init__(f"{message_id}: {source.value} -> {target.value}")
        self.message_id = message_id
        self.source = source
        self.target = target


ERR_NOT_ALLOWED = m("error.transition.not_allowed")
ERR_WRONG_ROLE = m("error.transition.wrong_role")
ERR_REASON = m("error.transition.reason_required")
ERR_PLACE = m("error.transition.place_required")


def check_transition(source: Status, target: Status, role: Role, *, reason: str = "", place: str = "") -> Transition:
    """The transition if `role` may move an application from `source` to `target`."""
    transition = _BY_PAIR.get((source, target))
    if transition is None:
        raise TransitionError(ERR_NOT_ALLOWED, source, target)
    if role not in transition.roles:
        raise TransitionError(ERR_WRONG_ROLE, source, target)
    if transition.needs_reason and not reason.strip():
        raise TransitionError(ERR_REASON, source, target)
    if transition.needs_place and not place.strip():
        raise TransitionError(ERR_PLACE, source, target)
    return transition


def allowed_targets(source: Status, role: Role) -> tuple[Status, ...]:
    return tuple(t.target for t in TRANSITIONS if t.source is source and role in t.roles)
