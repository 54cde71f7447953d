"""Throttling, 5xx, dropped connections and slow answers, for each resource.

Each case injects the fault on the resource's own calls (its create, the poll of its wait), runs
`up`, and checks the outcome, that nothing was made twice, that the state matches the world, and
that refresh / up / destroy then converge and leave nothing behind.
"""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.engine import Engine, ProviderError

from .checks import (
    assert_matches_world,
    assert_nothing_left,
    calls,
    converges,
    each_started_once,
    fired,
    gave_up_on,
    outcomes,
    took_effect,
    wait_until,
)
from .subjects import Subject

SHORT_REQUEST_TIMEOUT = {"imagesync:requestTimeoutSeconds": "1"}
# Seconds of latency: a request given 1 s has given up by then, and its client has had 3 s to send
# the next call (a look-up, a retry), so that it arrives before the late answer even on a busy machine.
PAST_THE_TIMEOUT = 4.0


def test_throttling_bursts_are_waited_out(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    # Other clients of the account spent the burst: the first request of each action is refused,
    # then the bucket refills at 4 requests/s.
    emulator.faults(
        {
            "rules": [
                subject.rule(action=subject.create, kind="throttle", rate=4, tokens=0, times=1),
                subject.rule(kind="throttle", rate=4, tokens=0, times=3),
            ]
        }
    )
    assert engine.up(subject.build()).op == "create"
    assert fired(emulator) == [1, 3]
    *refused, answered = outcomes(emulator, subject.create)
    assert refused and set(refused) == {subject.throttle_code} and answered == "ok"
    each_started_once(emulator, subject)
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


def test_5xx_answers_are_retried(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    emulator.faults(
        {
            "rules": [
                subject.rule(action=subject.create, kind="http_error", status=503, times=1),
                subject.rule(action=subject.poll, times=2, **subject.server_error),
            ]
        }
    )
    assert engine.up(subject.build()).op == "create"
    assert fired(emulator) == [1, 2]
    assert outcomes(emulator, subject.create) == ["http_503", "ok"]
    each_started_once(emulator, subject)
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


def test_dropped_connections_are_retried(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    emulator.faults(
        {
            "rules": [
                subject.rule(action=subject.create, kind="drop", times=1),
                subject.rule(action=subject.poll, kind="drop", times=2),
            ]
        }
    )
    assert engine.up(subject.build()).op == "create"
    assert fired(emulator) == [1, 2]
    assert outcomes(emulator, subject.create) == ["dropped", "ok"]
    each_started_once(emulator, subject)
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


LOST_ANSWERS = {
    "dropped": ({"kind": "drop"}, "dropped"),
    "5xx": (None, None),  # the subject's own server error
    "past-the-timeout": ({"kind": "latency", "seconds": PAST_THE_TIMEOUT}, "ok"),
}


@pytest.mark.parametrize("lost", list(LOST_ANSWERS))
def test_a_create_that_took_effect_but_whose_answer_was_lost_is_not_repeated(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, lost: str
) -> None:
    fault, answered = LOST_ANSWERS[lost]
    if fault is None:
        fault, answered = subject.server_error, subject.server_error["code"]
    engine = make_engine(SHORT_REQUEST_TIMEOUT if lost == "past-the-timeout" else None)
    emulator.faults({"rules": [subject.rule(action=subject.create, when="after", times=1, **fault)]})
    assert engine.up(subject.build()).op == "create"
    wait_until(lambda: calls(emulator, subject.create), "the late answer")
    assert outcomes(emulator, subject.create) == [answered]  # looked up, found, not sent again
    assert lost != "past-the-timeout" or gave_up_on(emulator, subject.create)
    each_started_once(emulator, subject)
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


def test_slow_answers_past_the_client_timeout(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator
) -> None:
    # The create waits in the cloud's queue past the client's timeout and is carried out late,
    # after the provider has looked for it, found nothing and sent it again.
    engine = make_engine(SHORT_REQUEST_TIMEOUT)
    emulator.faults(
        {
            "rules": [
                subject.rule(action=subject.create, kind="latency", seconds=PAST_THE_TIMEOUT, times=1),
                subject.rule(action=subject.poll, kind="latency", seconds=PAST_THE_TIMEOUT, times=1),
            ]
        }
    )
    assert engine.up(subject.build()).op == "create"
    wait_until(lambda: len(calls(emulator, subject.create)) == 2, "the late create")
    wait_until(lambda: gave_up_on(emulator, subject.poll), "the late poll")
    assert fired(emulator) == [1, 1]
    assert gave_up_on(emulator, subject.create)
    each_started_once(emulator, subject, "late-create")  # the late one was refused by the cloud
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


def test_a_persistent_server_error_fails_cleanly_and_makes_nothing(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    emulator.faults({"rules": [subject.rule(action=subject.create, **subject.server_error)]})
    # The provider's own deadline ends the retries (real time, its own): 10 s leave the first
    # attempt 9.5 s to be answered before its first retry is due, on any machine this runs on.
    with pytest.raises(ProviderError) as error:
        engine.up(subject.build(timeout_seconds=10))
    line = error.value.why
    assert f"{subject.api} {subject.create} failed: {subject.server_error['code']}: " in line
    assert "(request id: " in line and ("(request id: none)" not in line or not subject.request_ids)
    assert len(outcomes(emulator, subject.create)) > 1  # retried until the time ran out
    assert took_effect(emulator, subject.create) == 0
    assert_matches_world(engine, emulator, subject)
    assert_nothing_left(emulator, subject, seeded)
    converges(engine, emulator, subject, seeded)


def test_a_destroy_through_throttling_and_a_lost_answer_removes_everything(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    engine.up(subject.build())
    # The first delete is throttled; the next one takes effect but its answer is lost, so the one
    # after it finds nothing to delete: "already gone" is success.
    emulator.faults(
        {
            "rules": [
                subject.rule(action=subject.delete, kind="throttle", rate=4, tokens=0, times=1),
                subject.rule(action=subject.delete, kind="drop", when="after", times=1),
            ]
        }
    )
    engine.destroy(subject.name)
    assert fired(emulator) == [1, 1]
    assert_matches_world(engine, emulator, subject)
    assert_nothing_left(emulator, subject, seeded)
    converges(engine, emulator, subject, seeded)
