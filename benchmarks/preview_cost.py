"""Preview cost: `check` + `diff` of N unchanged resources of each kind, through the provider server.

What a `pulumi preview` of an unchanged stack costs per resource, and proof that it makes no cloud
call (counted in the emulator's call log).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.golden.programs import PROGRAMS
from tests.support.engine import register

from .harness import Stopwatch, emulator_process, engine_for, table

SIZES = (10, 100, 1000)


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
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
    return results
