"""medicine's rules with plain values: triage levels, queue order, states, visibility, sealing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet, InvalidToken

from services.medicine.domain import requests as states
from services.medicine.domain.triage import Queued, hospital_key, next_for_run, position, urgency
from services.medicine.domain.visibility import RequestFacts, Viewer, sees_details, sees_queue, sees_request
from services.medicine.sealing import FieldCipher

T0 = datetime(2022, 4, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("stated, days_left, vulnerable, expected", [
    (4, 30, False, 4), (4, 3, False, 3), (4, 3, True, 2), (4, 1, False, 2), (4, 0, True, 2),
    (3, 30, True, 2), (2, 0, True, 2), (1, 30, False, 1), (4, 4, False, 4),
])
def test_days_left_and_vulnerable_raise_urgency_but_never_to_life_threatening(stated, days_left, vulnerable,
                                                                               expected):
    assert urgency(stated, days_left, vulnerable) == expected


def test_an_unknown_level_is_a_bug():
    with pytest.raises(ValueError):
        urgency(5, 1, False)


def test_queue_is_urgency_then_waiting_time_then_number():
    queued = [Queued("MR1", 4, T0, 1), Queued("MR2", 2, T0 + timedelta(hours=2), 2),
              Queued("MR3", 2, T0 + timedelta(hours=1), 3), Queued("MR4", 1, T0 + timedelta(hours=3), 4),
              Queued("MR5", 2, T0 + timedelta(hours=1), 5)]
    assert [q.request_id for q in next_for_run(queued, 4)] == ["MR4", "MR3", "MR5", "MR2"]
    assert position(queued, "MR1") == 5


def test_one_hospital_however_it_is_typed():
    assert hospital_key("  Ruijin   Hospital ") == hospital_key("ruijin hospital")


def test_nothing_is_bought_while_a_substitute_waits_for_the_answer():
    assert states.outcome_blocked("MR1", states.PROPOSED, "bought").reason == "substitute_unconfirmed"
    assert states.outcome_blocked("MR1", states.PROPOSED, "unavailable").reason == "substitute_unconfirmed"
    assert states.outcome_blocked("MR1", states.CONFIRMED, "bought") is None
    assert states.outcome_blocked("MR1", states.IN_RUN, "bought") is None
    assert states.outcome_blocked("MR1", states.QUEUED, "bought").reason == "not_in_run"
    assert states.outcome_blocked("MR1", states.CONFIRMED, "substitute").reason == "not_in_run"


def test_an_answer_needs_a_proposed_substitute():
    assert states.answer_blocked("MR1", states.PROPOSED) is None
    assert states.answer_blocked("MR1", states.BOUGHT).reason == "no_substitute_pending"


def test_a_run_is_done_once_nothing_on_it_waits_for_its_volunteer():
    assert states.run_finished([states.HANDED_OFF, states.UNAVAILABLE])
    assert states.run_finished([])  # everything went back to the queue
    assert not states.run_finished([states.HANDED_OFF, states.BOUGHT])      # still to hand in
    assert not states.run_finished([states.UNAVAILABLE, states.PROPOSED])   # waiting for an answer


def test_a_declined_substitute_goes_back_to_the_queue_until_the_last_run():
    assert states.after_declined(1, 2) == states.QUEUED
    assert states.after_declined(2, 2) == states.UNAVAILABLE


REQUEST = RequestFacts(requester_id="R1", building="3", room="101", run_volunteer="R7")


@pytest.mark.parametrize("viewer, details, sees", [
    (Viewer("R1", "resident", "3", "101"), True, True),          # the requester
    (Viewer("R2", "resident", "3", "101"), False, True),         # the household: ids only
    (Viewer("R3", "resident", "3", "102"), False, False),        # a neighbour
    (Viewer("R5", "building_admin", "3", None), False, True),    # the building's admin: ids only
    (Viewer("R6", "building_admin", "5", None), False, False),   # another building's admin
    (Viewer("R7", "volunteer", None, None), True, True),         # holding the run
    (Viewer("R8", "volunteer", None, None), False, False),       # not on the run
    (Viewer("R9", "committee", None, None), True, True),
    (Viewer("R10", "property", None, None), False, False),
])
def test_who_sees_a_request_and_its_details(viewer, details, sees):
    assert sees_details(viewer, REQUEST) is details
    assert sees_request(viewer, REQUEST) is sees


def test_the_queue_is_for_those_who_triage_and_run_it():
    assert sees_queue(Viewer("R9", "committee", None, None)) and sees_queue(Viewer("R8", "volunteer", None, None))
    assert not sees_queue(Viewer("R1", "resident", "3", "101"))


def test_sealed_fields_are_not_plain_and_open_with_any_listed_key(tmp_path):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = FieldCipher(old, tmp_path / "unused.key").seal("insulin")
    assert "insulin" not in token
    rotated = FieldCipher(f"{new},{old}", tmp_path / "unused.key")
    assert rotated.open(token) == "insulin"
    with pytest.raises(InvalidToken):
        FieldCipher(new, tmp_path / "unused.key").open(token)
    assert not (tmp_path / "unused.key").exists()


def test_without_a_key_one_is_made_once_and_kept_private(tmp_path):
    path = tmp_path / "data" / "medicine.key"
    token = FieldCipher(None, path).seal("note")
    assert path.stat().st_mode & 0o777 == 0o600
    assert FieldCipher(None, path).open(token) == "note"
    assert FieldCipher(None, path).seal(None) is None
