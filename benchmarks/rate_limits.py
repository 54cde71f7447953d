"""Rate limits used to the full: 200 short creates against an emulator enforcing the documented limits.

TCR allows 20 `DuplicateImage` requests per second. The provider paces itself (shared by all the
resources of a stack), and the engine-like driver sends creates as the engine does, with the
provider server's 4 workers busy. Measured: `DuplicateImage` throughput as a fraction of the
limit, and failures.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pulumi_imagesync import tencentcloud
from tests.conftest import hermetic_env
from tests.support.engine import Engine, ProviderProcess, register

from .harness import Stopwatch, config, emulator_process, table

N = 200
WORKERS = 4
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


def _copy(i: int) -> Any:
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


def run(n: int = N) -> dict[str, Any]:
    registrations = [_copy(i) for i in range(n)]
    with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
        emulator.seed(WORLD)
        emulator.faults({"rate_limits": "documented"})
        process = ProviderProcess(Path(tmp), hermetic_env())
        try:
            engines = [Engine(process, config(emulator)) for _ in range(WORKERS)]
            failures: list[str] = []

            def create(i: int) -> None:
                try:
                    engines[i % WORKERS].up(registrations[i])
                except Exception as error:
                    failures.append(str(error))

            with Stopwatch() as watch, ThreadPoolExecutor(WORKERS) as pool:
                list(pool.map(create, range(n)))
        finally:
            process.stop()
        calls = [c for c in emulator.calls() if c["action"] == "DuplicateImage"]
    ok = [c for c in calls if c["outcome"] == "ok"]
    throttled = [c for c in calls if c["outcome"].startswith("RequestLimitExceeded")]
    # Steady state: after the first 40 calls, so the initial burst (both buckets start full) does
    # not flatter the figure.
    times = sorted(c["real_time"] for c in ok)[40:]
    span = times[-1] - times[0]
    throughput = (len(times) - 1) / span if span > 0 else float("inf")
    result = {
        "creates": n,
        "failed_creates": len(failures),
        "duplicate_calls_ok": len(ok),
        "throttled": len(throttled),
        "duplicate_per_second": throughput,
        "fraction_of_limit": throughput / 20,
        "wall_seconds": watch.seconds,
    }
    print(
        table(
            [
                "creates",
                "DuplicateImage/s (steady)",
                "fraction of 20/s",
                "throttled answers",
                "failed creates",
                "wall s",
            ],
            [
                [
                    n,
                    f"{throughput:.1f}",
                    f"{throughput / 20:.2f}",
                    len(throttled),
                    len(failures),
                    f"{watch.seconds:.1f}",
                ]
            ],
        )
    )
    return result
