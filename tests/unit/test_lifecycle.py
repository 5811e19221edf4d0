import itertools

import pytest

from paduko_app.domain import lifecycle
from paduko_app.domain.lifecycle import Role, Status, TransitionError, check_transition

ALLOWED = {
    (Status.DRAFT, Status.SUBMITTED, Role.APPLICANT),
    (Status.DRAFT, Status.WITHDRAWN, Role.APPLICANT),
    (Status.SUBMITTED, Status.IN_REVIEW, Role.VERIFIKATOR),
    (Status.SUBMITTED, Status.WITHDRAWN, Role.APPLICANT),
    (Status.IN_REVIEW, Status.NEEDS_REVISION, Role.VERIFIKATOR),
    (Status.IN_REVIEW, Status.FINISHED_PRINT, Role.VERIFIKATOR),
    (Status.IN_REVIEW, Status.FINISHED_PICKUP, Role.VERIFIKATOR),
    (Status.IN_REVIEW, Status.REJECTED, Role.VERIFIKATOR),
    (Status.NEEDS_REVISION, Status.SUBMITTED, Role.APPLICANT),
    (Status.NEEDS_REVISION, Status.WITHDRAWN, Role.APPLICANT),
}
EVERY = list(itertools.product(Status, Status, Role))


@pytest.mark.parametrize("source, target, role", sorted(ALLOWED, key=str))
def test_allowed_transitions(source, target, role):
    transition = check_transition(source, target, role, reason="Foto KK buram", place="Kantor Disdukcapil")
    assert transition.event.startswith("event.")


@pytest.mark.parametrize("source, target, role", [c for c in EVERY if c not in ALLOWED],
                         ids=lambda v: getattr(v, "value", v))
def test_every_other_transition_is_refused(source, target, role):
    with pytest.raises(TransitionError) as caught:
        check_transition(source, target, role, reason="x", place="y")
    assert caught.value.message_id in (lifecycle.ERR_NOT_ALLOWED, lifecycle.ERR_WRONG_ROLE)


def test_final_statuses_lead_nowhere():
    for status in lifecycle.FINAL:
        for role in Role:
            assert lifecycle.allowed_targets(status, role) == ()


def test_revision_and_rejection_need_a_reason_and_pickup_a_place():
    for target in (Status.NEEDS_REVISION, Status.REJECTED):
        with pytest.raises(TransitionError) as caught:
            check_transition(Status.IN_REVIEW, target, Role.VERIFIKATOR, reason="   ")
        assert caught.value.message_id == lifecycle.ERR_REASON
    with pytest.raises(TransitionError) as caught:
        check_transition(Status.IN_REVIEW, Status.FINISHED_PICKUP, Role.VERIFIKATOR)
    assert caught.value.message_id == lifecycle.ERR_PLACE


def test_every_status_has_a_label():
    assert set(lifecycle.STATUS_LABELS) == set(Status)
