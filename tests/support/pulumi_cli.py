"""The real Pulumi CLI, run on a copy of a project with a local file backend and a passphrase.

`find_cli()` finds the CLI the way `scripts/test` makes it available (`scripts/install-pulumi
--print-bin`, else a `pulumi` on PATH). `copy_project()` copies a project (its `Pulumi.yaml`
and program) into a temporary directory with `runtime.options.virtualenv` made absolute, so the
stack config files the CLI writes never land in the worktree. `Stack` runs commands with an
environment that nothing from the developer's shell reaches (no credentials, no proxies, no
Pulumi settings) and offers the few shapes the tests read: `preview --json`, `stack export`,
`stack output --json`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import hermetic_env

REPO = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)  # the interpreter running the tests: the worktree's .venv
PASSPHRASE = "imagesync-e2e-passphrase"
COMMAND_TIMEOUT = 900  # seconds; the longest command, the slow create, takes about 210
REQUIRED = (
    "pulumi",
    "pulumi-language-python",
    "pulumi-language-python-exec",
    "pulumi-resource-pulumi-python",
)


def find_cli() -> Path | None:
    """The bin directory of a usable Pulumi CLI, or None."""
    candidates: list[Path] = []
    script = REPO / "scripts" / "install-pulumi"
    if script.exists():
        found = subprocess.run(
            [str(script), "--print-bin"], capture_output=True, text=True, timeout=60, check=False
        )
        lines = found.stdout.strip().splitlines()
        if found.returncode == 0 and lines:
            candidates.append(Path(lines[-1]))
    on_path = shutil.which("pulumi")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bin_dir in candidates:
        if all(os.access(bin_dir / name, os.X_OK) for name in REQUIRED):
            return bin_dir
    return None


def copy_project(source: Path, destination: Path, venv: Path = VENV) -> Path:
    """Copy the project at `source` (Pulumi.yaml and its program) to `destination`."""
    project = yaml.safe_load((source / "Pulumi.yaml").read_text())
    main = project.get("main")
    destination.mkdir(parents=True)
    if main:
        shutil.copytree(source / main, destination / main, ignore=_ignored)
    else:
        for item in source.iterdir():
            if _ignored(str(source), [item.name]) or item.name == "Pulumi.yaml":
                continue
            if item.is_dir():
                shutil.copytree(item, destination / item.name, ignore=_ignored)
            else:
                shutil.copy2(item, destination / item.name)
    project.setdefault("runtime", {}).setdefault("options", {})["virtualenv"] = str(venv)
    (destination / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))
    return destination


def _ignored(directory: str, names: list[str]) -> set[str]:
    return {
        n for n in names if n in {"__pycache__", ".venv"} or (n.startswith("Pulumi.") and n != "Pulumi.yaml")
    }


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


class CommandFailed(AssertionError):
    def __init__(self, result: Result) -> None:
        self.result = result
        errors = "".join(f"{message}\n" for message in error_messages(result.stdout))
        super().__init__(
            f"`{' '.join(result.args)}` exited with {result.returncode}\n"
            + (f"--- errors ---\n{errors[:6000]}" if errors else "")
            + f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
        )


def error_messages(stdout: str) -> list[str]:
    """The error diagnostics of a `--json` event stream (the tail of a long stream is mostly the
    engine's debug lines, after the error that matters)."""
    found = []
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        diagnostic = event.get("diagnosticEvent") if isinstance(event, dict) else None
        if diagnostic and diagnostic.get("severity") == "error":
            found.append(f"{diagnostic.get('urn', '')}: {diagnostic.get('message', '').strip()}")
    return found


class Stack:
    """One stack of one project copy, with its own backend directory and Pulumi home."""

    def __init__(
        self,
        bin_dir: Path,
        project_dir: Path,
        workdir: Path,
        name: str = "e2e",
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.bin_dir = bin_dir
        self.project_dir = project_dir
        self.name = name
        self.backend = workdir / "backend"
        self.home = workdir / "pulumi-home"
        self.backend.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        self.env = hermetic_env(
            {
                "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
                "PULUMI_BACKEND_URL": self.backend.as_uri(),
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                "PULUMI_HOME": str(self.home),
                "PULUMI_SKIP_UPDATE_CHECK": "true",
                # The bundled plugins next to `pulumi`, never others found on PATH; nothing downloaded.
                "PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                **(env or {}),
            }
        )

    # -- running commands ------------------------------------------------------------------------

    def run(
        self,
        *args: str,
        check: bool = True,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> Result:
        command = [str(self.bin_dir / "pulumi"), *args, "--non-interactive", "--color=never"]
        completed = subprocess.run(
            command,
            cwd=cwd or self.project_dir,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        result = Result(command[1:], completed.returncode, completed.stdout, completed.stderr)
        if check and result.returncode != 0:
            raise CommandFailed(result)
        return result

    def init(self, config: Mapping[str, Mapping[str, Any]] | None = None) -> Stack:
        """`pulumi stack init`, then the config (`{key: {"value": ..., "secret": ...}}`) in one go."""
        self.run("stack", "init", self.name)
        if config:
            self.set_config(config)
        return self

    def set_config(self, config: Mapping[str, Mapping[str, Any]]) -> None:
        self.run("config", "set-all", "--stack", self.name, "--json", json.dumps(dict(config)))

    def config(self, key: str, value: str, *, secret: bool = False) -> None:
        self.run("config", "set", "--stack", self.name, "--secret" if secret else "--plaintext", key, value)

    def preview(self, *flags: str, env: Mapping[str, str] | None = None) -> Events:
        streaming = {"PULUMI_ENABLE_STREAMING_JSON_PREVIEW": "true", **(env or {})}
        return self.events("preview", *flags, env=streaming)

    def up(self, *flags: str, env: Mapping[str, str] | None = None) -> Events:
        return self.events("up", "--yes", "--skip-preview", *flags, env=env)

    def refresh(self, *flags: str, env: Mapping[str, str] | None = None) -> Events:
        return self.events("refresh", "--yes", "--skip-preview", *flags, env=env)

    def destroy(self, *flags: str, env: Mapping[str, str] | None = None) -> Events:
        return self.events("destroy", "--yes", "--skip-preview", *flags, env=env)

    def events(self, command: str, *flags: str, env: Mapping[str, str] | None = None) -> Events:
        """`pulumi <command> --json`: the engine's event stream, one JSON document a line."""
        result = self.run(command, "--stack", self.name, "--json", *flags, env=env)
        return Events([json.loads(line) for line in result.stdout.splitlines() if line.strip()])

    def remove(self) -> None:
        self.run("stack", "rm", self.name, "--yes")

    # -- reading state ---------------------------------------------------------------------------

    def export(self, *, show_secrets: bool = False) -> dict[str, Any]:
        flags = ["--show-secrets"] if show_secrets else []
        return self.run("stack", "export", "--stack", self.name, *flags).json()

    def resources(self, *, show_secrets: bool = False) -> dict[str, dict[str, Any]]:
        """The dynamic resources in the checkpoint, by name."""
        deployment = self.export(show_secrets=show_secrets)["deployment"]
        return {
            r["urn"].rsplit("::", 1)[1]: r
            for r in deployment.get("resources") or []
            if r["type"].startswith("pulumi-python:dynamic/")
        }

    def outputs(self) -> dict[str, Any]:
        return self.run("stack", "output", "--stack", self.name, "--json").json()

    def state_files(self) -> list[Path]:
        """Every file the backend wrote: the checkpoint, its backups and the update history."""
        return sorted(p for p in self.backend.rglob("*") if p.is_file())

    def config_file(self) -> Path:
        return self.project_dir / f"Pulumi.{self.name}.yaml"


DYNAMIC = "pulumi-python:dynamic/"


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[1]


class Events:
    """What a `--json` command reported, from the engine's events.

    `steps`: the metadata of each `resourcePreEvent`, in order: what the engine is about to do
    (`op`: create, same, update, replace, delete-replaced, create-replacement, delete, refresh,
    ...; `urn`, `type`, `diffs`, `keys` (what forces a replace), `detailedDiff`, `old`/`new`).
    `outcomes`: the metadata of each `resOutputsEvent` (for a refresh: update = drift, delete =
    gone). `changes`: the summary's resource changes.
    """

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events
        self.steps = [e["resourcePreEvent"]["metadata"] for e in events if "resourcePreEvent" in e]
        self.outcomes = [e["resOutputsEvent"]["metadata"] for e in events if "resOutputsEvent" in e]
        summaries = [e["summaryEvent"] for e in events if "summaryEvent" in e]
        self.changes: dict[str, int] = (summaries[-1].get("resourceChanges") or {}) if summaries else {}

    def ops(self, name: str) -> list[str]:
        """The ops of resource `name`'s steps, in the order the engine runs them."""
        return [s["op"] for s in self.steps if _name(s["urn"]) == name]

    def outcome(self, name: str) -> dict[str, Any]:
        found = [o for o in self.outcomes if _name(o["urn"]) == name]
        assert found, f"no outcome for {name!r}: {self.dynamic_ops()}"
        return found[-1]

    def dynamic_ops(self) -> dict[str, list[str]]:
        """{resource name: its ops} for every dynamic (pulumi-imagesync) resource."""
        ops: dict[str, list[str]] = {}
        for step in self.steps:
            if step["type"].startswith(DYNAMIC):
                ops.setdefault(_name(step["urn"]), []).append(step["op"])
        return ops

    def step(self, name: str, op: str) -> dict[str, Any]:
        for s in self.steps:
            if _name(s["urn"]) == name and s["op"] == op:
                return s
        raise AssertionError(f"no {op!r} step for {name!r} in {self.dynamic_ops()}")

    def changed_inputs(self, name: str, op: str) -> list[str]:
        """The inputs a step changes (dynamic providers report no `diffs`; the engine compares)."""
        step = self.step(name, op)
        old, new = (step.get("old") or {}).get("inputs") or {}, (step.get("new") or {}).get("inputs") or {}
        return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def search(files: Iterable[Path], needles: Iterable[str]) -> dict[str, list[str]]:
    """{needle: [file names holding it]} for every needle found anywhere in the files."""
    found: dict[str, list[str]] = {}
    contents = {path: path.read_bytes() for path in files}
    for needle in needles:
        for path, data in contents.items():
            if needle.encode() in data:
                found.setdefault(needle, []).append(path.name)
    return found
