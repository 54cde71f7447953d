"""Upgrading the package under an existing stack, through the real engine.

The provider is pickled by reference (module path + class name), so every `pulumi` run loads the
provider code installed at that moment, whatever code wrote the state. Two sides of that:
- a fresh process after the package's code changed runs the new code: a changed copy of the
  package first on `PYTHONPATH` (what an upgrade does to `site-packages`), observed through an
  output only the changed code produces;
- a stack written by the package of the previous revision (its own demo program and package,
  from `git archive`, first on `PYTHONPATH`) refreshes, shows no change for the resources it
  has, and destroys with the code of this worktree.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.inventory import DEMO_RETAINED, leftovers
from tests.support.pulumi_cli import REPO, Stack, copy_project

pytestmark = pytest.mark.e2e

MARKER = "new-code.example/release/app:prd"

# Appended to a copy of the module: "the next release" reports `image_reference` differently.
NEW_RELEASE = f"""

# --- added by tests/e2e/test_upgrades.py: the changed code ---
_released_read = ImageDuplicateProvider.read_resource
_released_update = ImageDuplicateProvider.update_resource


def _read(self, op):
    found = _released_read(self, op)
    return None if found is None else {{**found, "image_reference": {MARKER!r}}}


def _update(self, op, olds, changed, rollback):
    return {{**_released_update(self, op, olds, changed, rollback), "image_reference": {MARKER!r}}}


ImageDuplicateProvider.read_resource = _read
ImageDuplicateProvider.update_resource = _update
"""


def changed_package(root: Path) -> Path:
    shutil.copytree(
        REPO / "pulumi_imagesync", root / "pulumi_imagesync", ignore=shutil.ignore_patterns("__pycache__")
    )
    module = root / "pulumi_imagesync" / "tencentcloud" / "image_duplicate_provider.py"
    module.write_text(module.read_text() + NEW_RELEASE)
    return root


def test_a_fresh_process_runs_the_package_code_installed_now(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.reset(world="demo")
    stack = make_stack("examples/tcr-image-duplicate").init(emulator_stack_config(emulator.url))
    stack.up()
    written = stack.resources()["promote"]["outputs"]
    assert written["image_reference"] != MARKER

    new_code = {"PYTHONPATH": str(changed_package(tmp_path / "upgraded"))}
    stack.config("build", "v1")
    stack.up(env=new_code)  # the update runs in a new provider process: the new code
    updated = stack.resources()["promote"]["outputs"]
    assert updated["image_reference"] == MARKER
    assert updated["__provider"] == written["__provider"], "by reference: the same blob, new code"

    stack.refresh()  # and back to the code of this worktree, for the same state
    assert stack.resources()["promote"]["outputs"]["image_reference"] == written["image_reference"]


def git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, check=False)


def previous_revision() -> str:
    """The package as it was before its latest change: HEAD when the worktree changes it, else
    the first parent of the newest commit on main's own line (`--first-parent`) that changed it.
    A merged branch counts as one change: the revision before it is main's, not a commit of the
    branch written against an older emulator. Skips without git history."""
    if shutil.which("git") is None or git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("needs the git history of the package (no git repository here)")
    if git("status", "--porcelain", "--", "pulumi_imagesync").stdout.strip():
        return "HEAD"
    newest = (
        git("log", "-1", "--first-parent", "--format=%H", "--", "pulumi_imagesync").stdout.decode().strip()
    )
    parent = git("rev-parse", "--verify", "--quiet", f"{newest}^")
    if not newest or parent.returncode != 0:
        pytest.skip("needs the git history of the package (a shallow clone has no previous revision)")
    return parent.stdout.decode().strip()


def test_a_stack_written_by_the_previous_revision_refreshes_and_destroys(
    pulumi_bin: Path, emulator: Emulator, tmp_path: Path
) -> None:
    revision = previous_revision()
    old = tmp_path / "previous"
    old.mkdir()
    archive = git("archive", "--format=tar", revision, "pulumi_imagesync", "demo", "Pulumi.yaml")
    if archive.returncode != 0:
        pytest.skip(f"revision {revision} has no demo project: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(old, filter="data")

    emulator.reset(world="demo")
    before = emulator.state()
    workdir = tmp_path / "stack"
    previous = Stack(
        pulumi_bin, copy_project(old, tmp_path / "previous-project"), workdir, env={"PYTHONPATH": str(old)}
    )
    previous.init(emulator_stack_config(emulator.url))
    previous.up()
    written = previous.resources()
    assert written
    for resource in written.values():  # the program's calls into the package ran the old copy
        assert any(
            f"/{old.name}/pulumi_imagesync/" in (f.get("sourcePosition") or "")
            for f in resource["stackTrace"]
        ), resource["stackTrace"]

    current_project = copy_project(REPO, tmp_path / "current-project")
    shutil.copy2(previous.config_file(), current_project / previous.config_file().name)
    current = Stack(pulumi_bin, current_project, workdir)

    refreshed = current.refresh()
    assert {name: refreshed.outcome(name)["op"] for name in written} == dict.fromkeys(written, "same")
    plan = current.preview()
    assert {name: plan.ops(name) for name in written} == {name: ["same"] for name in written}
    current.destroy()
    assert current.resources() == {}
    left = [path for path in leftovers(before, emulator.state()) if path not in DEMO_RETAINED]
    assert left == [], "\n".join(left)
