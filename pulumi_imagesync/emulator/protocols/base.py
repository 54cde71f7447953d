"""The contract between the core and a cloud protocol.

The core (``dispatch.py``) owns the order of things for every cloud: identify the call, apply
faults, authenticate, invoke, log. A protocol only knows its cloud's wire: how to recognise its
requests, verify signatures, read parameters, and render answers and errors.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..accounts import Account, Accounts
from ..calls import Call
from ..errors import CloudError
from ..wire import Request, Response

if TYPE_CHECKING:
    from ..backend import ServiceBackend, ServiceSpec

B = TypeVar("B")
M = TypeVar("M", bound=Callable[..., Any])
_DECLARATION = "_imagesync_api_action"


def declare(declaration: tuple[Any, ...]) -> Callable[[M], M]:
    """Mark a `ServiceResponses` method as an API action's handler; the protocol reads ``declaration``."""

    def mark(method: M) -> M:
        setattr(method, _DECLARATION, declaration)
        return method

    return mark


class ServiceResponses(Generic[B]):
    """Base of a service's responses: its backend, the call's region and account, one method per action."""

    def __init__(self, backend: B, region: str, account_id: str) -> None:
        self.backend = backend
        self.region = region
        self.account_id = account_id

    @classmethod
    def declared(cls) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """(attribute, declaration) of each method this very class marks with `declare`."""
        for attribute, member in vars(cls).items():
            declaration = getattr(member, _DECLARATION, None)
            if declaration is not None:
                yield attribute, declaration


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
