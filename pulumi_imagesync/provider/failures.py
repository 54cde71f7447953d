"""What a user reads when an operation fails: at most three lines — or a traceback, for a bug.

The dynamic-provider server turns any exception into a gRPC error whose details are the whole
Python traceback (`_abort_with_traceback` in `pulumi/dynamic/__main__.py`), and the engine prints
all of it: 16 to 154 lines, the useful one last. An expected failure — the cloud refused, the
object exists, an argument the cloud found bad, missing configuration, a timeout, a clean-up
left work behind — is instead rendered here as:

1. what failed, on which object (`Creating TCR tag release/app:prd in tcr-e8pg46c6 failed`);
2. why: the cloud's action, code, message and request id, or the provider's own reason;
3. what to do.

Anything else is a bug and keeps its traceback. `IMAGESYNC_DEBUG=1` shows the traceback of
everything. `server_errors.install()` puts this in front of the server's formatting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import CleanupIncompleteError, CloudError, ImageSyncError

DEBUG_ENV = "IMAGESYNC_DEBUG"

VERBS = {"create": "Creating", "update": "Updating", "delete": "Deleting", "read": "Reading"}

_AUTH = ("AuthFailure", "SignatureDoesNotMatch", "InvalidAccessKeyId", "IncompleteSignature", "APIGW.0301")
_DENIED = (
    "UnauthorizedOperation",
    "Forbidden",
    "NoPermission",
    "OperationDenied",
    "InternalError.ErrorTcrUnauthorized",
)


@dataclass(frozen=True)
class Context:
    """Which operation, on which object, an error interrupted (attached by the provider base)."""

    operation: str
    what: str
    profile: str | None = None


CONTEXT_ATTRIBUTE = "imagesync_context"


def attach(error: BaseException, context: Context) -> None:
    """Remember, on the error, what it interrupted (the innermost operation's context wins)."""
    if getattr(error, CONTEXT_ATTRIBUTE, None) is None:
        setattr(error, CONTEXT_ATTRIBUTE, context)


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no")


def render(error: BaseException | None) -> str | None:
    """The lines a user reads about `error`, or None when it is a bug (it keeps its traceback)."""
    if not isinstance(error, ImageSyncError):
        return None
    context = getattr(error, CONTEXT_ATTRIBUTE, None)
    first = (
        f"{VERBS.get(context.operation, 'Running')} {context.what} failed"
        if context
        else "The operation failed"
    )
    if isinstance(error, CleanupIncompleteError):
        return "\n".join(
            (
                f"{first}, {error.why_kept}",
                " ".join(str(error.cause).split()),  # with its own advice: the third line is taken
                "Kept in this resource's record: the next `pulumi up` takes it over: "
                + "; ".join(error.leftovers),
            )
        )
    return "\n".join(line for line in (first, _one_line(error), advice(error, context)) if line)


def advice(error: ImageSyncError, context: Context | None = None) -> str | None:
    """What to do about an expected failure."""
    given = getattr(error, "advice", None)
    if isinstance(given, str) and given:
        return given[0].upper() + given[1:]
    if not isinstance(error, CloudError):
        return None
    code = error.code
    who = f"profile {context.profile!r}" if context and context.profile else f"the {error.cloud} credentials"
    if code.startswith(_AUTH):
        return f"Check {who}: the cloud does not accept them (key id, secret, or an expired security token)"
    if code.startswith(_DENIED) or error.http_status == 403:
        return f"Grant the user or role of {who} the permission for {error.service} {error.action}, then run `pulumi up` again"
    if error.not_found:
        return (
            "Check the names and ids in the program: the cloud does not know them in this region and account"
        )
    if error.retryable:
        return "The cloud kept failing or throttling; run `pulumi up` again (it resumes what was started), or lower --parallel"
    return f"See the {error.cloud} documentation of {code}; IMAGESYNC_DEBUG=1 shows the full traceback"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    # The provider's own messages carry their advice after a "; ": that is line three here.
    advice_given = getattr(error, "advice", None)
    if isinstance(advice_given, str) and advice_given and text.endswith(f"; {advice_given}"):
        text = text[: -len(advice_given) - 2]
    return text
