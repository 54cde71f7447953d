"""Concurrency: one stack of N long copies, real `pulumi up --parallel N`: wall time / T.

`examples/tcr-many-copies` with N `ImageDuplicate`s whose copies take T seconds in the emulator
(time scale 1, TCR's documented rate limits enforced). One copy takes about T; N copies take about
T too when the provider runs them all at once, and about N/4 x T when it runs four at a time, as
Pulumi's own dynamic-provider server does. `--code main` measures the package of another revision
in the same conditions (the "before").

T is 28 s: `ImageDuplicate` polls with a geometric back-off (0.25 s x 1.5, at most 20 s), and one of
its polls falls 0.3 s after 28 s, so what the ratio shows is the queueing, not the back-off's
overshoot (see "Polling economy" in the README).
"""

from __future__ import annotations

from typing import Any

from tests.support.pulumi_cli import REPO

from .harness import Stopwatch, cli_stack, emulator_process, package_at, table

T = 28.0
SIZES = (1, 16, 32, 64)
PROJECT = REPO / "examples" / "tcr-many-copies"


def measure(n: int, seconds: float, revision: str | None) -> dict[str, Any]:
    with emulator_process() as emulator, package_at(revision) as env:
        emulator.admin("POST", "reset", {"world": "demo"})
        emulator.faults({"rate_limits": "documented", "copies": {"tcr": {"seconds": seconds}}})
        with cli_stack(PROJECT, emulator, {"copies": str(n)}, env) as stack:
            with Stopwatch() as watch:
                stack.up("--parallel", str(n))
            made = [c for c in emulator.calls() if c["action"] == "DuplicateImage" and c["result"] == "ok"]
            throttled = [c for c in emulator.calls() if c["outcome"] == "RequestLimitExceeded"]
    assert len(made) == n, f"{len(made)} copies made for {n} resources"
    return {
        "wall_seconds": watch.seconds,
        "wall_over_T": watch.seconds / seconds,
        "throttled": len(throttled),
    }


def run(seconds: float = T, sizes: tuple[int, ...] = SIZES, code: str | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {"T": seconds, "code": code or "this worktree"}
    rows = []
    for n in sizes:
        result = results[f"N={n}"] = measure(n, seconds, code)
        rows.append([n, f"{result['wall_seconds']:.1f}", f"{result['wall_over_T']:.2f}", result["throttled"]])
    print(f"code: {results['code']}, copies of T = {seconds:g} s")
    print(table(["N copies, --parallel N", "wall s", "wall / T", "throttled answers"], rows))
    return results
