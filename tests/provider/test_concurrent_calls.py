"""Many creates at once through the real provider server: as many calls as the engine sends, paced.

The engine-like driver sends the creates of independent resources at once, as `pulumi up
--parallel N` does (`tests/support/parallel.py`). The emulator's clock is held (`time_scale`
near zero), so no copy can end before the test moves the clock on: every copy started before
then was started by a create still running in the server. The call log then tells how many ran at
once, whether anything was made twice, and what was throttled — no timing by the test's clock.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.engine import Step
from tests.support.fleets import ACR_COPIES, CVM_COPIES, TCR_COPIES, TCR_RULES, Fleet, swr_rules
from tests.support.parallel import up_all

HELD = 1e-9  # the emulated clock barely moves: copies end when the test advances it
COPY_SECONDS = 60
ENOUGH_TIME = 300  # real seconds a condition may take on a loaded machine before the test gives up

# 32 creates of five kinds; the SWR rules in a region whose project id must come from IAM, each
# back-filling its tag (so that it waits for a copy too).
MIX: list[tuple[Fleet, int]] = [
    (TCR_COPIES, 10),
    (TCR_RULES, 4),
    (CVM_COPIES, 6),
    (swr_rules("cn-east-3", "cn-north-4", sync_existing=True), 6),
    (ACR_COPIES, 6),
]


def made(emulator: Emulator) -> Counter[str]:
    """Calls that acted (`result == "ok"`), by action."""
    return Counter(c["action"] for c in emulator.calls()["calls"] if c["result"] == "ok")


def wait_until(condition: Callable[[], bool], what: Callable[[], str]) -> None:
    deadline = time.monotonic() + ENOUGH_TIME
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what()}"
        time.sleep(0.25)


def run_in_background(work: Callable[[], dict[str, Step | Exception]]) -> Callable[[], dict[str, Any]]:
    import threading

    done: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: done.update(work()), daemon=True)
    thread.start()

    def join() -> dict[str, Any]:
        thread.join(ENOUGH_TIME)
        assert not thread.is_alive(), "the creates did not end"
        return done

    return join


def test_32_creates_of_mixed_resources_at_once_each_object_made_once_none_throttled_out(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    for fleet, count in MIX:
        emulator.seed(fleet.world(count))
    # Limits nobody documents (SWR, ACR), here low, and already spent by other clients: the first
    # call of each is refused, and the pace must find the rate.
    stand_ins = [
        {"cloud": fleet.emulated[0], "action": fleet.makes, "kind": "throttle", "rate": 2, "tokens": 0}
        for fleet, _ in MIX[3:]
    ]
    emulator.faults(
        {
            "rate_limits": "documented",
            "rules": stand_ins,
            "copies": {name: {"seconds": COPY_SECONDS} for name in ("tcr", "cvm", "swr", "acr")},
            "time_scale": HELD,
        }
    )
    registrations = [fleet.build(i) for fleet, count in MIX for i in range(count)]
    assert len(registrations) == 32
    engine = make_engine()
    copy_starts = Counter({fleet.starts_copy: count for fleet, count in MIX if fleet.starts_copy})

    finished = run_in_background(lambda: up_all(engine, registrations, parallel=32))
    # Every copy is started while the clock is held: each started copy is a create still running.
    wait_until(
        lambda: all(made(emulator)[action] >= count for action, count in copy_starts.items()),
        lambda: f"copies started: {dict(made(emulator))}",
    )
    # 28 creates were in the server at once (Pulumi's own server runs 4): each holds its copy.
    assert sum(copy_starts.values()) == 28
    emulator.advance(2 * COPY_SECONDS)
    outcomes = finished()

    failed = {name: str(outcome) for name, outcome in outcomes.items() if not isinstance(outcome, Step)}
    assert failed == {}
    assert {step.op for step in outcomes.values() if isinstance(step, Step)} == {"create"}

    calls = emulator.calls()["calls"]
    acted = made(emulator)
    assert {fleet.makes: acted[fleet.makes] for fleet, _ in MIX} == {
        fleet.makes: count for fleet, count in MIX
    }
    refused = Counter((c["action"], c["outcome"]) for c in calls if c["outcome"] != "ok")
    # Tencent's documented limits were kept; the undocumented ones were hit and paced down to.
    assert not any(outcome == "RequestLimitExceeded" for _, outcome in refused), refused
    assert refused[("CreateImageSyncRepo", "APIGW.0308")] >= 1
    assert refused[("CreateRepoSyncTask", "Throttling.User")] >= 1
    # The project id of cn-east-3, needed by six creates at the same moment, was looked up once.
    assert [c["region"] for c in calls if c["action"] == "KeystoneListProjects"] == ["cn-east-3"]


def test_the_stack_config_bounds_the_calls_at_once(make_engine: EngineFactory, emulator: Emulator) -> None:
    """`imagesync:maxConcurrentCalls` arrives with the first call's configure(), and holds from then on."""
    emulator.seed(TCR_COPIES.world(10))
    emulator.faults({"copies": {"tcr": {"seconds": COPY_SECONDS}}, "time_scale": HELD})
    engine = make_engine({"imagesync:maxConcurrentCalls": "6"})
    registrations = [TCR_COPIES.build(i) for i in range(10)]

    finished = run_in_background(lambda: up_all(engine, registrations, parallel=10))
    wait_until(
        lambda: made(emulator)["DuplicateImage"] >= 6, lambda: f"copies started: {dict(made(emulator))}"
    )
    # Six creates wait for copies that cannot end while the clock is held; the other four wait for
    # a place in the server, so no seventh copy can have started.
    assert made(emulator)["DuplicateImage"] == 6
    emulator.faults({"copies": {"tcr": {"seconds": COPY_SECONDS}}, "time_scale": 1000})  # copies now end
    outcomes = finished()
    assert all(isinstance(outcome, Step) for outcome in outcomes.values()), outcomes
    assert made(emulator)["DuplicateImage"] == 10
