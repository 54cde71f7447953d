"""Retries with exponential back-off and jitter (pacing to the rate limits is in `pacing`).

Every cloud call of every resource goes through `call_with_retry`. It retries what the cloud
adapters mark as retryable (throttling, 5xx, connection failures) within a bound on attempts and on
total time. A call that may already have taken effect (a timeout, a dropped connection) is repeated
only after `already_applied()` says it did not: that is what makes creates safe to repeat.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .engine_log import status
from .errors import CloudError
from .waiting import Deadline

T = TypeVar("T")
log = logging.getLogger("pulumi_imagesync")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to retry one call."""

    max_attempts: int = 10
    base_delay: float = 0.5
    max_delay: float = 20.0
    total_seconds: float = 300.0

    def delay(self, attempt: int, error: CloudError) -> float:
        """Full jitter (AWS architecture blog) on an exponential ceiling; honour a server's Retry-After."""
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        delay = random.uniform(ceiling / 2, ceiling)
        if error.retry_after:
            delay = max(delay, error.retry_after)
        return delay


DEFAULT_POLICY = RetryPolicy()


def call_with_retry(
    call: Callable[[], T],
    *,
    policy: RetryPolicy = DEFAULT_POLICY,
    deadline: Deadline | None = None,
    already_applied: Callable[[], T | None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `call`, retrying retryable cloud errors.

    ``already_applied`` is for calls that are not idempotent (a create): after a failure that may
    have reached the cloud, it is asked first and, when it returns a value, that value is the
    result (the object exists; creating it again would fail or duplicate it).
    """
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            return call()
        except CloudError as error:
            attempt += 1
            if error.maybe_applied and already_applied is not None:
                found = already_applied()
                if found is not None:
                    log.info(
                        "%s %s took effect despite %s; not repeating it",
                        error.service,
                        error.action,
                        error.code,
                    )
                    return found
            if not error.retryable or attempt >= policy.max_attempts:
                raise
            delay = policy.delay(attempt - 1, error)
            spent = time.monotonic() - started
            if spent + delay > policy.total_seconds:
                raise
            if deadline is not None and deadline.remaining() < delay:
                raise
            status(  # seen while it lasts, on the resource: a retry that works is no news afterwards
                "%s %s: %s; retry %d/%d in %.1fs",
                error.service,
                error.action,
                error.code,
                attempt,
                policy.max_attempts - 1,
                delay,
            )
            sleep(delay)
