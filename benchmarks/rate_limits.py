"""Rate limits used to the full, with 32 creates in flight: 200 short creates per cloud.

The driver sends the creates as `pulumi up --parallel 32` does (`tests/support/parallel.py`), to
one provider server, against an emulator that throttles:
- Tencent at its documented limits (TCR `DuplicateImage` 20/s, CVM `SyncImages` 10/s): the
  provider paces itself to 95% of them, one pace per account for all the resources of a stack;
- Huawei SWR and Alibaba ACR document no limit: the emulator stands one in (a `throttle` rule on
  the create action, below the provider's conservative default of 10/s), which the provider only
  learns from being refused, and slows down to.
Measured: the steady throughput of the limited action (after the first `WARM_UP` calls, so the
initial burst does not flatter it) as a fraction of the limit, throttled answers (each one retried
by the provider), and failed creates.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import hermetic_env
from tests.support.engine import Engine, ProviderProcess, Step
from tests.support.fleets import ACR_COPIES, CVM_COPIES, TCR_COPIES, Fleet, swr_rules
from tests.support.parallel import up_all

from .harness import Stopwatch, config, emulator_process, table

N = 200
IN_FLIGHT = 32
WARM_UP = 40
THROTTLED = ("RequestLimitExceeded", "APIGW.0308", "Throttling.User")


@dataclass(frozen=True)
class Case:
    resource: str
    fleet: Fleet
    limit: float
    documented: bool = True
    """Where the cloud documents no limit, the emulator stands one in: a throttle rule on the action."""

    def faults(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"rate_limits": "documented"}
        if not self.documented:
            cloud, service = self.fleet.emulated
            rule = {"cloud": cloud, "service": service, "action": self.fleet.makes, "kind": "throttle"}
            doc["rules"] = [{**rule, "rate": self.limit}]
        return doc

    @property
    def label(self) -> str:
        said = "documented" if self.documented else "not documented; emulated at"
        return f"{self.fleet.makes} ({said} {self.limit:g}/s)"


CASES = (
    Case("ImageDuplicate", TCR_COPIES, 20),
    Case("CvmImageSync", CVM_COPIES, 10),
    Case("huaweicloud.SyncRepoTask", swr_rules(), 5, documented=False),
    Case("alibabacloud.SyncRepoTask", ACR_COPIES, 5, documented=False),
)


def measure(case: Case, n: int) -> dict[str, Any]:
    registrations = [case.fleet.build(i) for i in range(n)]
    with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
        emulator.seed(case.fleet.world(n))
        emulator.faults(case.faults())
        process = ProviderProcess(Path(tmp), hermetic_env())
        try:
            engine = Engine(process, config(emulator))
            with Stopwatch() as watch:
                outcomes = up_all(engine, registrations, IN_FLIGHT)
        finally:
            process.stop()
        calls = emulator.calls()
    limited = [c for c in calls if c["action"] == case.fleet.makes]
    ok = sorted(c["real_time"] for c in limited if c["outcome"] == "ok")
    steady = ok[WARM_UP:]
    rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else float("nan")
    return {
        "creates": n,
        "failed_creates": sum(1 for outcome in outcomes.values() if not isinstance(outcome, Step)),
        "ok_calls": len(ok),
        "throttled": sum(1 for c in calls if c["outcome"] in THROTTLED),
        "throttled_by_action": sorted({c["action"] for c in calls if c["outcome"] in THROTTLED}),
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
                f"{n} `{case.resource}`",
                case.label,
                f"{result['per_second']:.1f}",
                f"{result['fraction_of_limit']:.2f}",
                result["throttled"],
                result["failed_creates"],
                f"{result['wall_seconds']:.1f}",
            ]
        )
    print(f"{IN_FLIGHT} creates in flight")
    print(
        table(
            [
                "creates",
                "limited action",
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
