"""Error tables: what each error code of a cloud means for the caller, one table per cloud.

Every code a cloud documents (its SDK's error-code list, its error-code pages) is in its table
with one class, and the adapters read the class instead of guessing from a code's prefix (a
prefix says little: Tencent's `InternalError.ErrorTcrUnauthorized` is a missing permission, not a
server failure). A code that is in no table is permanent, and is shown as the cloud sent it.

Classes:
- `throttle` — refused by a rate limit before it ran: retried after a back-off;
- `transient` — refused before it ran (the service unavailable for a moment): retried;
- `maybe-applied` — failed where it may have run already (a server error half-way): retried
  only after looking up whether it took effect;
- `not-found` — something the request names does not exist. Whether that means the resource's
  object is *gone* is decided by `gone()` with the codes of that object and its parents only;
- `permanent` — anything else: a bad request, a missing permission, a conflict, a quota.

Which objects' codes mean "gone" is one rule for every resource (`gone`): the API's own
not-found codes for the object itself or for what contains it inside the instance (a namespace,
a repository). The instance or registry itself is the scope the credentials and region reach,
and a wrong profile or region looks just like a deleted instance: a refresh that meets its
not-found code fails instead of dropping the resource, and a delete takes it as nothing left to
remove.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import CloudError

if TYPE_CHECKING:
    from .api import CloudApi

T = TypeVar("T")

log = logging.getLogger("pulumi_imagesync")


class ErrorClass(Enum):
    THROTTLE = "throttle"
    TRANSIENT = "transient"
    MAYBE_APPLIED = "maybe-applied"
    NOT_FOUND = "not-found"
    PERMANENT = "permanent"

    @property
    def retryable(self) -> bool:
        return self in (ErrorClass.THROTTLE, ErrorClass.TRANSIENT, ErrorClass.MAYBE_APPLIED)

    @property
    def maybe_applied(self) -> bool:
        return self is ErrorClass.MAYBE_APPLIED

    @property
    def not_found(self) -> bool:
        return self is ErrorClass.NOT_FOUND


@dataclass(frozen=True)
class ErrorTable:
    """One cloud's codes and their classes."""

    cloud: str
    classes: Mapping[str, ErrorClass]

    @classmethod
    def parse(cls, cloud: str, text: str) -> ErrorTable:
        """A table from lines `<code> <class>`; `#` starts a comment (the evidence)."""
        classes: dict[str, ErrorClass] = {}
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            code, _, name = line.partition(" ")
            if code in classes:
                raise ValueError(f"{cloud} error table, line {number}: {code} is listed twice")
            classes[code] = ErrorClass(name.strip())
        return cls(cloud, classes)

    def classify(self, code: str) -> ErrorClass:
        """The class of `code`; a code the table does not know is permanent."""
        return self.classes.get(code, ErrorClass.PERMANENT)

    def codes(self, error_class: ErrorClass) -> frozenset[str]:
        return frozenset(code for code, found in self.classes.items() if found is error_class)

    def unknown(self, codes: Iterable[str]) -> list[str]:
        """The codes of `codes` that the table does not list (a test compares it with the SDKs' lists)."""
        return sorted(set(codes) - set(self.classes))


def gone(error: CloudError, codes: Collection[str]) -> bool:
    """Whether `error` says the object is gone: one of `codes`, the API's own not-found codes for
    the object and its parents inside the instance (every resource passes its own)."""
    return error.not_found and error.code in codes


@contextmanager
def scope_gone_is_success(scope: str, codes: Collection[str]) -> Iterator[None]:
    """On delete, an instance or registry that does not exist (one of `codes`) holds nothing to remove.

    Only on delete: a refresh that took a wrong profile or region for a released instance would
    drop the resource from the state, and what it made would never be deleted.
    """
    try:
        yield
    except CloudError as error:
        if not gone(error, codes):
            raise
        log.warning(
            "%s does not exist for these credentials in that region; nothing to remove there (%s)",
            scope,
            error.message,
        )


def create_once(
    api: CloudApi,
    action: str,
    request: Any,
    *,
    already_applied: Callable[[], T | None],
    exists: Collection[str],
) -> Any:
    """`api.call` of a create whose answer may be lost, where the cloud refuses a repeat.

    A first attempt that times out may still be carried out after the retry was sent: the retry
    is then refused with "already exists" (one of `exists`). That refusal is the first attempt's
    success when `already_applied` finds the object this create made (the caller noted the send
    in its record before the call, when the object was absent), and an error otherwise.
    """
    try:
        return api.call(action, request, already_applied=already_applied)
    except CloudError as error:
        if error.code not in exists:
            raise
        found = already_applied()
        if found is None:
            raise
        log.info("%s %s: %s, made by this create's earlier attempt", error.service, action, error.code)
        return found
