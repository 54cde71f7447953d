"""Rate limits used to the full: 200 short creates against an emulator enforcing the documented limits.

TCR allows 20 `DuplicateImage` requests per second, CVM 10 `SyncImages`. The provider paces itself
(one pace shared by all the resources of a stack), and the driver sends creates as the engine
does, with the provider server's 4 workers busy. Measured: the steady throughput of the limited
action as a fraction of its limit, throttled answers, and failed creates.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_imagesync import tencentcloud
from tests.conftest import hermetic_env
from tests.support.engine import Engine, ProviderProcess, Registration, register

from .harness import Stopwatch, config, emulator_process, table

N = 200
WORKERS = 4
# The steady rate is measured after this many calls, so the initial burst (both buckets start
# full) does not flatter the figure.
WARM_UP = 40

WORLD = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-bench001",
                "region": "ap-guangzhou",
                "namespaces": [{"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}}}]}],
            }
        ]
    }
}


@dataclass(frozen=True)
class Case:
    resource: str
    action: str
    limit: float
    world: Callable[[int], dict[str, Any]]
    build: Callable[[int], Registration]


def _duplicate(i: int) -> Registration:
    return register(
        lambda: tencentcloud.ImageDuplicate(
            f"copy-{i}",
            registry_id="tcr-bench001",
            source_namespace="develop",
            source_repo="app",
            source_reference="stg",
            destination_tag=f"rc-{i}",
        )
    )


def _sync(i: int) -> Registration:
    return register(
        lambda: tencentcloud.CvmImageSync(
            f"sync-{i}",
            image_id=f"img-rate{i:04d}",
            region="ap-beijing",
            destination_regions=["ap-guangzhou"],
        )
    )


def _images(n: int) -> dict[str, Any]:
    return {
        "cvm": {
            "images": [
                {"id": f"img-rate{i:04d}", "region": "ap-beijing", "name": f"rate-{i}"} for i in range(n)
            ]
        }
    }


CASES = (
    Case("ImageDuplicate", "DuplicateImage", 20, lambda n: WORLD, _duplicate),
    Case("CvmImageSync", "SyncImages", 10, _images, _sync),
)


def measure(case: Case, n: int) -> dict[str, Any]:
    registrations = [case.build(i) for i in range(n)]
    with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
        emulator.seed(case.world(n))
        emulator.faults({"rate_limits": "documented"})
        process = ProviderProcess(Path(tmp), hermetic_env())
        failures: list[str] = []
        try:
            engines = [Engine(process, config(emulator)) for _ in range(WORKERS)]

            def create(i: int) -> None:
                try:
                    engines[i % WORKERS].up(registrations[i])
                except Exception as error:
                    failures.append(str(error))

            with Stopwatch() as watch, ThreadPoolExecutor(WORKERS) as pool:
                list(pool.map(create, range(n)))
        finally:
            process.stop()
        calls = [c for c in emulator.calls() if c["action"] == case.action]
    ok = sorted(c["real_time"] for c in calls if c["outcome"] == "ok")
    throttled = sum(1 for c in calls if c["outcome"].startswith("RequestLimitExceeded"))
    steady = ok[WARM_UP:]
    rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else float("nan")
    return {
        "creates": n,
        "failed_creates": len(failures),
        "ok_calls": len(ok),
        "throttled": throttled,
        "per_second": rate,
        "fraction_of_limit": rate / case.limit,
        "wall_seconds": watch.seconds,
    }


def run(n: int = N) -> dict[str, Any]:
    rows, results = [], {}
    for case in CASES:
        result = results[case.resource] = measure(case, n)
        rows.append(
            [
                f"{n} {case.resource}",
                f"{case.action} {case.limit:g}/s",
                f"{result['per_second']:.1f}",
                f"{result['fraction_of_limit']:.2f}",
                result["throttled"],
                result["failed_creates"],
                f"{result['wall_seconds']:.1f}",
            ]
        )
    print(
        table(
            [
                "creates",
                "documented limit",
                "steady calls/s",
                "fraction of limit",
                "throttled answers",
                "failed creates",
                "wall s",
            ],
            rows,
        )
    )
    return results
