"""Many long copies in one `pulumi up --parallel N`, through the real CLI: all N at once.

Pulumi's own dynamic-provider server runs 4 calls at a time; the provider widens it to what the
engine sends. Proven from the emulator's call log, not from the test's clock: the emulated clock
is held while the update runs, so a copy cannot end until the test advances it, and every copy
whose `DuplicateImage` arrived before then belongs to a create that was still running. The
timestamps say the same: all N copies started within the emulated seconds one copy takes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.inventory import leftovers

pytestmark = pytest.mark.e2e

N = 32
COPY_SECONDS = 600
HELD = 1e-9  # emulated seconds per real second: the clock waits for the test
ENOUGH_TIME = 600  # real seconds a step may take on a loaded machine before the test gives up


def copy_starts(emulator: Emulator) -> list[dict[str, Any]]:
    return [c for c in emulator.calls()["calls"] if c["action"] == "DuplicateImage" and c["result"] == "ok"]


def in_background(work: Callable[[], Any]) -> Callable[[], Any]:
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def join() -> Any:
        thread.join(ENOUGH_TIME)
        assert not thread.is_alive(), "the update did not end"
        if errors:
            raise errors[0]
        return result[0]

    return join


def test_n_long_copies_run_at_once_with_pulumi_up_parallel_n(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    emulator.faults(
        {"rate_limits": "documented", "copies": {"tcr": {"seconds": COPY_SECONDS}}, "time_scale": HELD}
    )
    config = {**emulator_stack_config(emulator.url), "copies": {"value": str(N), "secret": False}}
    stack = make_stack("examples/tcr-many-copies").init(config)

    update = in_background(lambda: stack.up("--parallel", str(N)))
    try:
        deadline = time.monotonic() + ENOUGH_TIME
        while len(copy_starts(emulator)) < N:
            assert time.monotonic() < deadline, f"only {len(copy_starts(emulator))} of {N} copies started"
            time.sleep(0.5)
        started = copy_starts(emulator)
    finally:
        emulator.advance(2 * COPY_SECONDS)  # the copies end, and so does the update, whatever happened
        update()

    # Every copy started before the first one could have ended: N creates in flight at once.
    first = min(c["emulated_time"] for c in started)
    assert all(c["emulated_time"] < first + COPY_SECONDS for c in started)
    real = [c["real_time"] for c in started]
    print(f"{N} copies started within {max(real) - min(real):.1f} s of real time, all before any ended")

    calls = emulator.calls()["calls"]
    assert not [
        c for c in calls if c["outcome"] == "RequestLimitExceeded"
    ]  # paced under the documented limits
    outputs = stack.resources()
    assert sorted(outputs) == sorted(f"copy-{i}" for i in range(N))
    assert all(r["outputs"]["digest"] == r["outputs"]["copied_digest"] for r in outputs.values())

    stack.destroy("--parallel", str(N))
    assert leftovers(before, emulator.state(), ignore=frozenset({"time_scale"})) == []
