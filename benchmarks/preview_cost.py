"""Preview cost: `check` + `diff` of N unchanged resources of each kind, through the provider server.

What a `pulumi preview` of an unchanged stack costs per resource, and proof that it makes no cloud
call (counted in the emulator's call log). Then the whole `pulumi preview` through the real CLI:
N = 200 unchanged `ImageDuplicate`s against 200 resources of a dynamic provider that does nothing,
in the same run: what this package adds to a preview.
"""

from __future__ import annotations

import statistics
import tempfile
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.golden.programs import PROGRAMS
from tests.support.engine import register
from tests.support.pulumi_cli import REPO

from .harness import Stopwatch, cli_stack, emulator_process, engine_for, package_at, table

SIZES = (10, 100, 1000)
CLI_SIZE = 200
CLI_RUNS = 3


def run(sizes: tuple[int, ...] = SIZES, cli_size: int = CLI_SIZE, code: str | None = None) -> dict[str, Any]:
    rows = []
    results: dict[str, Any] = {}
    with emulator_process() as emulator:
        for kind, program in PROGRAMS.items():
            emulator.reset()
            emulator.seed(program.world)
            with engine_for(emulator) as engine:
                reg = register(program.build)
                engine.up(reg)
                state = engine.state[program.name]
                for n in sizes:
                    names = [f"{program.name}-{i}" for i in range(n)]
                    for name in names:
                        engine.state[name] = replace(state, urn=state.urn.rsplit("::", 1)[0] + f"::{name}")
                    regs = [replace(reg, name=name) for name in names]
                    before = len(emulator.calls())
                    with Stopwatch() as watch:
                        plans = [engine.preview(r).op for r in regs]
                    cloud_calls = len(emulator.calls()) - before
                    assert set(plans) == {"same"}, plans
                    per = watch.seconds / n * 1000
                    results[f"{kind}/{n}"] = {"ms_per_resource": per, "cloud_calls": cloud_calls}
                    rows.append([kind, n, f"{per:.2f}", cloud_calls])
                    for name in names:
                        del engine.state[name]
    print(table(["resource", "N", "check+diff ms/resource", "cloud calls"], rows))
    cli = results["cli"] = cli_ratio(cli_size, code=code)
    print(f"\ncode: {code or 'this worktree'}")
    print(
        table(
            [
                "`pulumi preview`, N unchanged",
                "ImageDuplicate s",
                "do-nothing provider s",
                "ratio",
                "cloud calls",
            ],
            [
                [
                    cli["n"],
                    f"{cli['seconds']['imagesync']:.2f}",
                    f"{cli['seconds']['noop']:.2f}",
                    f"{cli['ratio']:.2f}",
                    cli["cloud_calls"],
                ]
            ],
        )
    )
    return results


# -- through the real CLI: against a provider that does nothing ---------------------------------------

NOOP_PROVIDER = '''"""A dynamic provider that does nothing: what any dynamic resource costs a preview."""

import pulumi
import pulumi.dynamic


class NoopProvider(pulumi.dynamic.ResourceProvider):
    serialize_as_secret_always = False

    def check(self, olds, news):
        return pulumi.dynamic.CheckResult(news, [])

    def diff(self, id_, olds, news):
        return pulumi.dynamic.DiffResult(changes=False)

    def create(self, props):
        return pulumi.dynamic.CreateResult(props["name"], props)


class Noop(pulumi.dynamic.Resource):
    def __init__(self, name, props):
        super().__init__(NoopProvider(), name, {"name": name, **props})
'''

NOOP_PROGRAM = """import pulumi

from noop_provider import Noop

for i in range(pulumi.Config().get_int("copies") or 8):
    Noop(f"copy-{i}", {"registry_id": "tcr-e8pg46c6", "source_namespace": "develop", "source_repo": "app",
                       "source_reference": "stg", "destination_namespace": "release",
                       "destination_repo": "app", "destination_tag": f"stg-{i}"})
"""


def _noop_project(root: Path) -> Path:
    root.mkdir()
    (root / "Pulumi.yaml").write_text("name: noop-resources\nruntime:\n  name: python\n")
    (root / "noop_provider.py").write_text(NOOP_PROVIDER)
    (root / "__main__.py").write_text(NOOP_PROGRAM)
    return root


def cli_ratio(n: int = CLI_SIZE, runs: int = CLI_RUNS, code: str | None = None) -> dict[str, Any]:
    """`pulumi preview` of n unchanged `ImageDuplicate`s over the same of a do-nothing provider (medians)."""
    timings: dict[str, list[float]] = {"imagesync": [], "noop": []}
    with (
        emulator_process() as emulator,
        tempfile.TemporaryDirectory() as tmp,
        package_at(code) as env,
        ExitStack() as stacks,
    ):
        emulator.admin("POST", "reset", {"world": "demo"})
        projects = {
            "imagesync": REPO / "examples" / "tcr-many-copies",
            "noop": _noop_project(Path(tmp) / "noop"),
        }
        stacks_by_kind = {
            kind: stacks.enter_context(cli_stack(project, emulator, {"copies": str(n)}, env))
            for kind, project in projects.items()
        }
        for stack in stacks_by_kind.values():
            stack.up()
        before = len(emulator.calls())
        for _ in range(runs):  # interleaved, so that the machine's load falls on both alike
            for kind, stack in stacks_by_kind.items():
                with Stopwatch() as watch:
                    stack.run("preview", "--stack", stack.name, "--expect-no-changes")
                timings[kind].append(watch.seconds)
        cloud_calls = len(emulator.calls()) - before
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    return {
        "n": n,
        "seconds": medians,
        "ratio": medians["imagesync"] / medians["noop"],
        "cloud_calls": cloud_calls,
    }
