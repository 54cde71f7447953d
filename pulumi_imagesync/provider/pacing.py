"""Every cloud call waits for its turn, so that many resources at once stay inside the rate limits.

A stack of many copies sends many calls at once (the provider server runs as many as the engine
sends). Each call first takes a turn from the pace of its limit, which counts the calls of one
account to one API action in one region — how the clouds count (Tencent: API + access region +
sub-account, https://cloud.tencent.com/document/product/1278/109059; Huawei's API gateway: API +
user, https://support.huaweicloud.com/intl/en-us/api-oce/fci_00002.html). Paces live in the
provider process and are shared by all its resources and threads. The account is known by a
digest of its access key id, so that no pace's name can bring the key into a log.

- **Documented limits** are paced at 95% of the rate: the cloud may be counting calls sent
  before this process started, and calls paced apart may still arrive closer together.
- **Undocumented limits** (Huawei SWR, Alibaba ACR: their API references give none) are paced at
  95% of a conservative `UNDOCUMENTED_PACE`.
- Either way, a throttled answer halves the pace (once per round of calls sent at that pace, so
  thirty-two throttled answers in flight count once), and the pace recovers in a straight line
  to its ceiling over `RECOVERY_SECONDS` at most: slow down at once, speed up slowly, never above
  the documented or default rate. The throttled call itself is retried by `retry.call_with_retry`.

Calls are spaced evenly, never in bursts: Tencent counts "the first 20 requests of each second"
by their arrival (https://cloud.tencent.com/document/product/1278/109059), a window that a burst
followed by the steady pace would overfill, and evenly spaced calls also leave a token-bucket
server its whole bucket for calls that arrive bunched. Each caller reserves the next free instant
under a lock and sleeps until then, so waiting callers neither spin nor wake in a herd, and they
go in the order they came.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import CloudError

log = logging.getLogger("pulumi_imagesync")

SAFETY = 0.95
UNDOCUMENTED_PACE = 10.0
"""Calls per second taken for a limit nobody documents (paced, like a documented one, at 95% of
it): Tencent documents 10-20 for its write actions and 20 as the usual default (https://cloud.tencent.com/document/product/1278/109059); Huawei's
gateway, where a service documents a quota, shows 10/1(s) (https://support.huaweicloud.com/intl/en-us/api-oce/fci_00002.html)."""
SLOWDOWN = 0.5
FLOOR = 0.5
"""Calls per second a pace never goes below: one call every two seconds still makes progress."""
RECOVERY_SECONDS = 30.0


@dataclass(frozen=True)
class Limits:
    """A cloud's documented rate limits: calls per second per (service, action)."""

    documented: Mapping[tuple[str, str], float]

    def ceiling(self, service: str, action: str) -> float:
        """The fastest an action is ever paced."""
        return self.documented.get((service, action), UNDOCUMENTED_PACE) * SAFETY


@dataclass(frozen=True)
class PaceKey:
    """What a limit counts: one account's calls to one action of one service, in one region
    (or, for Tencent, through one access point)."""

    cloud: str
    account: str
    scope: str
    service: str
    action: str


def account_digest(access_key_id: str) -> str:
    """How a pace knows an account: never the key itself."""
    return hashlib.sha256(access_key_id.encode()).hexdigest()[:16]


class Pace:
    """The schedule of one limit. Not thread-safe on its own: `Pacer` holds its lock around it."""

    def __init__(self, ceiling: float, now: float) -> None:
        self.ceiling = ceiling
        self.floor = min(FLOOR, ceiling)
        self._slowed_to: float | None = None
        self._slowed_at = now
        self._next = now  # when the next call may be sent
        self.epoch = 0

    def rate(self, now: float) -> float:
        """Calls per second now: the ceiling, or on its way back to it after a throttled answer."""
        if self._slowed_to is None:
            return self.ceiling
        recovered = self._slowed_to + self.ceiling / RECOVERY_SECONDS * max(0.0, now - self._slowed_at)
        if recovered >= self.ceiling:
            self._slowed_to = None
            return self.ceiling
        return recovered

    def reserve(self, now: float) -> tuple[float, int]:
        """The instant the next call may be sent, and the epoch it is sent in."""
        send_at = max(now, self._next)
        self._next = send_at + 1.0 / self.rate(now)
        return send_at, self.epoch

    def throttled(self, epoch: int, now: float) -> bool:
        """A call sent in `epoch` was throttled; True when that slowed the pace down."""
        if epoch != self.epoch:
            return False  # sent at the pace before the last slow-down: already counted
        self.epoch += 1
        self._slowed_to = max(self.floor, self.rate(now) * SLOWDOWN)
        self._slowed_at = now
        self._next = max(self._next, now + 1.0 / self._slowed_to)
        return True


class Pacer:
    """All the paces of the provider process; thread-safe."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._paces: dict[PaceKey, Pace] = {}
        self._lock = threading.Lock()

    @contextmanager
    def turn(self, key: PaceKey, ceiling: float) -> Iterator[None]:
        """Wait for the call's turn; a `CloudError` it raises that says throttled slows the pace down."""
        with self._lock:
            pace = self._paces.get(key)
            if pace is None:
                pace = self._paces[key] = Pace(ceiling, self._clock())
            send_at, epoch = pace.reserve(self._clock())
        delay = send_at - self._clock()
        if delay > 0:
            self._sleep(delay)
        try:
            yield
        except CloudError as error:
            if error.throttled:
                with self._lock:
                    now = self._clock()
                    slowed = pace.throttled(epoch, now)
                    rate = pace.rate(now)
                if slowed:
                    log.info(
                        "%s %s %s in %s throttled: pacing it at %.1f calls/s",
                        key.cloud,
                        key.service,
                        key.action,
                        key.scope,
                        rate,
                    )
            raise

    def rate(self, key: PaceKey) -> float | None:
        """The pace of a limit now (None before its first call): for tests and benchmarks."""
        with self._lock:
            pace = self._paces.get(key)
            return None if pace is None else pace.rate(self._clock())


PACER = Pacer()
"""The paces of this process: one per limit, shared by every resource."""
