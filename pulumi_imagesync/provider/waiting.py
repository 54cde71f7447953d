"""Waiting for the cloud to finish work: deadlines, back-off polling and parallel waits.

Dynamic providers receive no timeout from the engine (`customTimeouts` does not reach them), so
each resource carries `timeout_seconds` and every wait runs against a `Deadline` made from it.
Polls start fast, so short copies are noticed at once, and slow down geometrically, so a copy of
ten minutes costs tens of calls rather than hundreds.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from .engine_log import status
from .errors import OperationFailedError, WaitTimeoutError

T = TypeVar("T")
K = TypeVar("K")


class Deadline:
    """A point in time that an operation must finish by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0


@dataclass(frozen=True)
class Backoff:
    """Poll intervals: `initial`, growing by `factor`, capped at `maximum` seconds."""

    initial: float = 0.25
    factor: float = 1.5
    maximum: float = 20.0

    def intervals(self) -> Callable[[], float]:
        current = [self.initial]

        def next_interval() -> float:
            value = current[0]
            current[0] = min(self.maximum, value * self.factor)
            return value

        return next_interval


DEFAULT_BACKOFF = Backoff()


def wait_for(
    poll: Callable[[], T],
    *,
    done: Callable[[T], bool],
    deadline: Deadline,
    what: str,
    failed: Callable[[T], str | None] | None = None,
    describe: Callable[[T], str] = repr,
    progress: Callable[[T], float | None] | None = None,
    backoff: Backoff = DEFAULT_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Poll until `done(state)`; raise when `failed(state)` gives a reason or the deadline passes.

    `poll` makes its own cloud call (with its own retries); `what` names the thing waited for in
    error messages ("copy of img-1 in ap-shanghai"). Where the cloud reports how far the work is
    (`progress`: the fraction done), the next poll is timed for when it should end (at most three
    times the back-off's maximum away): fewer calls, and the end noticed soon after it happens.
    """
    next_interval = backoff.intervals()
    estimate = _Estimate(clock())
    while True:
        state = poll()
        if done(state):
            return state
        status("waiting for %s: %s", what, describe(state))
        if failed is not None:
            reason = failed(state)
            if reason:
                raise OperationFailedError(f"{what} failed: {reason}")
        remaining = deadline.remaining()
        if remaining <= 0:
            raise WaitTimeoutError(
                f"timed out after {deadline.seconds:g}s waiting for {what} (last seen: {describe(state)})"
            )
        interval = next_interval()
        eta = estimate.remaining(progress(state), clock()) if progress is not None else None
        if eta is not None:
            # With an estimate, a longer sleep is safe: up to three times the blind maximum.
            interval = min(backoff.maximum * 3, max(backoff.initial, eta * 1.02))
        sleep(min(interval, remaining))


class _Estimate:
    """When work reporting its progress should end, from the rate at which that progress grows.

    Clouds report whole percents: below a tenth done, the rounding alone can throw an estimate
    off by half, so the back-off decides until then.
    """

    TRUSTED_FROM = 0.1

    def __init__(self, started: float) -> None:
        self.last = (started, 0.0)

    def remaining(self, fraction: float | None, now: float) -> float | None:
        if fraction is None or not self.TRUSTED_FROM <= fraction < 1:
            return None
        then, before = self.last
        self.last = (now, fraction)
        if fraction <= before or now <= then:
            return None
        return (1 - fraction) * (now - then) / (fraction - before)


def wait_for_found(
    find: Callable[[], T | None],
    *,
    deadline: Deadline,
    what: str,
    accept: Callable[[T], bool] = lambda _: True,
    backoff: Backoff = DEFAULT_BACKOFF,
) -> T:
    """Poll `find` until it returns something `accept`able (an object visible, a copy arrived)."""
    found = wait_for(
        find,
        done=lambda item: item is not None and accept(item),
        deadline=deadline,
        what=what,
        describe=lambda item: "not there yet" if item is None else "not in the expected state yet",
        backoff=backoff,
    )
    assert found is not None
    return found


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of one of several parallel tasks: a value or the error it raised."""

    value: T | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_parallel(tasks: Mapping[K, Callable[[], T]], max_workers: int = 16) -> dict[K, Outcome[T]]:
    """Run tasks at once (waits in several regions) and collect each one's outcome.

    Every task runs to its end even when another fails, so a caller can clean up exactly what
    was made.
    """
    if not tasks:
        return {}
    if len(tasks) == 1:
        ((key, task),) = tasks.items()
        return {key: _outcome(task)}
    with ThreadPoolExecutor(
        max_workers=min(max_workers, len(tasks)), thread_name_prefix="imagesync-wait"
    ) as pool:
        # Each task runs in the caller's context: its messages are about the caller's resource.
        futures = {
            key: pool.submit(contextvars.copy_context().run, _outcome, task) for key, task in tasks.items()
        }
        return {key: future.result() for key, future in futures.items()}


def _outcome(task: Callable[[], T]) -> Outcome[T]:
    try:
        return Outcome(value=task())
    except Exception as error:
        return Outcome(error=error)
