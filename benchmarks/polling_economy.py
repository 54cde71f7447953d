"""Polling economy: cloud calls spent waiting for one copy, against a fixed one-second poll.

A copy whose emulated duration is D seconds, at time scale 1 (so the provider's real back-off is
what is measured), for a copy whose progress the cloud does not report (`ImageDuplicate`: geometric
back-off) and one whose progress it does (`CvmImageSync`: `SyncPercent` times the next poll).
Counted: the status reads made after the copy was started, until the create returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pulumi_imagesync import tencentcloud
from tests.support.engine import Registration, register
from tests.support.fleets import TCR_COPIES, TCR_SOURCE

from .harness import Stopwatch, emulator_process, engine_for, table

DURATIONS = (5, 60, 600)


@dataclass(frozen=True)
class Case:
    resource: str
    world: dict[str, Any]
    service: str
    start: str  # the action that starts the copy
    poll: str  # the action that reads its status
    build: Callable[[float], Registration]


CASES = (
    Case(
        "ImageDuplicate (no progress reported)",
        TCR_COPIES.world(1),
        "tcr",
        "DuplicateImage",
        "DescribeImages",
        lambda timeout: register(
            lambda: tencentcloud.ImageDuplicate(
                "slow-copy",
                registry_id=TCR_SOURCE,
                source_namespace="develop",
                source_repo="app",
                source_reference="stg",
                destination_tag="prd",
                timeout_seconds=timeout,
            )
        ),
    ),
    Case(
        "CvmImageSync (SyncPercent reported)",
        {"cvm": {"images": [{"id": "img-poll0001", "region": "ap-beijing", "name": "poll"}]}},
        "cvm",
        "SyncImages",
        "DescribeImages",
        lambda timeout: register(
            lambda: tencentcloud.CvmImageSync(
                "slow-sync",
                image_id="img-poll0001",
                region="ap-beijing",
                destination_regions=["ap-guangzhou"],
                timeout_seconds=timeout,
            )
        ),
    ),
)


def run(durations: tuple[int, ...] = DURATIONS) -> dict[str, Any]:
    rows, results = [], {}
    for case in CASES:
        for seconds in durations:
            with emulator_process() as emulator:
                emulator.seed(case.world)
                emulator.faults({"copies": {case.service: {"seconds": seconds}}})
                reg = case.build(seconds * 3 + 60)
                with engine_for(emulator) as engine, Stopwatch() as watch:
                    engine.up(reg)
                calls = emulator.calls()
            start = next(c["seq"] for c in calls if c["action"] == case.start)
            polls = sum(1 for c in calls if c["seq"] > start and c["action"] == case.poll)
            results[f"{case.resource}/{seconds}"] = {"polls": polls, "wall_seconds": watch.seconds}
            rows.append(
                [
                    case.resource,
                    seconds,
                    polls,
                    seconds,
                    f"{seconds / polls:.1f}",
                    f"{watch.seconds / seconds:.2f}",
                ]
            )
    print(
        table(["resource", "copy takes s", "status reads", "at 1/s", "fewer by", "create took / copy"], rows)
    )
    return results
