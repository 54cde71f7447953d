"""As many provider calls at once as the engine sends, up to a bound that protects the machine.

Pulumi's Python dynamic-provider server (`python -m pulumi.dynamic`; `main()` in
`pulumi/dynamic/__main__.py`, SDK 3.272) serves its gRPC calls on
`grpc.server(futures.ThreadPoolExecutor(max_workers=4))`: four calls at a time, whatever
`pulumi up --parallel` says (the engine's default is 4 per core). A create waiting for a long copy
holds one of the four, and every other resource's check, diff and read queues behind it. Nothing
in Pulumi makes that number configurable.

So the first time a provider is configured in the server process (`get_provider` loads it with
`dill.loads`, then calls `configure()` with the stack config), the server's executor is widened to
the bound: `imagesync:maxConcurrentCalls`, else `IMAGESYNC_MAX_CONCURRENT_CALLS`, else
`default_bound()`. The stack config only arrives then, while the calls the engine has already sent
wait in the executor's queue: they get threads of their own at once, not only as new calls come.

This reaches into other projects' internals — the server is a local of `main()` in the main
thread's frame; grpc keeps its executor in `_Server._state.thread_pool`; `ThreadPoolExecutor`
starts threads up to `_max_workers` — so each step is checked. When anything is not as expected
(another Pulumi, grpc or Python), the server keeps its four workers and one warning says why: a
deployment is slower, never broken.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import FrameType
from typing import Any

from .settings import MAX_CONCURRENT_CALLS_KEY, Settings

log = logging.getLogger("pulumi_imagesync")

MAX_CONCURRENT_CALLS_ENV = "IMAGESYNC_MAX_CONCURRENT_CALLS"
SERVER_WORKERS = 4
"""What `pulumi.dynamic` starts with, and so the least the provider can serve."""
MOST_CONCURRENT_CALLS = 1024
"""Above this a typo (an extra zero) would cost more threads than any deployment needs."""
_PROVIDER_SERVER = "pulumi.dynamic.__main__"


class Unsupported(Exception):
    """The server is not built as this module expects; it keeps its own workers."""


def default_bound(cpus: int | None = None) -> int:
    """64, or the engine's own default `--parallel` (4 per core) on machines of more than 16 cores."""
    cores = cpus if cpus is not None else os.cpu_count() or 1
    return max(64, 4 * cores)


@dataclass(frozen=True)
class Bound:
    """How many calls the server may run at once; `problem` says why a configured value was not used."""

    calls: int
    problem: str | None = None


def configured_bound(settings: Settings, cpus: int | None = None) -> Bound:
    """The bound from the stack config, else the environment, else `default_bound()`."""
    default = default_bound(cpus)
    source, raw = MAX_CONCURRENT_CALLS_KEY, settings.config.get(MAX_CONCURRENT_CALLS_KEY)
    if raw is None or str(raw).strip() == "":
        source, raw = MAX_CONCURRENT_CALLS_ENV, settings.environ.get(MAX_CONCURRENT_CALLS_ENV)
    if raw is None or str(raw).strip() == "":
        return Bound(default)
    try:
        value = float(str(raw).strip())
    except ValueError:
        value = float("nan")
    if not value.is_integer():
        return Bound(
            default, f"{source} = {raw!r} is not a whole number; serving up to {default} calls at once"
        )
    if value < SERVER_WORKERS:
        return Bound(
            SERVER_WORKERS,
            f"{source} = {raw!r} is below the {SERVER_WORKERS} calls Pulumi's server always runs; "
            f"serving up to {SERVER_WORKERS}",
        )
    if value > MOST_CONCURRENT_CALLS:
        return Bound(
            MOST_CONCURRENT_CALLS,
            f"{source} = {raw!r} is above {MOST_CONCURRENT_CALLS}; serving up to {MOST_CONCURRENT_CALLS}",
        )
    return Bound(int(value))


# -- finding and widening the server's executor ------------------------------------------------------


