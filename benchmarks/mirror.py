"""`registry.RepositoryMirror`: 200 small tags between two clouds, the first sync and the next ones.

An emulated TCR instance holds `bench/app` with `tags` small images (distinct: each has its own
config and layer); a mirror copies them all to an emulated ACR Enterprise instance through the real
provider server (each registry's login issued by its cloud's API). Measured: the first sync (wall
time, blobs and requests), then an unchanged second `up` (the engine's diff: no call at all), a
`pulumi refresh` (what it reads: the goal is at most two tag listings and one manifest `HEAD` per
tag), and a sync run with nothing new (an in-place change of the filter that selects the same
tags: it must move no blob). Requests are counted from the emulator's call log.
"""

from __future__ import annotations

import collections
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from pulumi_imagesync import registry
from tests.conftest import hermetic_env
from tests.support.engine import Engine, ProviderProcess, register

from .harness import EmulatorProcess, config, emulator_process, table

SOURCE, TARGET = "tcr-bench001", "cri-bench00000001"
GZ, HZ = "ap-guangzhou", "cn-hangzhou"
TAGS = 200
MOVING = ("PUT upload", "PATCH upload", "POST upload")
# The login handshake of a client, not reads of the repositories.
HANDSHAKE = ("GET base", "GET token")


def world(tags: int) -> dict[str, Any]:
    names = {f"v1.{i // 100}.{i % 100}": {} for i in range(tags)}
    return {
        "tcr": {
            "registries": [
                {
                    "id": SOURCE,
                    "region": GZ,
                    "namespaces": [{"name": "bench", "repositories": [{"name": "app", "tags": names}]}],
                }
            ]
        },
        "acr": {"instances": [{"id": TARGET, "region": HZ, "namespaces": [{"name": "bench"}]}]},
    }


def declare(**more: Any) -> Any:
    return register(
        lambda: registry.RepositoryMirror(
            "bench",
            source={"cloud": "tencentcloud", "registry": SOURCE, "region": GZ, "repository": "bench/app"},
            destination={
                "cloud": "alibabacloud",
                "registry": TARGET,
                "region": HZ,
                "repository": "bench/mirror",
            },
            **more,
        )
    )


def registry_calls(emulator: EmulatorProcess, since: int) -> collections.Counter[str]:
    return collections.Counter(
        c["action"]
        for c in emulator.calls(since)
        if c["service"] == "registry" and c["action"] not in HANDSHAKE
    )


def run(tags: int = TAGS, max_parallel: int = 8) -> dict[str, Any]:
    results: dict[str, Any] = {"tags": tags, "max_parallel": max_parallel}
    with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
        emulator.seed(world(tags))
        process = ProviderProcess(
            Path(tmp), hermetic_env({"IMAGESYNC_JOURNAL_DIR": str(Path(tmp) / "journal")})
        )
        try:
            engine = Engine(process, config(emulator))
            reg = declare(max_parallel=max_parallel)
            mark = len(emulator.calls())
            start = time.perf_counter()
            engine.up(reg)
            first = time.perf_counter() - start
            out = engine.state["bench"].outputs
            calls = registry_calls(emulator, mark)
            results["first"] = {
                "seconds": first,
                "copied": len(out["copied_tags"]),
                "blobs_copied": out["blobs_copied"],
                "bytes_copied": out["bytes_copied"],
                "requests": dict(calls),
            }

            mark = len(emulator.calls())
            op = engine.up(reg).op
            results["second_up"] = {"op": op, "requests": sum(registry_calls(emulator, mark).values())}

            mark = len(emulator.calls())
            start = time.perf_counter()
            engine.refresh("bench")
            refresh_seconds = time.perf_counter() - start
            calls = registry_calls(emulator, mark)
            after_refresh = engine.up(reg).op
            results["refresh"] = {
                "seconds": refresh_seconds,
                "requests": dict(calls),
                "budget": 2 + tags,  # two tag listings and one HEAD per tag
                "up_after": after_refresh,
            }

            mark = len(emulator.calls())
            start = time.perf_counter()
            engine.up(declare(max_parallel=max_parallel, tags={"include": ["v.*"]}))  # same tags: a sync
            calls = registry_calls(emulator, mark)
            results["sync_with_nothing_new"] = {
                "seconds": time.perf_counter() - start,
                "requests": dict(calls),
                "blobs_moved": sum(calls[a] for a in MOVING),
            }
        finally:
            process.stop()

    first, refresh, again = results["first"], results["refresh"], results["sync_with_nothing_new"]
    reads = sum(refresh["requests"].values())
    print(
        table(
            ["step", "seconds", "registry requests", "blobs sent"],
            [
                [
                    f"first sync ({tags} tags, max_parallel {max_parallel})",
                    f"{first['seconds']:.1f}",
                    _show(first["requests"]),
                    str(int(first["blobs_copied"])),
                ],
                [
                    "second `up`, unchanged",
                    "-",
                    f"{results['second_up']['requests']} ({results['second_up']['op']})",
                    "0",
                ],
                [
                    "`pulumi refresh`",
                    f"{refresh['seconds']:.1f}",
                    f"{_show(refresh['requests'])} = {reads} (budget {refresh['budget']})",
                    "0",
                ],
                [
                    "a sync with nothing new",
                    f"{again['seconds']:.1f}",
                    _show(again["requests"]),
                    str(again["blobs_moved"]),
                ],
            ],
        )
    )
    print(f"(login handshakes, `GET /v2/` and tokens, not counted; {os.cpu_count()} cores)")
    return results


def _show(requests: dict[str, int]) -> str:
    return ", ".join(f"{n} {action}" for action, n in sorted(requests.items(), key=lambda kv: -kv[1]))
