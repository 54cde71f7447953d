"""The provider server's width: the bound, and widening an executor that already has work queued.

The real server is covered by tests/provider/test_concurrent_calls.py and the end-to-end test;
here are the parts that need no server: reading the bound, widening a `ThreadPoolExecutor`, and
falling back, with one warning, when the server is not what this code expects.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from pulumi_imagesync.provider import concurrency
from pulumi_imagesync.provider.concurrency import (
    MAX_CONCURRENT_CALLS_ENV,
    MOST_CONCURRENT_CALLS,
    SERVER_WORKERS,
    Unsupported,
    configured_bound,
    default_bound,
    executor_of,
    find_server,
    serve_concurrently,
    widen,
)
from pulumi_imagesync.provider.settings import MAX_CONCURRENT_CALLS_KEY, Settings


def settings(config: Any = None, env: str | None = None) -> Settings:
    return Settings(
        {} if config is None else {MAX_CONCURRENT_CALLS_KEY: config},
        {} if env is None else {MAX_CONCURRENT_CALLS_ENV: env},
    )


def test_the_default_serves_what_the_engine_sends_by_default() -> None:
    assert default_bound(2) == 64
    assert default_bound(32) == 128  # the engine's own default, 4 per core
    assert configured_bound(settings(), cpus=2).calls == 64


def test_the_stack_config_wins_over_the_environment() -> None:
    assert configured_bound(settings("96", env="16")).calls == 96
    assert configured_bound(settings(None, env="16")).calls == 16
    assert configured_bound(settings(48.0)).calls == 48  # numbers may arrive as floats


@pytest.mark.parametrize(
    ("config", "calls", "says"),
    [
        ("lots", 64, "is not a whole number"),
        ("12.5", 64, "is not a whole number"),
        ("2", SERVER_WORKERS, "below the 4 calls"),
        ("100000", MOST_CONCURRENT_CALLS, "above 1024"),
    ],
)
def test_a_bad_bound_is_said_and_replaced(config: str, calls: int, says: str) -> None:
    bound = configured_bound(settings(config), cpus=2)
    assert bound.calls == calls
    assert bound.problem is not None and says in bound.problem and MAX_CONCURRENT_CALLS_KEY in bound.problem


def test_widening_starts_threads_for_tasks_already_queued() -> None:
    """Ten tasks that can only finish together: a pool of four holds six in its queue until widened."""
    together = threading.Barrier(10, timeout=60)
    pool = ThreadPoolExecutor(max_workers=4)
    try:
        futures = [pool.submit(together.wait) for _ in range(10)]
        started = widen(pool, 16)
        assert started == 6
        assert sorted(f.result(timeout=60) for f in futures) == list(range(10))
        assert pool._max_workers == 16
    finally:
        pool.shutdown()


def test_the_server_is_found_in_the_frames_locals() -> None:
    import grpc

    server = grpc.server(ThreadPoolExecutor(max_workers=4))

    class Frame:
        def __init__(self, **f_locals: Any) -> None:
            self.f_locals = f_locals

    assert find_server([Frame(x=1), Frame(server=server)]) is server  # type: ignore[list-item]
    assert executor_of(server) is server._state.thread_pool  # type: ignore[attr-defined]
    with pytest.raises(Unsupported, match="found 0 gRPC servers"):
        find_server([Frame(x=1)])  # type: ignore[list-item]
    with pytest.raises(Unsupported, match="not a ThreadPoolExecutor"):
        executor_of(object())


def test_outside_the_provider_server_nothing_is_touched() -> None:
    def locate() -> ThreadPoolExecutor:
        raise AssertionError("must not look for a server")

    assert serve_concurrently(settings("8"), in_server=lambda: False, locate=locate) is None


def test_a_server_that_cannot_be_widened_keeps_its_workers_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(concurrency, "_state", concurrency._State(threading.Lock()))
    attempts: list[int] = []

    def locate() -> ThreadPoolExecutor:
        attempts.append(1)
        raise Unsupported("no gRPC server here")

    with caplog.at_level(logging.WARNING, logger="pulumi_imagesync"):
        for _ in range(3):  # every provider class's configure()
            assert serve_concurrently(settings("8"), in_server=lambda: True, locate=locate) is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "keeps running 4 calls at a time (no gRPC server here)" in warnings[0]
    assert attempts == [1]


def test_any_surprise_inside_the_executor_falls_back_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrency, "_state", concurrency._State(threading.Lock()))

    class Strange(ThreadPoolExecutor):
        changed = False

        def _adjust_thread_count(self) -> None:
            if self.changed:
                raise RuntimeError("changed in a later Python")
            super()._adjust_thread_count()  # type: ignore[misc]

    pool = Strange(max_workers=4)
    done = threading.Event()
    try:
        for _ in range(6):
            pool.submit(done.wait, 60)
        pool.changed = True
        assert serve_concurrently(settings("8"), in_server=lambda: True, locate=lambda: pool) is None
    finally:
        done.set()
        pool.shutdown()


def test_the_first_configure_widens_and_the_others_find_it_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrency, "_state", concurrency._State(threading.Lock()))
    pool = ThreadPoolExecutor(max_workers=4)
    located: list[int] = []

    def locate() -> ThreadPoolExecutor:
        located.append(1)
        return pool

    try:
        for _ in range(5):
            assert serve_concurrently(settings("24"), in_server=lambda: True, locate=locate) == 24
        assert located == [1] and pool._max_workers == 24
    finally:
        pool.shutdown()