def in_provider_server() -> bool:
    """Whether this process is Pulumi's dynamic-provider server (not a program, not a test)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == _PROVIDER_SERVER


def main_thread_frames() -> Iterable[FrameType]:
    """The frames of the main thread, innermost first: `main()` of the server waits among them."""
    frame = sys._current_frames().get(threading.main_thread().ident or -1)
    while frame is not None:
        yield frame
        frame = frame.f_back


def find_server(frames: Iterable[FrameType]) -> Any:
    """The one `grpc.Server` that the frames' locals hold."""
    import grpc

    servers = {
        id(value): value
        for frame in frames
        for value in list(frame.f_locals.values())
        if isinstance(value, grpc.Server)
    }
    if len(servers) != 1:
        raise Unsupported(
            f"found {len(servers)} gRPC servers in the main thread, expected the one of {_PROVIDER_SERVER}"
        )
    return next(iter(servers.values()))


def executor_of(server: Any) -> ThreadPoolExecutor:
    """The executor grpc runs the server's calls on, if it is the kind this module can widen."""
    pool = getattr(getattr(server, "_state", None), "thread_pool", None)
    if not isinstance(pool, ThreadPoolExecutor):
        raise Unsupported(f"the gRPC server's executor is {type(pool).__name__}, not a ThreadPoolExecutor")
    missing = [
        name
        for name in (
            "_max_workers",
            "_adjust_thread_count",
            "_shutdown_lock",
            "_work_queue",
            "_shutdown",
            "_threads",
        )
        if not hasattr(pool, name)
    ]
    if missing or not isinstance(pool._max_workers, int):
        raise Unsupported(f"this Python's ThreadPoolExecutor has no {', '.join(missing) or '_max_workers'}")
    return pool


def widen(pool: ThreadPoolExecutor, workers: int) -> int:
    """Let `pool` run up to `workers` tasks at once; start threads now for the tasks already queued.

    `ThreadPoolExecutor` starts a thread only when a task is submitted, so the calls that queued
    while the first provider was loading would otherwise wait for later calls to come. Returns
    how many threads were started.
    """
    started = 0
    with pool._shutdown_lock:  # what `submit` holds around the same work
        if pool._shutdown:
            raise Unsupported("the server's executor is shut down")
        pool._max_workers = workers
        for _ in range(pool._work_queue.qsize()):
            before = len(pool._threads)
            pool._adjust_thread_count()
            started += len(pool._threads) - before
    return started


# -- once per process ------------------------------------------------------------------------------------


@dataclass
class _State:
    lock: threading.Lock
    applied: int | None = None
    gave_up: bool = False


_state = _State(threading.Lock())


def serve_concurrently(
    settings: Settings,
    *,
    in_server: Callable[[], bool] = in_provider_server,
    locate: Callable[[], ThreadPoolExecutor] = lambda: executor_of(find_server(main_thread_frames())),
) -> int | None:
    """Widen the provider server to the configured bound; the bound in force, or None when the server
    keeps Pulumi's own workers (not a provider server, or one this module cannot widen).

    Called by every `configure()`: the first call widens, later ones find it done. Never raises.
    """
    if not in_server():
        return None
    bound = configured_bound(settings)
    with _state.lock:
        if _state.gave_up or _state.applied == bound.calls:
            return _state.applied
        if bound.problem:
            log.warning("pulumi-imagesync: %s", bound.problem)
        try:
            started = widen(locate(), bound.calls)
        except Exception as why:  # any surprise in someone else's internals means: leave them alone
            _state.gave_up = True
            log.warning(
                "pulumi-imagesync: the provider server keeps running %d calls at a time (%s); "
                "long creates will wait for each other",
                SERVER_WORKERS,
                why,
            )
            return None
        _state.applied = bound.calls
        log.debug(
            "provider server: up to %d calls at once (%d started for queued calls)", bound.calls, started
        )
        return bound.calls
