"""Cold start of the provider process: time and memory to the first answered call.

Compared with a bare `python -c "import pulumi, pulumi.dynamic"`. The first `Check` loads the
provider class (no cloud SDK: check never calls the cloud); the first `Create` imports the SDK of
the one cloud in use.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.conftest import hermetic_env
from tests.golden.programs import PROGRAMS
from tests.support.engine import Engine, ProviderProcess, register

from .harness import config, emulator_process, table

RUNS = 5


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _bare() -> tuple[float, float]:
    # Peak RSS read the same way as the provider's (VmHWM), so the two compare.
    code = (
        "import pulumi, pulumi.dynamic; "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=hermetic_env()
    )
    return time.perf_counter() - start, int(out.stdout) / 1024


KINDS = {
    "Tencent": "ReplicationRule",
    "Huawei": "huaweicloud.SyncRepoTask",
    "Alibaba": "alibabacloud.SyncRepoTask",
}


def _provider(kind: str, runs: int) -> list[tuple[float, float, float, float]]:
    """Provider processes started fresh: to the first Check, then to the first Create."""
    program = PROGRAMS[kind]
    reg = register(program.build)
    samples = []
    with emulator_process() as emulator, tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            emulator.reset()
            emulator.seed(program.world)
            start = time.perf_counter()
            process = ProviderProcess(Path(tmp), hermetic_env())
            try:
                engine = Engine(process, config(emulator))
                engine.check(reg)
                first_check = time.perf_counter() - start
                rss_check = _peak_rss_mib(process.process.pid)
                engine.up(reg)
                first_create = time.perf_counter() - start
                samples.append((first_check, rss_check, first_create, _peak_rss_mib(process.process.pid)))
            finally:
                process.stop()
    return samples


def run(runs: int = RUNS) -> dict[str, Any]:
    median = statistics.median
    bare = [_bare() for _ in range(runs)]
    result: dict[str, Any] = {
        "bare_import_s": median(b[0] for b in bare),
        "bare_import_peak_mib": median(b[1] for b in bare),
    }
    rows = [
        [
            'python -c "import pulumi, pulumi.dynamic"',
            f"{result['bare_import_s']:.2f}",
            f"{result['bare_import_peak_mib']:.0f}",
        ]
    ]
    for cloud, kind in KINDS.items():
        samples = _provider(kind, runs)
        figures = result[cloud] = {
            "first_check_s": median(s[0] for s in samples),
            "first_check_peak_mib": median(s[1] for s in samples),
            "first_create_s": median(s[2] for s in samples),
            "first_create_peak_mib": median(s[3] for s in samples),
        }
        rows.append(
            [
                f"provider server to its first Check ({kind})",
                f"{figures['first_check_s']:.2f}",
                f"{figures['first_check_peak_mib']:.0f}",
            ]
        )
        rows.append(
            [
                f"... to its first Create ({cloud} SDK loaded)",
                f"{figures['first_create_s']:.2f}",
                f"{figures['first_create_peak_mib']:.0f}",
            ]
        )
    print(table(["process", f"seconds (median of {runs})", "peak RSS MiB"], rows))
    return result
