"""The root demo project (`Pulumi.yaml`, program `demo/__main__.py`) through the real Pulumi CLI.

`test_the_demo_lifecycle` runs a copy of the project against the in-process emulator;
`test_scripts_demo` runs the README's first command itself, in this worktree, as a user does.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import urllib.request
import uuid
from pathlib import Path

import pytest

import pulumi_imagesync
from pulumi_imagesync.dynamic_resource import ImageSyncResource
from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.conftest import hermetic_env
from tests.e2e.conftest import StackFactory
from tests.support.inventory import DEMO_RETAINED, leftovers
from tests.support.pulumi_cli import DYNAMIC, REPO

pytestmark = pytest.mark.e2e


def resource_types() -> set[str]:
    """The type token of every public resource class of the package (all cloud modules)."""
    for module in pkgutil.iter_modules(pulumi_imagesync.__path__):
        if module.ispkg and module.name not in {"emulator", "provider"}:
            importlib.import_module(f"pulumi_imagesync.{module.name}")
    types: set[str] = set()
    pending = list(ImageSyncResource.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "_provider_class" in vars(cls):
            types.add(f"pulumi-python:{cls._resource_type_name}")
    return types


def test_the_demo_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    """Preview shows one create per resource (one of each resource), up creates them, a second
    up and a refresh change nothing, destroy leaves the emulator as it was."""
    emulator.reset(world="demo")
    before = emulator.state()
    stack = make_stack(".", name="demo").init(emulator_stack_config(emulator.url))

    plan = stack.preview()
    planned = plan.dynamic_ops()
    assert planned and all(ops == ["create"] for ops in planned.values()), planned
    assert {s["type"] for s in plan.steps if s["type"].startswith(DYNAMIC)} >= resource_types(), (
        "the demo declares one of each resource"
    )
    assert emulator.calls()["calls"] == [], "a preview of creates calls no cloud (check only)"

    stack.up()
    assert set(stack.resources()) == set(planned)
    # Ownership records are keyed by the URN the program computes: the engine's own.
    assert all(r["outputs"]["__owner"] == r["urn"] for r in stack.resources().values())
    assert leftovers(before, emulator.state()), "the demo made nothing in the emulator"
    assert stack.outputs()

    stack.up("--expect-no-changes")
    stack.refresh("--expect-no-changes")

    stack.destroy()
    assert stack.resources() == {}
    left = [path for path in leftovers(before, emulator.state()) if path not in DEMO_RETAINED]
    assert left == [], "\n".join(left)


def test_scripts_demo(pulumi_bin: Path, tmp_path: Path) -> None:
    """`scripts/demo` goes up, reuses its emulator, recovers from a stopped one, destroys."""
    stack = f"e2e-{uuid.uuid4().hex[:8]}"
    demo_dir = tmp_path / "demo"
    env = hermetic_env(
        {
            "IMAGESYNC_DEMO_DIR": str(demo_dir),
            "IMAGESYNC_DEMO_STACK": stack,
            # scripts/install-pulumi takes a pulumi on PATH as it is: the one these tests use.
            "PATH": f"{pulumi_bin}:{hermetic_env()['PATH']}",
        }
    )

    def demo(*args: str) -> str:
        done = subprocess.run(
            [str(REPO / "scripts" / "demo"), *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, f"scripts/demo {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def world() -> dict[str, object]:
        url = (demo_dir / "emulator.url").read_text().strip()
        with urllib.request.urlopen(f"{url}/_emulator/state", timeout=10) as answer:
            return json.load(answer)

    try:
        first = demo()
        assert "The demo is up" in first and "scripts/demo destroy" in first
        made = world()
        pid = (demo_dir / "emulator.pid").read_text().strip()

        again = demo()
        assert f"reusing the running emulator at {(demo_dir / 'emulator.url').read_text().strip()}" in again
        assert " created" not in again and " deleted" not in again
        assert leftovers(made, world()) == []

        demo("stop")
        assert not (demo_dir / "emulator.pid").exists()
        restarted = demo()  # a fresh emulator: the refresh finds the objects gone, up makes them again
        assert "started the emulator" in restarted and (demo_dir / "emulator.pid").read_text().strip() != pid
        assert " created" in restarted
        # ids and creation times are not the same twice
        assert leftovers(made, world(), ignore=frozenset({"id", "created_at"})) == []

        gone = demo("destroy")
        assert "deleted" in gone and f"Stack '{stack}' has been removed" in gone
        assert not demo_dir.exists()
    finally:
        if (demo_dir / "emulator.pid").exists():
            demo("destroy")
        (REPO / f"Pulumi.{stack}.yaml").unlink(missing_ok=True)
    assert not (REPO / f"Pulumi.{stack}.yaml").exists()
