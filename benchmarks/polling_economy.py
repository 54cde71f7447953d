"""Polling economy: cloud calls spent waiting for one copy, against a fixed one-second poll.

An `ImageDuplicate` whose emulated copy takes D seconds (time scale 1, so the provider's real
back-off is what is measured). Counted: the `DescribeImages` reads of the destination tag made
between `DuplicateImage` and the end of the create.
"""

from __future__ import annotations

from typing import Any

from pulumi_imagesync import tencentcloud
from tests.support.engine import register

from .harness import Stopwatch, emulator_process, engine_for, table
from .rate_limits import WORLD

DURATIONS = (5, 60, 600)


def run(durations: tuple[int, ...] = DURATIONS) -> dict[str, Any]:
    rows, results = [], {}
    for seconds in durations:
        with emulator_process() as emulator:
            emulator.seed(WORLD)
            emulator.faults({"copies": {"tcr": {"seconds": seconds}}})
            reg = register(
                lambda seconds=seconds: tencentcloud.ImageDuplicate(
                    "slow-copy",
                    registry_id="tcr-bench001",
                    source_namespace="develop",
                    source_repo="app",
                    source_reference="stg",
                    destination_tag="prd",
                    timeout_seconds=seconds * 3 + 60,
                )
            )
            with engine_for(emulator) as engine, Stopwatch() as watch:
                engine.up(reg)
            calls = emulator.calls()
            start = next(c["seq"] for c in calls if c["action"] == "DuplicateImage")
            polls = sum(1 for c in calls if c["seq"] > start and c["action"] == "DescribeImages")
        results[str(seconds)] = {"polls": polls, "fixed_1s_polls": seconds, "wall_seconds": watch.seconds}
        rows.append([seconds, polls, seconds, f"{seconds / max(polls, 1):.1f}", f"{watch.seconds:.1f}"])
    print(table(["copy takes s", "polls", "polls at 1/s", "fewer by", "create took s"], rows))
    return results
