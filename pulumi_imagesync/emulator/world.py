"""The world: everything one emulator holds, behind one lock.

Accounts, the clock, the fault set, the call log, one backend per registered service and the
registry hub (blob bytes and registry logins, see ``registry.hub``). Work that takes time (copies,
rule executions) is completed lazily: `catch_up` runs every backend's ``advance(now)`` before each
request is handled and before each snapshot, so no thread ever changes state behind a caller's
back. The seed document's schema is in ``demo.py``. Registries get their endpoints from the
server (`attach_endpoints`): each one is given a port when it first exists.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from .accounts import Account, Accounts
from .backend import ServiceBackend, ServiceContext, ServiceSpec
from .calls import CallLog
from .clock import Clock
from .demo import WORLDS
from .docparse import expect_list
from .errors import AdminError
from .faults import FaultSet, RateTable
from .registry.hosts import RegistryHost, RegistryHosting
from .registry.hub import RegistryHub
from .registry.keys import RegistryKey
from .registry.listing import describe


class Endpoints(Protocol):
    """Where registries answer (the server's registry listeners)."""

    def endpoint(self, key: RegistryKey) -> str | None: ...

    def open(self, keys: Sequence[RegistryKey]) -> None: ...


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
        self.endpoints: Endpoints | None = None
        self.hub = RegistryHub(self.clock, self._endpoint)
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
            self.hub.close()
            self.hub = RegistryHub(self.clock, self._endpoint)
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
            self._open_endpoints()

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

    # --- registries ------------------------------------------------------------------------------

    def registry_host(self, key: RegistryKey) -> RegistryHost | None:
        hosting = self._hosting().get(key.cloud)
        return None if hosting is None else hosting.registry_host(key.id)

    def registry_hosts(self) -> list[RegistryHost]:
        with self.lock:
            hosts = [host for hosting in self._hosting().values() for host in hosting.registry_hosts()]
            return sorted(hosts, key=lambda host: host.key)

    def registries_json(self) -> list[dict[str, Any]]:
        with self.lock:
            self.catch_up()
            return [describe(host, self._endpoint(host.key)) for host in self.registry_hosts()]

    def attach_endpoints(self, endpoints: Endpoints | None) -> None:
        """The server's listeners (None: no server); every registry gets a port now and when it first exists."""
        with self.lock:
            self.endpoints = endpoints
            self._open_endpoints()

    def close(self) -> None:
        """Remove the blob files (the world is not used afterwards)."""
        with self.lock:
            self.hub.close()

    def _hosting(self) -> dict[str, RegistryHosting]:
        return {
            backend.registry_cloud: backend
            for backend in self.backends.values()
            if isinstance(backend, RegistryHosting)
        }

    def _open_endpoints(self) -> None:
        if self.endpoints is not None:
            self.endpoints.open([host.key for host in self.registry_hosts()])

    def _endpoint(self, key: RegistryKey) -> str | None:
        return None if self.endpoints is None else self.endpoints.endpoint(key)

    def _context(self, service: str) -> ServiceContext:
        return ServiceContext(
            clock=self.clock,
            accounts=self.accounts,
            default_account_id=self.default_account.account_id,
            copies=lambda: self.faults.copy_settings(service),
            registries=self.hub,
        )
