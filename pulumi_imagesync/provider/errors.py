"""The errors every resource raises.

Each renders as one self-contained line (for a cloud error: the cloud, the API action, the error
code, the message and the request id), with what to do (`advice`) after a "; ". `failures.render`
lays them out for the user: what failed, why, what to do.
"""

from __future__ import annotations

from collections.abc import Sequence


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class ImageSyncError(Exception):
    """Base class of the errors raised by pulumi-imagesync (expected failures, not bugs).

    `advice`: what the user can do about it, in terms of the resource's arguments or the stack's
    configuration; it may be set after the error was made (the provider base knows arguments the
    code that raised does not).
    """

    advice: str | None = None

    def __init__(self, *args: object, advice: str | None = None) -> None:
        super().__init__(*args)
        if advice is not None:
            self.advice = advice

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text}; {self.advice}" if self.advice else text


class ConfigurationError(ImageSyncError):
    """The stack configuration or the environment lacks a setting (credentials, region, ...)."""


class InputError(ImageSyncError):
    """A resource argument is invalid; raised where `check()` could not know it (e.g. at create)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class CloudError(ImageSyncError):
    """An API call failed; carries what the cloud said.

    ``retryable`` marks throttling, 5xx and connection failures. ``maybe_applied`` marks failures
    after which the cloud may still have performed the action (a timeout, a dropped connection, a
    5xx): a non-idempotent call is only repeated after looking up whether it took effect.
    ``throttled`` marks the cloud's answer that the rate limit was hit: the pace slows down.
    ``refused`` marks a connection that nothing accepted: the request never left this machine.
    """

    def __init__(
        self,
        cloud: str,
        service: str,
        action: str,
        code: str,
        message: str,
        request_id: str | None = None,
        *,
        retryable: bool = False,
        maybe_applied: bool = False,
        not_found: bool = False,
        http_status: int | None = None,
        retry_after: float | None = None,
        throttled: bool = False,
        refused: bool = False,
    ) -> None:
        self.cloud = cloud
        self.service = service
        self.action = action
        self.code = code
        self.message = _one_line(message)
        self.request_id = request_id
        self.retryable = retryable
        self.maybe_applied = maybe_applied
        self.not_found = not_found
        self.http_status = http_status
        self.retry_after = retry_after
        self.throttled = throttled
        self.refused = refused
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            f"{self.cloud} {self.service} {self.action} failed: {self.code}: {self.message} "
            f"(request id: {self.request_id or 'none'})"
        )


class AlreadyExistsError(ImageSyncError):
    """The object a create would make already exists and `adopt` is not set."""


class OperationFailedError(ImageSyncError):
    """The cloud accepted the work but reports that it failed (a copy in a failed state)."""


class WaitTimeoutError(ImageSyncError):
    """The cloud did not report the work done before `timeout_seconds` ran out.

    Its `advice` names the arguments the resource has (only the resource knows whether it takes
    `wait`): the provider base sets it.
    """


class InFlightError(ImageSyncError):
    """Work this resource started is still under way and cannot be undone yet (a copy in flight).

    Raised by a clean-up step: the operation's record is then kept, so that the next `pulumi up`
    takes the work over (follows it, and removes it if it must) instead of leaving it to nobody.
    """


class CleanupIncompleteError(ImageSyncError):
    """A failed create or update could not remove everything it had made."""

    why_kept = "and its clean-up could not remove everything"
    """How the first line of the rendered error goes on (`failures.render`)."""

    def __init__(self, cause: BaseException, leftovers: Sequence[str]) -> None:
        self.cause = cause
        self.leftovers = list(leftovers)
        super().__init__(cause, leftovers)

    def __str__(self) -> str:  # late: the cause's advice may be set after this error is made
        return (
            f"{_one_line(str(self.cause))}; not cleaned up, and kept in this resource's record so that the "
            "next `pulumi up` takes it over: " + "; ".join(self.leftovers)
        )
