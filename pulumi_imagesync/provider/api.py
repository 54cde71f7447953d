"""The one way resources call a cloud API: paced, translated, retried.

A cloud adapter (one per cloud, in its subpackage) says how to invoke an action with its SDK and
how to read the SDK's exceptions; everything else — pacing to the clouds' rate limits (`pacing`),
retrying what is safe to retry, bounding the time — is here, the same for every resource.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from .errors import CloudError
from .pacing import PACER, Limits, PaceKey, account_digest
from .retry import DEFAULT_POLICY, RetryPolicy, call_with_retry
from .settings import REQUEST_TIMEOUT_KEY, Settings
from .waiting import Deadline

if TYPE_CHECKING:
    from .base import Operation

T = TypeVar("T")

DEFAULT_REQUEST_TIMEOUT_SECONDS = 30.0


def request_timeout(settings: Settings) -> float:
    """Seconds one HTTP request may take (stack config `imagesync:requestTimeoutSeconds`)."""
    value = settings.config.get(REQUEST_TIMEOUT_KEY)
    return float(value) if value not in (None, "") else DEFAULT_REQUEST_TIMEOUT_SECONDS


class CloudApi(ABC):
    """Calls one service of one cloud in one region, for one resource operation."""

    cloud: ClassVar[str]
    credentials_of: ClassVar[str]
    """Key of the cloud in `settings.CLOUDS`: whose credentials the calls are signed with."""
    limits: ClassVar[Limits] = Limits({})

    def __init__(
        self,
        settings: Settings,
        service: str,
        region: str,
        *,
        profile: str | None = None,
        deadline: Deadline | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        self.settings = settings
        self.service = service
        self.region = region
        self.profile = profile
        self.deadline = deadline
        self.policy = policy

    @classmethod
    def for_operation(
        cls, op: Operation, service: str, region: str, *, profile: str | None, cleanup: bool = False
    ) -> Self:
        """The client for one operation of a resource: its settings and deadline, a region, a credential set.

        Clean-up (``cleanup=True``) runs after the operation's deadline may have passed: its own
        budget bounds it instead.
        """
        return cls(op.settings, service, region, profile=profile, deadline=None if cleanup else op.deadline)

    def call(
        self, action: str, request: Any, *, already_applied: Callable[[], T | None] | None = None
    ) -> Any:
        """Invoke `action`; return the SDK's answer as plain data.

        ``already_applied`` makes a non-idempotent call (a create) safe to repeat: see
        `call_with_retry`.
        """

        def once() -> Any:
            with PACER.turn(self.pace_key(action), self.limits.ceiling(self.service, action)):
                try:
                    return self._invoke(action, request)
                except CloudError:
                    raise
                except Exception as error:
                    translated = self._translate(action, error)
                    if translated is None:
                        raise
                    if translated.refused:
                        translated = self._unreachable(translated)
                    raise translated from error

        return call_with_retry(
            once, policy=self.policy, deadline=self.deadline, already_applied=already_applied
        )

    def _unreachable(self, error: CloudError) -> CloudError:
        """A refused connection to an endpoint the stack configured fails at once, naming it:
        nothing listens there (an emulator not started, a wrong private endpoint), and retrying
        for a minute cannot change that. The clouds' own endpoints keep their retries."""
        endpoint = self.settings.endpoint(self.service, self.region)
        if endpoint is None:
            return error
        source = (
            "imagesync:emulator / IMAGESYNC_EMULATOR" if self.settings.emulator_url else "imagesync:endpoints"
        )
        unreachable = CloudError(
            error.cloud,
            error.service,
            error.action,
            "ConnectionRefused",
            f"nothing accepts connections at {endpoint} ({self.service} in {self.region}, from {source})",
            refused=True,
        )
        unreachable.advice = f"start what should answer at {endpoint}, or correct {source.split(' / ')[0]}"
        return unreachable

    def pace_key(self, action: str) -> PaceKey:
        """The limit a call counts against: this account's calls to `action` in `pace_scope()`."""
        keys = self.settings.credentials(self.credentials_of, self.profile)
        return PaceKey(
            self.cloud, account_digest(keys.access_key_id), self.pace_scope(), self.service, action
        )

    def pace_scope(self) -> str:
        """Where the cloud counts calls: by default the region (each region has its own endpoint)."""
        return self.region

    @abstractmethod
    def _invoke(self, action: str, request: Any) -> Any:
        """Call the SDK once."""

    @abstractmethod
    def _translate(self, action: str, error: Exception) -> CloudError | None:
        """A `CloudError` for an SDK exception, or None for a programming error."""
