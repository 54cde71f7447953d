"""What every benchmark needs: an emulator in its own process, provider servers, the real CLI, a table.

The emulator runs as a separate process (the `imagesync-emulator` CLI) so that its request
handling does not share a GIL with the driver threads being measured. Benchmarks that run the
real Pulumi CLI take it from `scripts/install-pulumi --print-bin` (or PATH), and may run the
package of another revision (`package_at("main")`: first on `PYTHONPATH` for the CLI and the
provider server it starts), to measure a "before" in the same conditions.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.conftest import hermetic_env
from tests.support.engine import Engine, ProviderProcess
from tests.support.pulumi_cli import REPO, Stack, copy_project, find_cli


class EmulatorProcess:
    """`imagesync-emulator` in a subprocess, driven through its admin API."""

    def __init__(self, time_scale: float = 1.0) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pulumi_imagesync.emulator",
                "--port",
                "0",
                "--world",
                "empty",
                "--time-scale",
                str(time_scale),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=hermetic_env(),
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()
        if "listening on" not in line:
            raise RuntimeError(f"emulator did not start: {line!r}")
        self.url = line.rsplit(" ", 1)[-1].strip()

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_emulator/{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def reset(self) -> None:
        self.admin("POST", "reset", {"world": "empty"})

    def seed(self, doc: dict[str, Any]) -> None:
        self.admin("POST", "seed", doc)

    def faults(self, doc: dict[str, Any]) -> None:
        self.admin("POST", "faults", doc)

    def calls(self, since: int = 0) -> list[dict[str, Any]]:
        return self.admin("GET", f"calls?since={since}")["calls"]

    def state(self) -> dict[str, Any]:
        return self.admin("GET", "state")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def config(emulator: EmulatorProcess) -> dict[str, Any]:
    return {
        "imagesync:emulator": emulator.url,
        "tencentcloud:secretId": DEFAULT_ACCESS_KEY_ID,
        "tencentcloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
        "tencentcloud:region": "ap-guangzhou",
        "huaweicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
        "huaweicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
        "huaweicloud:region": "cn-north-4",
        "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
        "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
        "alicloud:region": "cn-hangzhou",
    }


@contextmanager
def emulator_process(time_scale: float = 1.0) -> Iterator[EmulatorProcess]:
    emulator = EmulatorProcess(time_scale)
    try:
        yield emulator
    finally:
        emulator.stop()


@contextmanager
def engine_for(emulator: EmulatorProcess) -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as tmp:
        process = ProviderProcess(Path(tmp), hermetic_env())
        try:
            yield Engine(process, config(emulator))
        finally:
            process.stop()


@contextmanager
def cli_stack(
    project: Path,
    emulator: EmulatorProcess,
    config: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[Stack]:
    """A fresh stack of a copy of `project`, configured for the emulator, run by the real CLI."""
    bin_dir = find_cli()
    if bin_dir is None:
        raise RuntimeError("no Pulumi CLI: run scripts/install-pulumi")
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_project(project, Path(tmp) / "project")
        stack = Stack(bin_dir, copy, Path(tmp), name="bench", env=env)
        values = {**emulator_stack_config(emulator.url)}
        values.update({key: {"value": value, "secret": False} for key, value in (config or {}).items()})
        yield stack.init(values)


@contextmanager
def package_at(revision: str | None) -> Iterator[dict[str, str]]:
    """The environment that makes the CLI and its provider server run `revision`'s package (None: this one)."""
    if revision is None:
        yield {}
        return
    archive = subprocess.run(
        ["git", "archive", revision, "pulumi_imagesync"], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=io.BytesIO(archive)) as package:
        package.extractall(tmp, filter="data")
        yield {"PYTHONPATH": tmp}


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A markdown table, as it goes into the README."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores, load {load:.2f} at start, Python {sys.version.split()[0]}"


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.start
