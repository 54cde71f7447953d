"""The ``imagesync-emulator`` command, run as a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_imagesync.emulator import cli

from .helpers import sdk_call, tcr_client_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(5)


def start(run: list[subprocess.Popen[str]], *args: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_imagesync.emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    run.append(process)
    assert process.stdout is not None
    line = process.stdout.readline().rstrip("\n")
    prefix = "imagesync-emulator listening on "
    assert line.startswith(prefix), line
    return process, line[len(prefix) :]


def test_prints_its_url_serves_and_stops_on_sigterm(run: list[subprocess.Popen[str]]) -> None:
    process, url = start(run, "--time-scale", "50")
    assert url.startswith("http://127.0.0.1:")
    state = json.load(urllib.request.urlopen(f"{url}/_emulator/state", timeout=5))
    assert state["time_scale"] == 50
    assert "tcr-xxx" in state["tcr"]["ap-guangzhou"]["registries"]  # the demo world by default
    process.send_signal(signal.SIGTERM)
    assert process.wait(5) == 0
    assert process.stdout is not None and process.stdout.read() == ""  # exactly one line


def test_sigint_stops_it_too(run: list[subprocess.Popen[str]]) -> None:
    process, _ = start(run, "--world", "empty")
    process.send_signal(signal.SIGINT)
    assert process.wait(5) == 0


def test_custom_key_pair(run: list[subprocess.Popen[str]]) -> None:
    _, url = start(run, "--access-key-id", "AKIDmine", "--access-key-secret", "mine", "--world", "empty")
    client = tcr_client_for(url.removeprefix("http://"), secret_id="AKIDmine", secret_key="mine")
    assert sdk_call(client, "DescribeRegions")["TotalCount"] == 23


def test_help_documents_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    for expected in (
        "8790",
        "127.0.0.1",
        "AKIDimagesyncEmulator",
        "imagesync-emulator-secret",
        "demo",
        "1.0",
    ):
        assert expected in text
