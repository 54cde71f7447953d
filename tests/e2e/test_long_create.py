"""A create that waits more than three minutes of real time, with the engine's default settings.

Dynamic providers get no `customTimeouts`, and a Python dynamic provider was once reported to
hang past about 180 s (pulumi/pulumi#13841). Here one `ImageDuplicate` waits for a copy the
emulator takes 200 s of real time to finish (time scale 1). Measured with the emulator's call
log, not the test's clock. Slow (about 3.5 minutes) but part of every CI run.
"""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.inventory import leftovers

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COPY_SECONDS = 200


@pytest.mark.timeout(COPY_SECONDS + 300)
def test_a_create_waiting_more_than_three_minutes_completes(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    emulator.faults({"copies": {"tcr": {"seconds": COPY_SECONDS}}, "time_scale": 1.0})
    stack = make_stack("examples/tcr-image-duplicate").init(emulator_stack_config(emulator.url))

    stack.up()

    calls = emulator.calls()["calls"]
    copy = next(c for c in calls if c["action"] == "DuplicateImage")
    confirmed = [c for c in calls if c["action"] == "DescribeImages" and c["seq"] > copy["seq"]][-1]
    waited = confirmed["real_time"] - copy["real_time"]
    assert waited >= 180, f"the create waited only {waited:.0f} s of real time"
    assert copy["outcome"] == confirmed["outcome"] == "ok"
    outputs = stack.resources()["promote"]["outputs"]
    assert outputs["digest"] == outputs["copied_digest"]
    print(f"one create waited {waited:.0f} s of real time for the copy")

    stack.destroy()
    assert leftovers(before, emulator.state()) == []
