"""What every copy resource decides about its destination tag before its first change.

A copy overwrites a tag. Whether that tag existed before the resource decides what the resource
may later do with it: a tag that was there before is never deleted (destroy keeps it), one the copy
made is its own. The decision is taken once, noted in the create journal before the first change
(so that a create resumed after a crash, which finds the tag there either way, still knows), and
recorded in the outputs.
"""

from __future__ import annotations

import logging
from typing import Any

from .base import Operation
from .errors import AlreadyExistsError

log = logging.getLogger("pulumi_imagesync")


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
    if op.get("adopt"):
        log.info("adopting the existing %s", what)
        return {"existed_before": False}, False
    if not op.get("override", False):
        raise AlreadyExistsError(
            f"{what} already exists (digest {prior['digest']}); set override=True to overwrite it "
            "(it is then kept on destroy), or adopt=True to make it this resource's own"
        )
    return {"existed_before": True, "previous_digest": prior["digest"]}, False
