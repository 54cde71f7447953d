"""Overlapping waits: copies to K regions in parallel, and several long resources at once.

1. One `CvmImageSync` to K = 1, 3, 10 regions whose emulated copies take T each (time scale 1, so
   the provider's real back-off is measured): wall time / T. Waiting region after region would
   give K; the goal is close to 1 (what is left above 1 is the back-off's overshoot).
2. Eight `CvmImageSync` resources at once (one region each, T per copy) through one provider
   server: wall time / T with `wait=True` (the server runs the eight creates at once: about 1;
   with Pulumi's own 4 workers they would queue: about 2) and with `wait=False` (each create
   returns once `SyncImages` is accepted; a `pulumi refresh` later reports progress).
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

T = 10.0
KS = (1, 3, 10)
REGIONS = (
    "ap-guangzhou", "ap-shanghai", "ap-hongkong", "ap-singapore", "ap-chengdu",
    "ap-seoul", "ap-tokyo", "eu-frankfurt", "na-ashburn", "ap-mumbai",
)  # fmt: skip
RESOURCES = 8


def _world(images: int) -> dict[str, Any]:
    return {
        "cvm": {
            "images": [
                {"id": f"img-bench{i:03d}", "region": "ap-beijing", "name": f"bench-{i}"}
                for i in range(images)
            ]
        }
    }


def _sync(i: int, regions: tuple[str, ...], wait: bool = True) -> Any:
    return register(
        lambda: tencentcloud.CvmImageSync(
            f"sync-{i}",
            image_id=f"img-bench{i:03d}",
            region="ap-beijing",
            destination_regions=list(regions),
            wait=wait,
            timeout_seconds=T * 20,
        )
    )


def fan_out(seconds: float = T, ks: tuple[int, ...] = KS) -> tuple[list[list[Any]], dict[str, Any]]:
    rows, results = [], {}
    for k in ks:
        with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
            emulator.seed(_world(1))
            emulator.faults({"copies": {"cvm": {"seconds": seconds}}})
            process = ProviderProcess(Path(tmp), hermetic_env())
            try:
                engine = Engine(process, config(emulator))
                with Stopwatch() as watch:
                    engine.up(_sync(0, REGIONS[:k]))
            finally:
                process.stop()
        ratio = watch.seconds / seconds
        results[f"K={k}"] = {"wall_seconds": watch.seconds, "wall_over_T": ratio}
        rows.append([f"one resource, K = {k} regions", f"{watch.seconds:.1f}", f"{ratio:.2f}", k])
    return rows, results


def many_resources(seconds: float = T, n: int = RESOURCES) -> tuple[list[list[Any]], dict[str, Any]]:
    rows, results = [], {}
    for wait in (True, False):
        with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
            emulator.seed(_world(n))
            emulator.faults({"copies": {"cvm": {"seconds": seconds}}})
            process = ProviderProcess(Path(tmp), hermetic_env())
            try:
                engines = [Engine(process, config(emulator)) for _ in range(n)]
                registrations = [_sync(i, ("ap-guangzhou",), wait) for i in range(n)]
                with Stopwatch() as watch, ThreadPoolExecutor(n) as pool:
                    list(pool.map(Engine.up, engines, registrations))
                states = [
                    e.state[f"sync-{i}"].outputs["image_states"]["ap-guangzhou"]
                    for i, e in enumerate(engines)
                ]
            finally:
                process.stop()
        ratio = watch.seconds / seconds
        label = f"{n} resources at once, wait={wait}"
        results[f"wait={wait}"] = {"wall_seconds": watch.seconds, "wall_over_T": ratio, "states": states}
        rows.append(
            [
                label,
                f"{watch.seconds:.1f}",
                f"{ratio:.2f}",
                f"{n} ({n / 4:.0f} on 4 workers)" if wait else "-",
            ]
        )
    return rows, results


def run(seconds: float = T) -> dict[str, Any]:
    rows1, fan = fan_out(seconds)
    rows2, many = many_resources(seconds)
    print(
        table(
            [f"case (each copy takes T = {seconds:g}s)", "wall s", "wall / T", "one at a time would be"],
            rows1 + rows2,
        )
    )
    return {"T": seconds, "fan_out": fan, "many_resources": many}
