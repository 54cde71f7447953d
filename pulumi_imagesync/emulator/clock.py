"""The emulated clock: real time, sped up by a time scale, that tests can also push forward.

``now()`` = base + real seconds elapsed since the base was taken x time_scale. Changing the scale
re-bases, so emulated time never jumps backwards. Copies that take minutes on a real cloud take
``seconds / time_scale`` here, and `advance` skips ahead without waiting at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Clock:
    """Emulated epoch seconds; thread-safe."""

    def __init__(
        self,
        time_scale: float = 1.0,
        *,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wall = wall
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._base = wall()
        self._base_real = monotonic()
        self._scale = _checked_scale(time_scale)

    @property
    def time_scale(self) -> float:
        return self._scale

    def now(self) -> float:
        with self._lock:
            return self._now()

    def set_time_scale(self, time_scale: float) -> None:
        scale = _checked_scale(time_scale)
        with self._lock:
            self._rebase(self._now())
            self._scale = scale

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._rebase(self._now() + seconds)

    def reset(self, time_scale: float) -> None:
        """Back to wall time, at the given scale (a fresh world)."""
        scale = _checked_scale(time_scale)
        with self._lock:
            self._rebase(self._wall())
            self._scale = scale

    def _now(self) -> float:
        return self._base + (self._monotonic() - self._base_real) * self._scale

    def _rebase(self, emulated: float) -> None:
        self._base = emulated
        self._base_real = self._monotonic()


def _checked_scale(time_scale: float) -> float:
    if not time_scale > 0:
        raise ValueError(f"time_scale must be > 0, got {time_scale!r}")
    return float(time_scale)
