"""The contract between the core and a cloud protocol.

The core (``dispatch.py``) owns the order of things for every cloud: identify the call, apply
faults, authenticate, invoke, log. A protocol only knows its cloud's wire: how to recognise its
requests, verify signatures, read parameters, and render answers and errors.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..accounts import Account, Accounts
from ..calls import Call
from ..errors import CloudError
from ..wire import Request, Response

if TYPE_CHECKING:
    from ..backend import ServiceBackend, ServiceSpec


class CloudProtocol(ABC):
    cloud: ClassVar[str]

    def __init__(self, services: Sequence[ServiceSpec]) -> None:
        self.services: dict[str, ServiceSpec] = {spec.name: spec for spec in services}

    @abstractmethod
    def matches(self, request: Request) -> bool:
        """Whether this request is in this cloud's protocol (cheap; no verification)."""

    @abstractmethod
    def identify(self, request: Request) -> Call:
        """Service, action and region as the request states them (best effort; never raises)."""

    @abstractmethod
    def authenticate(self, request: Request, call: Call, accounts: Accounts) -> Account:
        """Verify the signature; the account the call acts for. Raises `CloudError`."""

    @abstractmethod
    def invoke(self, request: Request, call: Call, backends: Mapping[str, ServiceBackend]) -> Any:
        """Validate parameters and run the action; its payload. Raises `CloudError`."""

    @abstractmethod
    def render(self, call: Call, payload: Any) -> Response:
        """The success answer."""

    @abstractmethod
    def render_error(self, call: Call, error: CloudError) -> Response:
        """The cloud's error answer (envelope and status)."""

    @abstractmethod
    def throttled(self, call: Call) -> CloudError:
        """The cloud's own throttling error."""
