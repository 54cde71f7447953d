"""Copies that go on after their create returned (`wait=False`), in the provider process.

A registry copy is made by the provider itself, not by a cloud that goes on working while nobody
waits: so `wait=False` lets the copy run on in a thread of the provider process while the engine
works through the rest of the `pulumi up`, and the create returns at once (`copy_state`
`COPYING`). The copy lives as long as the provider process: when the `up` ends first, the
engine stops the provider and the copy with it; the next `up` sees a copy that never finished
and copies again (what had arrived is not sent twice). A read in the same process reports a copy
under way as `COPYING`; a destroy stops it first.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ..provider.waiting import Deadline

log = logging.getLogger("pulumi_imagesync")

STOP_SECONDS = 60.0
"""How long a destroy waits for a copy it stopped (requests in flight end within their timeout)."""


class StoppableDeadline(Deadline):
    """A deadline that ends early when the copy is stopped: every wait and transfer checks it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.stopped = threading.Event()

    def remaining(self) -> float:
        return 0.0 if self.stopped.is_set() else super().remaining()


@dataclass
class Copy:
    thread: threading.Thread
    deadline: StoppableDeadline
    errors: list[BaseException] = field(default_factory=list)


_copies: dict[str, Copy] = {}
_lock = threading.Lock()


def start(key: str, what: str, deadline: StoppableDeadline, work: Callable[[], object]) -> None:
    """Run `work` in a thread of its own, as `key`'s copy (messages stay on the resource)."""

    def run() -> None:
        try:
            work()
        except BaseException as error:  # reported on the resource; the next `up` copies again
            copy.errors.append(error)
            log.warning(
                "the copy to %s (wait=False) failed: %s; the next `pulumi up` copies again", what, error
            )

    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(run,), name=f"imagesync-copy {what}", daemon=True)
    copy = Copy(thread, deadline)
    with _lock:
        _copies[key] = copy
    thread.start()


def running(key: str) -> bool:
    with _lock:
        copy = _copies.get(key)
    return copy is not None and copy.thread.is_alive()


def stop(key: str) -> None:
    """Stop `key`'s copy, if one runs, and wait for it to end."""
    with _lock:
        copy = _copies.pop(key, None)
    if copy is None or not copy.thread.is_alive():
        return
    copy.deadline.stopped.set()
    copy.thread.join(STOP_SECONDS)
