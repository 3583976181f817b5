"""Binding codes under attack, on intake's real store and a FixedClock: wrong codes lock an
identity out for a while, codes expire, and every refusal is in the audit log without the
code that was typed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from services.intake import audit
from services.intake.tables import audit_log

from .support import write_roster

WRONG = ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF", "GGGG-HHHH-JJJJ", "KKKK-MMMM-NNNN", "PPPP-QQQQ-RRRR"]


def test_five_wrong_codes_lock_the_identity_until_the_lock_ends(make_harness):
    intake, codes = make_harness()
    answers = [intake.reply(f"/bind {code}", "mallory") for code in WRONG]
    assert answers[:4] == [("bad_code", {"left": str(n)}) for n in (4, 3, 2, 1)]
    reason, params = answers[4]
    locked_until = intake.clock.now() + timedelta(minutes=30)
    assert reason == "bind_locked" and params == {"until": locked_until.isoformat()}
    # while locked, even the right code is not looked at
    assert intake.reply(f"/bind {codes['R1']}", "mallory")[0] == "bind_locked"
    intake.at(locked_until - timedelta(seconds=1))
    assert intake.reply(f"/bind {codes['R1']}", "mallory")[0] == "bind_locked"
    intake.at(locked_until)
    assert intake.reply(f"/bind {codes['R1']}", "mallory")[0] == "identity.bound"


def test_the_lock_is_per_identity_and_a_success_forgets_the_failures(make_harness):
    intake, codes = make_harness(bind_max_failures=3)
    for code in WRONG[:3]:
        intake.reply(f"/bind {code}", "mallory")
    assert intake.reply(f"/bind {WRONG[3]}", "mallory")[0] == "bind_locked"
    # the same sender id on another platform, and another sender on this one, are not locked
    assert intake.reply(f"/bind {WRONG[0]}", "mallory", platform="matrix") == ("bad_code", {"left": "2"})
    assert intake.reply(f"/bind {WRONG[0]}", "alice") == ("bad_code", {"left": "2"})
    assert intake.reply(f"/bind {codes['R1']}", "alice")[0] == "identity.bound"
    assert intake.reply(f"/bind {WRONG[1]}", "alice") == ("bad_code", {"left": "2"})


def test_failures_are_forgotten_after_a_quiet_window(make_harness):
    intake, _ = make_harness(bind_max_failures=3, bind_failure_window_minutes=10)
    start = intake.clock.now()
    intake.reply(f"/bind {WRONG[0]}", "clumsy")
    intake.at(start + timedelta(minutes=9))
    assert intake.reply(f"/bind {WRONG[1]}", "clumsy") == ("bad_code", {"left": "1"})
    intake.at(start + timedelta(minutes=19))  # ten quiet minutes since the last one
    assert intake.reply(f"/bind {WRONG[2]}", "clumsy") == ("bad_code", {"left": "2"})


def test_someone_elses_used_code_counts_as_a_failure(make_harness):
    intake, codes = make_harness()
    assert intake.reply(f"/bind {codes['R1']}", "wang")[0] == "identity.bound"
    assert intake.reply(f"/bind {codes['R1']}", "mallory") == ("code_used", {"left": "4"})
    assert intake.reply(f"/bind {codes['R1']}", "wang")[0] == "identity.bound"  # its own: still fine


def test_a_code_expires_with_its_own_reason_and_a_reimport_issues_a_new_one(make_harness, tmp_path):
    intake, codes = make_harness(code_valid_days=2)
    imported = intake.clock.now()  # the import ran on the real clock, a moment later
    intake.at(imported + timedelta(days=2) - timedelta(minutes=1))
    assert intake.reply(f"/bind {codes['R2']}", "in-time")[0] == "identity.bound"
    intake.at(imported + timedelta(days=2, minutes=1))
    reason, params = intake.reply(f"/bind {codes['R1']}", "late")
    assert reason == "code_expired"
    assert imported + timedelta(days=2) <= datetime.fromisoformat(params["expired"]) <= intake.clock.now()
    for _ in range(6):  # a real code that came too late is no guess: never a lock
        assert intake.reply(f"/bind {codes['R1']}", "late")[0] == "code_expired"
    fresh = intake.import_roster(write_roster(tmp_path), tmp_path / "again.csv",
                                 valid_for=timedelta(days=30), reissue=True)
    assert intake.reply(f"/bind {fresh['R1']}", "late")[0] == "identity.bound"


def test_every_refusal_about_access_is_audited_without_what_was_typed(make_harness):
    intake, codes = make_harness(bind_max_failures=2)
    intake.reply(f"/bind {codes['R5']}", "liu")                       # the committee member binds
    intake.reply(f"/bind {codes['R1']}", "wang")                      # a resident binds
    intake.reply("批准 V3", "wang")                                     # wrong_role
    intake.reply("/frobnicate K7QM-4XRT-9PWA", "wang")                # unknown_command
    intake.reply("/order GB1 2", "wang", platform="matrix")           # not_bound, id bound on telegram
    intake.reply(f"/bind {WRONG[0]}", "mallory")                      # bad_code
    intake.reply(f"/bind {WRONG[1]}", "mallory")                      # bind_locked
    intake.reply("/order GB1 two", "wang")                            # bad_arguments: a typo, not audited
    intake.reply("hello there", "wang")                               # chatter, answered, not audited
    entries = intake.store.run_sync(lambda c: audit.entries(c))
    assert [(e.platform, e.sender_id, e.person_id, e.command, e.reason, e.note) for e in entries] == [
        ("telegram", "wang", "R1", "approve", "wrong_role", None),
        ("telegram", "wang", "R1", None, "unknown_command", None),
        ("matrix", "wang", None, "order", "not_bound", "sender_id_bound_on_other_platform"),
        ("telegram", "mallory", None, "bind", "bad_code", None),
        ("telegram", "mallory", None, "bind", "bind_locked", "locked_after_bad_code"),
    ]
    assert all(e.at == intake.clock.now() for e in entries)
    stored = repr(intake.store.run_sync(lambda c: c.execute(select(audit_log)).all()))
    for secret in [*WRONG, "K7QM", "frobnicate", codes["R1"], codes["R1"].replace("-", "")]:
        assert secret not in stored
    since = intake.store.run_sync(lambda c: audit.entries(c, since=intake.clock.now() + timedelta(seconds=1)))
    assert since == [] and len(intake.store.run_sync(lambda c: audit.entries(c, reason="bind_locked"))) == 1
