"""What a service plugs into the emulator: its registration (`ServiceSpec`) and backend contract.

A service is a backend (state + behaviour, no HTTP) and a responses class (one method per API
action) spoken through its cloud's protocol. Adding one is adding its modules and one `ServiceSpec`
line in ``services.py``; nothing in the core changes. A backend that holds registries also
implements ``registry.hosts.RegistryHosting``: its registries then speak the OCI API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .accounts import Accounts
from .clock import Clock
from .faults import CopySettings
from .registry.hub import RegistryHub

if TYPE_CHECKING:
    from .protocols.base import CloudProtocol


@dataclass(frozen=True)
class ServiceContext:
    """What the world lends a backend."""

    clock: Clock
    accounts: Accounts
    default_account_id: str
    copies: Callable[[], CopySettings]  # the service's current copy settings (faults.copies)
    registries: RegistryHub  # blob bytes, registry logins and endpoints, shared by the registries


class ServiceBackend(Protocol):
    """The state of one service in one world. All methods run under the world's lock."""

    def advance(self, now: float) -> None:
        """Complete the asynchronous work due at ``now`` (emulated epoch seconds)."""

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        """Validate this service's part of a seed document; return what applies it.

        Raises `AdminError`; validating everything first keeps a bad seed from half-applying.
        """
        ...

    def snapshot(self) -> dict[str, Any]:
        """This service's part of ``GET /_emulator/state``: JSON, no secrets."""
        ...


@dataclass(frozen=True)
class ServiceSpec:
    """One line of the service registry."""

    cloud: str  # "tencentcloud", "huaweicloud", "alibabacloud", "oci"
    name: str  # unique across clouds: the key in seeds, state and faults.copies
    protocol: type[CloudProtocol] | None  # None: no cloud API (the plain OCI registries)
    backend: Callable[[ServiceContext], ServiceBackend]
    responses: type = object  # the protocol's responses base class, subclassed by the service
    api_version: str | None = None
    regions: frozenset[str] = frozenset()
    copy_fail_keys: frozenset[str] = frozenset()  # keys allowed in faults.copies.<name>.fail[]
