"""`pulumi up --parallel N` for the engine-like driver: the steps of independent resources at once.

The engine walks the resource graph with up to `--parallel` steps in flight, each its own gRPC call
to the provider server. `up_all` does the same with `Engine.up` on one provider process: one
thread per step in flight, each sending Check then Create as the engine does (gRPC stubs are
thread-safe; the checkpoint is a dict updated per resource). `Step.calls` is not kept: under
concurrency another resource's calls interleave with a step's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from .engine import Engine, Registration, Step


def up_all(
    engine: Engine, registrations: Sequence[Registration], parallel: int
) -> dict[str, Step | Exception]:
    """`Engine.up` of every registration, `parallel` at a time: each resource's step or its error."""

    def up(registration: Registration) -> Step | Exception:
        try:
            return engine.up(registration)
        except Exception as error:  # one failed step does not stop the others, as in the engine
            return error

    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="engine-step") as pool:
        outcomes = list(pool.map(up, registrations))
    return {registration.name: outcome for registration, outcome in zip(registrations, outcomes, strict=True)}
