"""The world: everything one emulator holds, behind one lock.

Accounts, the clock, the fault set, the call log and one backend per registered service. Work that
takes time (copies, rule executions) is completed lazily: `catch_up` runs every backend's
``advance(now)`` before each request is handled and before each snapshot, so no thread ever
changes state behind a caller's back. The seed document's schema is in ``demo.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from .accounts import Account, Accounts
from .backend import ServiceBackend, ServiceContext, ServiceSpec
from .calls import CallLog
from .clock import Clock
from .demo import WORLDS
from .docparse import expect_list
from .errors import AdminError
from .faults import FaultSet, RateTable


class World:
    def __init__(
        self,
        services: Sequence[ServiceSpec],
        *,
        default_account: Account,
        time_scale: float = 1.0,
        world: str = "empty",
        rate_limits: RateTable | None = None,
    ) -> None:
        names = [spec.name for spec in services]
        if len(set(names)) != len(names):
            raise ValueError(f"service names must be unique: {names}")
        self.lock = threading.RLock()
        # Bumped by every reset: calls still in flight from before it are cut off from the new world.
        self.generation = 0
        self.services = tuple(services)
        self.default_account = default_account
        self.start_world = world
        self.start_time_scale = time_scale
        self.rate_limits: RateTable = rate_limits or {}
        self.clock = Clock(time_scale)
        self.calls = CallLog()
        self.accounts = Accounts([default_account])
        self.faults = FaultSet()
        self.backends: dict[str, ServiceBackend] = {}
        self.reset(world)

    def reset(self, world: str | None = None) -> None:
        """A fresh world: named fixtures, no faults, empty call log, the start time scale."""
        name = world or self.start_world
        if name not in WORLDS:
            raise AdminError(f"unknown world {name!r} (known: {sorted(WORLDS)})")
        with self.lock:
            self.generation += 1
            self.clock.reset(self.start_time_scale)
            self.accounts = Accounts([self.default_account])
            self.faults = FaultSet()
            self.calls.clear()
            self.backends = {spec.name: spec.backend(self._context(spec.name)) for spec in self.services}
            self.seed(WORLDS[name])

    def seed(self, doc: Any) -> None:
        """Merge a fixture document into the world (all or nothing)."""
        if not isinstance(doc, Mapping):
            raise AdminError("the seed document must be an object")
        unknown = set(doc) - {"accounts", *self.backends}
        if unknown:
            raise AdminError(f"unknown keys {sorted(unknown)} (known: accounts, {', '.join(self.backends)})")
        accounts = [
            Account.from_seed(entry, f"accounts[{i}]")
            for i, entry in enumerate(expect_list(doc, "accounts", "seed"))
        ]
        with self.lock:
            self.catch_up()
            plans = [self.backends[name].plan_seed(part) for name, part in doc.items() if name != "accounts"]
            for account in accounts:
                self.accounts.add(account)
            for apply in plans:
                apply()
            self.catch_up()

    def set_faults(self, doc: Any) -> None:
        fault_set = FaultSet.parse(
            doc, self.rate_limits, {spec.name: spec.copy_fail_keys for spec in self.services}
        )
        with self.lock:
            self.faults = fault_set
            if fault_set.time_scale is not None:
                self.set_time_scale(fault_set.time_scale)

    def faults_json(self) -> dict[str, Any]:
        with self.lock:
            return self.faults.to_json()

    def calls_json(self, since: int = 0) -> dict[str, Any]:
        with self.lock:
            return {"calls": [record.to_json() for record in self.calls.since(since)]}

    def set_time_scale(self, time_scale: Any) -> None:
        if isinstance(time_scale, bool) or not isinstance(time_scale, int | float) or time_scale <= 0:
            raise AdminError(f"time_scale must be a number > 0, got {time_scale!r}")
        with self.lock:
            self.clock.set_time_scale(float(time_scale))

    def advance_clock(self, seconds: float) -> None:
        with self.lock:
            self.clock.advance(seconds)
            self.catch_up()

    def catch_up(self) -> None:
        """Complete every backend's work that is due by now."""
        with self.lock:
            now = self.clock.now()
            for backend in self.backends.values():
                backend.advance(now)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            self.catch_up()
            state: dict[str, Any] = {
                "emulated_time": self.clock.now(),
                "time_scale": self.clock.time_scale,
                "accounts": self.accounts.to_json(),
            }
            for name, backend in self.backends.items():
                state[name] = backend.snapshot()
            return state

    def _context(self, service: str) -> ServiceContext:
        return ServiceContext(
            clock=self.clock,
            accounts=self.accounts,
            default_account_id=self.default_account.account_id,
            copies=lambda: self.faults.copy_settings(service),
        )
