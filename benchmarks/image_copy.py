"""`registry.ImageCopy` against `crane copy`: throughput, the provider's memory, and a second `up`.

A 200 MiB and a 1 GiB image (four layers each) are copied from an emulated TCR instance to an
emulated ACR Enterprise instance — two registries of different clouds, each with its own login —
by the provider (a create through the real provider server, its logins issued by each cloud's
API) and by `crane copy` (logged in with the same cloud APIs), alternately, each time into a
repository of its own so that every blob is sent. For each run: the wall time (bytes of the image
/ seconds = throughput), and the provider process's peak RSS (`VmHWM`; a fresh process per run).
Then a second `up` of the unchanged copy (no diff: nothing moves), and a copy made again onto
the same tag by a `triggers` change (every blob found there: nothing sent); the emulator's call
log counts the registry bytes each moved.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from pulumi_imagesync import registry
from tests.conftest import hermetic_env
from tests.support.engine import Engine, ProviderProcess, register
from tests.support.registry_logins import login

from .cold_start import _peak_rss_mib
from .harness import EmulatorProcess, config, emulator_process, table

MIB = 1024 * 1024
SOURCE, TARGET = "tcr-bench001", "cri-bench00000001"
GZ, HZ = "ap-guangzhou", "cn-hangzhou"
SIZES = {"200 MiB": [50 * MIB] * 4, "1 GiB": [256 * MIB] * 4}

RUNS = 3
MOVING = ("GET blob", "PUT upload", "PATCH upload")
REPO = Path(__file__).resolve().parents[1]


def world(sizes: dict[str, list[int]]) -> dict[str, Any]:
    tags: dict[str, Any] = {_tag(name): {"layers": layers} for name, layers in sizes.items()}
    tags["tiny"] = {}  # a small image, the first copy of each provider process
    return {
        "tcr": {
            "registries": [
                {
                    "id": SOURCE,
                    "region": GZ,
                    "namespaces": [{"name": "bench", "repositories": [{"name": "app", "tags": tags}]}],
                }
            ]
        },
        "acr": {"instances": [{"id": TARGET, "region": HZ, "namespaces": [{"name": "bench"}]}]},
    }


def _tag(name: str) -> str:
    return name.replace(" ", "").lower()


def _crane() -> Path:
    done = subprocess.run(
        [str(REPO / "scripts" / "install-oci-tools")],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    return Path(done.stdout.strip().splitlines()[-1]) / "crane"


class Crane:
    def __init__(self, binary: Path, home: Path, emulator: EmulatorProcess) -> None:
        self.binary = binary
        self.env = {**hermetic_env(), "DOCKER_CONFIG": str(home)}
        endpoints = {r["id"]: r["endpoint"] for r in emulator.admin("GET", "registries")["registries"]}
        self.source, self.target = endpoints[SOURCE], endpoints[TARGET]
        for registry_id, cloud, region in ((SOURCE, "tencentcloud", GZ), (TARGET, "alibabacloud", HZ)):
            username, password = login(emulator, cloud, registry_id, region)  # type: ignore[arg-type]
            self.run("auth", "login", endpoints[registry_id], "-u", username, "-p", password)

    def run(self, *args: str) -> None:
        subprocess.run([str(self.binary), *args], env=self.env, check=True, capture_output=True, timeout=3600)

    def copy(self, tag: str, repository: str) -> float:
        start = time.perf_counter()
        self.run("copy", f"{self.source}/bench/app:{tag}", f"{self.target}/bench/{repository}:v1")
        return time.perf_counter() - start


def declare(tag: str, repository: str, name: str = "bench", **more: Any) -> Any:
    return register(
        lambda: registry.ImageCopy(
            name,
            source={
                "cloud": "tencentcloud",
                "registry": SOURCE,
                "region": GZ,
                "repository": "bench/app",
                "tag": tag,
            },
            destination={
                "cloud": "alibabacloud",
                "registry": TARGET,
                "region": HZ,
                "repository": f"bench/{repository}",
                "tag": "v1",
            },
            **more,
        )
    )


def moved(emulator: EmulatorProcess, since: int) -> int:
    return sum(
        c["bytes"] for c in emulator.calls(since) if c["service"] == "registry" and c["action"] in MOVING
    )


def _provider_run(emulator: EmulatorProcess, tag: str, repository: str, tmp: Path) -> dict[str, Any]:
    """In a fresh provider process, a small copy (SDKs imported, logins issued: the fixed cost of
    a process's first copy), then the copy measured, then the second `up`s."""
    process = ProviderProcess(tmp, hermetic_env({"IMAGESYNC_JOURNAL_DIR": str(tmp / "journal")}))
    try:
        engine = Engine(process, config(emulator))
        start = time.perf_counter()
        engine.up(declare("tiny", f"{repository}-first", name="first"))
        first = time.perf_counter() - start
        reg = declare(tag, repository)
        engine.check(reg)
        before = _peak_rss_mib(process.process.pid)
        start = time.perf_counter()
        engine.up(reg)
        seconds = time.perf_counter() - start
        peak = _peak_rss_mib(process.process.pid)
        outputs = engine.state["bench"].outputs
        mark = len(emulator.calls())
        unchanged = engine.up(reg).op
        after_unchanged = moved(emulator, mark)
        mark = len(emulator.calls())
        engine.up(declare(tag, repository, triggers={"again": 1}))
        again = engine.state["bench"].outputs
        return {
            "first_copy_seconds": first,
            "seconds": seconds,
            "bytes_copied": outputs["bytes_copied"],
            "peak_rss_mib": peak,
            "rss_before_copy_mib": before,
            "second_up": unchanged,
            "second_up_bytes": after_unchanged,
            "copy_again_bytes": moved(emulator, mark),
            "copy_again_blobs_copied": again["blobs_copied"],
        }
    finally:
        process.stop()


def run(sizes: dict[str, list[int]] | None = None, runs: int = RUNS) -> dict[str, Any]:
    sizes = sizes or SIZES
    results: dict[str, Any] = {}
    with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
        emulator.seed(world(sizes))
        crane = Crane(_crane(), Path(tmp) / "docker", emulator)
        for name, layers in sizes.items():
            total = sum(layers)
            crane_s, ours = [], []
            for i in range(runs):  # interleaved: both see the same machine
                crane_s.append(crane.copy(_tag(name), f"crane-{_tag(name)}-{i}"))
                work = Path(tmp) / f"{_tag(name)}-{i}"
                work.mkdir()
                ours.append(_provider_run(emulator, _tag(name), f"provider-{_tag(name)}-{i}", work))
            median_crane = statistics.median(crane_s)
            median_ours = statistics.median(r["seconds"] for r in ours)
            results[name] = {
                "bytes": total,
                "crane_seconds": crane_s,
                "provider": ours,
                "crane_mib_s": total / MIB / median_crane,
                "provider_mib_s": total / MIB / median_ours,
                "ratio": median_crane / median_ours,
                "peak_rss_mib": max(r["peak_rss_mib"] for r in ours),
            }
    rows = [
        [
            name,
            f"{r['crane_mib_s']:.0f}",
            f"{r['provider_mib_s']:.0f}",
            f"{r['ratio']:.2f}",
            f"{r['peak_rss_mib']:.0f}",
            f"{statistics.median(p['first_copy_seconds'] for p in r['provider']):.2f}",
            f"{r['provider'][0]['second_up']}, {r['provider'][0]['second_up_bytes']} B",
            f"{r['provider'][0]['copy_again_bytes']} B",
        ]
        for name, r in results.items()
    ]
    print(
        table(
            [
                "image",
                "crane copy MiB/s",
                "ImageCopy MiB/s",
                "ratio",
                "provider peak RSS MiB",
                "a process's first copy s",
                "second up",
                "copied again (triggers)",
            ],
            rows,
        )
    )
    print(f"(median of {runs} runs each, interleaved; {os.cpu_count()} cores)")
    return results
