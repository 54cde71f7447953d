"""What every copy resource decides about its destination, and how it follows a copy it sent.

A copy overwrites a tag. Whether that tag existed before the resource decides what the resource
may later do with it: a tag that was there before is never deleted (destroy keeps it), one the copy
made is its own. The decision is taken once, noted in the operation's record before the first
change (so that a create resumed after a crash, which finds the tag there either way, still
knows), and recorded in the outputs.

Some copy APIs answer with no task to follow (TCR `DuplicateImage`): the copy's arrival is told
only by the destination starting to hold the source's digest, and a copy that fails never
arrives. Such a copy is noted before it is sent (`SentCopy`), with the time until which it may
still land: twice `timeout_seconds` after it was sent (its own create waits `timeout_seconds`; a
create that times out keeps its record, and the next `up` follows the copy for the rest of the
window). Until then nobody sends a second copy, deletes the destination, or reports it gone;
after it, the copy is taken to have failed, and the next `up` copies again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .base import Operation
from .errors import AlreadyExistsError

log = logging.getLogger("pulumi_imagesync")

COPYING, COPIED, NOT_ARRIVED = "COPYING", "COPIED", "NOT_ARRIVED"
"""`copy_state`: sent and not seen yet; seen at the destination; not seen within its window."""


def claim_destination(op: Operation, what: str, current_digest: str | None) -> tuple[dict[str, Any], bool]:
    """Decide whose the destination tag is; `current_digest` is what it holds now (None: absent).

    Returns the outputs to record (`existed_before`, `previous_digest`) and whether the tag is new,
    so that a failed create may remove it again. A tag that exists is refused unless `override`
    (then it stays the user's, kept on destroy) or `adopt` (then it becomes the resource's own).
    """
    prior = op.recall("destination_before") or {
        "exists": current_digest is not None,
        "digest": current_digest,
    }
    op.note(destination_before=prior)
    if not prior["exists"]:
        return {"existed_before": False}, True
    if op.adopt:
        log.info("adopting the existing %s", what)
        return {"existed_before": False}, False
    if not op.get("override", False):
        raise AlreadyExistsError(
            f"{what} already exists (digest {prior['digest']})",
            advice="set override=True to overwrite it (it is then kept on destroy), or adopt=True to make it "
            "this resource's own",
        )
    return {"existed_before": True, "previous_digest": prior["digest"]}, False


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(text: Any) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


WINDOW_TIMEOUTS = 2
"""A copy sent may land until this many times `timeout_seconds` after it was sent."""


@dataclass(frozen=True)
class SentCopy:
    """A copy sent to the cloud, told to have arrived only by the destination holding `digest`."""

    digest: str
    sent_at: float
    until: float

    @classmethod
    def send(cls, digest: str, timeout_seconds: float) -> SentCopy:
        now = time.time()
        return cls(digest, now, now + WINDOW_TIMEOUTS * timeout_seconds)

    @classmethod
    def from_note(cls, note: Any) -> SentCopy | None:
        try:
            return cls(str(note["digest"]), float(note["sent_at"]), float(note["until"]))
        except (KeyError, TypeError, ValueError):
            return None

    @classmethod
    def from_outputs(cls, outputs: Mapping[str, Any]) -> SentCopy | None:
        """The copy that outputs written with `wait=False` (or after a timeout) say is on its way."""
        until = epoch(outputs.get("copying_until"))
        digest = outputs.get("copied_digest")
        if outputs.get("copy_state") != COPYING or until is None or not digest:
            return None
        return cls(str(digest), until, until)

    def as_note(self) -> dict[str, Any]:
        return {"digest": self.digest, "sent_at": self.sent_at, "until": self.until}

    def may_still_land(self) -> bool:
        return time.time() < self.until

    def seconds_left(self) -> float:
        return max(0.0, self.until - time.time())


def copy_state(outputs: Mapping[str, Any], held: str | None) -> str:
    """The state of the copy the outputs describe, given the digest the destination holds now."""
    copied = outputs.get("copied_digest")
    state = outputs.get("copy_state") or COPIED  # states written before copy_state existed: copied
    if held is not None and held == copied:
        return COPIED
    if state == COPYING:
        until = epoch(outputs.get("copying_until"))
        return COPYING if until is not None and time.time() < until else NOT_ARRIVED
    return str(state)


def keep_unknown(what: str, why: str) -> None:
    """Unknown ownership means keep: say so, naming the object."""
    log.warning("keeping %s: %s", what, why)


def kept_as_before(op: Operation, what: str) -> bool:
    """Whether destroy keeps the destination: it existed before the resource, or whether it did is
    not recorded (either way it is not the resource's to delete); says so when it is kept."""
    existed_before = op.props.get("existed_before")
    if existed_before is False:
        return False
    keep_unknown(
        what,
        "it existed before this resource" if existed_before else "whether it existed before is not recorded",
    )
    return True
