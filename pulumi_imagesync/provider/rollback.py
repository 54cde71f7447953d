"""Undo what a failed create or update started.

A failed create leaves no Pulumi state behind, so nothing it made could ever be destroyed later:
each step that makes something registers how to remove it, and when the operation fails the
steps are undone in reverse order within a time budget. What could not be undone (a copy still in
flight, a deletion the cloud refused) is named in the error and stays in the operation's record,
so that the next `pulumi up` takes it over.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import CleanupIncompleteError

log = logging.getLogger("pulumi_imagesync")

DEFAULT_BUDGET_SECONDS = 120.0


@dataclass
class Rollback:
    """Undo steps, registered as the work is done."""

    budget_seconds: float = DEFAULT_BUDGET_SECONDS
    _steps: list[tuple[str, Callable[[], None]]] = field(default_factory=list)

    def add(self, what: str, undo: Callable[[], None]) -> None:
        """Register how to remove `what` (e.g. "replication rule r1 on tcr-xxx")."""
        self._steps.append((what, undo))

    def forget(self, what: str) -> None:
        """Drop a step: the thing it would remove is no longer ours to remove."""
        self._steps = [(w, u) for w, u in self._steps if w != what]

    def run(self) -> list[str]:
        """Undo every step, newest first; return what could not be undone, with the reason."""
        started = time.monotonic()
        leftovers: list[str] = []
        for what, undo in reversed(self._steps):
            if time.monotonic() - started > self.budget_seconds:
                leftovers.append(f"{what} (clean-up time budget of {self.budget_seconds:g}s spent)")
                continue
            try:
                undo()
                log.info("cleaned up %s", what)
            except Exception as error:
                leftovers.append(f"{what} ({error})")
        self._steps.clear()
        return leftovers


@contextmanager
def rollback_on_failure(budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> Iterator[Rollback]:
    """Yield a `Rollback`; if the block raises, undo its steps and re-raise.

    The original error is re-raised as it was when the clean-up succeeded; otherwise a
    `CleanupIncompleteError` carrying it names the leftovers.
    """
    rollback = Rollback(budget_seconds)
    try:
        yield rollback
    except BaseException as error:
        leftovers = rollback.run()
        if leftovers:
            raise CleanupIncompleteError(error, leftovers) from error
        raise
