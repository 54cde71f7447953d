"""A `pulumi up` killed mid-create (a cancelled CI job), with the real CLI: the next `up` converges.

The demo's copies are made slow; while they are under way, the CLI gets SIGINT and then SIGKILL,
as a CI runner cancelling a job sends them. The provider process outlives the CLI (re-parented,
in its own process group) and must stop by itself, keeping its records; after `pulumi cancel`,
the next `pulumi up`, with no `adopt` anywhere, makes one object of each resource — taking over
what the dead run started, never starting it again — and `pulumi destroy` leaves nothing.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.inventory import DEMO_RETAINED, leftovers
from tests.support.pulumi_cli import Stack

pytestmark = pytest.mark.e2e

# What each resource of the demo starts in the cloud: each must take effect exactly once.
STARTS = ("ManageReplication", "DuplicateImage", "SyncImages", "CreateImageSyncRepo", "CreateRepoSyncTask")
SLOW_COPIES = {
    "copies": {
        "tcr": {"seconds": 3600},
        "cvm": {"seconds": 3600},
        "swr": {"seconds": 3600},
        "acr": {"seconds": 3600},
    }
}


def took_effect(emulator: Emulator, action: str) -> int:
    return sum(c["action"] == action and c["result"] == "ok" for c in emulator.calls()["calls"])


def providers_of(project: Path) -> list[psutil.Process]:
    """The dynamic-provider processes running for this project (their working directory)."""
    found = []
    for process in psutil.process_iter(["cmdline", "cwd"]):
        cmdline = process.info.get("cmdline") or []
        cwd = process.info.get("cwd") or ""
        if "pulumi.dynamic" in cmdline and (cwd == str(project) or cwd.startswith(f"{project}/")):
            found.append(process)
    return found


def running(processes: list[psutil.Process]) -> bool:
    return any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in processes)


def start_up(stack: Stack) -> subprocess.Popen[str]:
    command = [str(stack.bin_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", stack.name]
    return subprocess.Popen(
        [*command, "--non-interactive", "--color=never"],
        cwd=stack.project_dir,
        env=stack.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition: object, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what} never happened"
        time.sleep(0.2)


def test_an_up_killed_mid_create_converges_on_the_next_up(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    stack = make_stack(".", name="demo").init(emulator_stack_config(emulator.url))
    emulator.faults(SLOW_COPIES)

    cli = start_up(stack)
    wait_for(lambda: all(took_effect(emulator, a) for a in STARTS), "every create started", 120)
    providers = providers_of(stack.project_dir)
    assert providers, "no provider process found for the project"
    cli.send_signal(signal.SIGINT)  # the CI job is cancelled ...
    time.sleep(2)
    cli.send_signal(signal.SIGKILL)  # ... and killed
    cli.wait(timeout=30)
    killed_at = len(emulator.calls()["calls"])

    # The provider notices that its engine is gone, and stops by itself within a minute.
    wait_for(lambda: not running(providers), "the orphaned provider stopping", 90)
    late = [c["action"] for c in emulator.calls()["calls"][killed_at:] if c["action"] in STARTS]
    assert late == [], f"the orphaned provider kept creating: {late}"
    journal = Path(stack.env["IMAGESYNC_JOURNAL_DIR"])  # tests/conftest.py: one per test
    assert list(journal.glob("*.json")), "the interrupted creates left no record"

    # The README's recovery: `pulumi cancel` (the lock of the killed run), then `pulumi up`.
    stack.run("cancel", "--yes", "--stack", stack.name, check=False)
    emulator.faults({})
    emulator.advance(3600)  # what the dead run started has finished by now
    stack.up()
    assert {a: took_effect(emulator, a) for a in STARTS} == dict.fromkeys(STARTS, 1)
    assert "adopt" not in json.dumps({k: v["inputs"] for k, v in stack.resources().items()}).replace(
        '"adopt": false', ""
    )
    stack.preview("--expect-no-changes")

    stack.destroy()
    emulator.advance(3600)
    left = [path for path in leftovers(before, emulator.state()) if path not in DEMO_RETAINED]
    assert left == [], "\n".join(left)
    assert not list(journal.glob("*.json")), "records outlived the resources"
