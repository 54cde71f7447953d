"""Provider of `registry.RepositoryMirror`: the tags a filter selects, kept copied to another registry.

Permanent identifier: this module path and the class name `RepositoryMirrorProvider` are pickled
into every RepositoryMirror's state.

The resource is the destination repository, as far as this mirror wrote it. A sync (create or
update) lists the source's tags, selects them (`selection`), lists the destination's, and copies
each selected tag with `ImageCopy`'s engine (`oci.copy.ImageCopier`: content first, the tag last,
blobs already there never sent), `max_parallel` tags at a time, every request paced. Each tag is
decided on its own, as `ImageCopy` decides its one tag:

- a tag the destination does not have is this mirror's own (deleted on destroy);
- a tag that already holds the very digest is skipped, and stays the user's (`skipped_tags`);
- a tag that holds something else is refused (`failed_tags`) unless `override` (then it is written
  and stays the user's: kept on destroy, `kept_tags` says what it held);
- a tag this mirror wrote is written again when its source moved.

Before a tag is written, the record of the operation notes the digest about to be written and
what the tag held (`mirror`: tag -> {digest, before}): a sync killed half-way is resumed by the
next `up`, which takes over exactly those tags (the blobs already sent are found, not sent again).
A tag that fails does not undo the others. With `fail_on_error` (the default) the operation then
fails, naming the tags, and keeps its record, so that what was copied is taken over by the next
`up` (nothing is orphaned, nothing copied twice); without it, the failures are in `failed_tags`.

A refresh lists both repositories and reads the digest of each selected source tag (one `HEAD`
each): a new matching tag, a moved source tag, or a copy gone from the destination is drift, and
the next `up` copies it. `prune` deletes the tags this mirror wrote that the filter no longer
selects, only while they hold what it wrote. Destroy deletes the tags it wrote and that still hold
what it wrote (`ImageCopy`'s tag-only deletion per cloud); the others are kept, with a warning.

Id: `<cloud>#<region>#<instance id>#<repository>` for TCR and ACR, `huaweicloud#<region>#<repository>`
for SWR, `oci#<host>#<repository>` for any other registry.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult

from ..provider.base import Operation
from ..provider.copies import iso, keep_unknown
from ..provider.errors import CleanupIncompleteError, InputError, OperationFailedError
from ..provider.fields import (
    Schema,
    common_fields,
    identity,
    in_place,
    is_unknown,
    output,
    provider,
    update_in_place,
)
from ..provider.rollback import Rollback
from ..provider.waiting import run_parallel
from .image_copy_provider import ImageCopyProvider
from .push_times import push_times
from .references import ImageRef, check_refs, ref_doc
from .selection import PushTimesUnknown, Selection, TagFilter, check_tag_filter, normalized, select

if TYPE_CHECKING:
    from .oci.copy import ImageCopier

log = logging.getLogger("pulumi_imagesync")

MAX_PARALLEL = 32
ERROR_LINE = 300  # characters of a tag's error kept in `failed_tags`
SHOWN_FAILURES = 3

SCHEMA = Schema(
    [
        identity("destination", dict, required=True),
        in_place("source", dict, required=True),
        in_place("tags", dict),
        in_place("platforms", list),
        in_place("include_referrers", bool, default=False),
        in_place("override", bool, default=False),
        in_place("prune", bool, default=False),
        provider("max_parallel", int, default=4, above=0, at_most=MAX_PARALLEL),
        provider("fail_on_error", bool, default=True),
        *common_fields(timeout_seconds=3600, wait=False),
        output("selected_tags", list),
        output("copied_tags", dict),
        output("failed_tags", dict),
        output("skipped_tags", list),
        output("kept_tags", dict),
        output("source_digests", dict),
        output("pending_tags", list),
        output("latest_order"),
        output("last_sync_time"),
        output("blobs_copied", int),
        output("blobs_skipped", int),
        output("bytes_copied", int),
    ]
)


class PartialSyncError(CleanupIncompleteError):
    """Some tags failed (`fail_on_error`): the tags copied stay, recorded for the next `up`."""

    why_kept = "for some of its tags (the others are copied)"

    def __init__(self, failed: Mapping[str, str], copied: int) -> None:
        shown = "; ".join(f"{tag}: {line}" for tag, line in list(sorted(failed.items()))[:SHOWN_FAILURES])
        more = len(failed) - SHOWN_FAILURES
        cause = OperationFailedError(
            f"{len(failed)} tag(s) failed ({shown}{f'; and {more} more' if more > 0 else ''})"
        )
        super().__init__(
            cause,
            [
                f"the {copied} tag(s) copied (with fail_on_error=False a sync lists its failures in "
                "failed_tags and succeeds)"
            ],
        )


@dataclass
class Ledger:
    """What a sync knows of the destination's tags, and what it decided; thread-safe.

    `written` and `kept` start from the previous outputs and from the record of an operation that
    did not finish (its notes are this one's own); `note()` writes a tag's intent to the record
    before the tag is written.
    """

    op: Operation
    written: dict[str, str]  # tag -> digest this mirror wrote (its own unless kept)
    kept: dict[str, str]  # tag -> digest it held before this mirror (never deleted by it)
    noted: dict[str, dict[str, Any]]  # the record's `mirror` notes
    skipped: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, op: Operation, olds: Mapping[str, Any]) -> Ledger:
        noted = dict(op.recall("mirror") or {})
        written = dict(olds.get("copied_tags") or {})
        kept = dict(olds.get("kept_tags") or {})
        for tag, intent in noted.items():  # the unfinished operation's writes are this one's
            if intent.get("before") is not None:
                kept.setdefault(tag, intent["before"])
        return cls(op, written, kept, noted, sources=dict(olds.get("source_digests") or {}))

    def ours(self, tag: str) -> set[str]:
        """Digests this mirror wrote to `tag` (or was about to)."""
        with self.lock:
            return {d for d in (self.written.get(tag), (self.noted.get(tag) or {}).get("digest")) if d}

    def note(self, tag: str, digest: str, before: str | None) -> None:
        with self.lock:
            self.noted[tag] = {"digest": digest, "before": before}
            self.op.note(mirror=dict(self.noted))


class RepositoryMirrorProvider(ImageCopyProvider):
    schema = SCHEMA
    noun = "repository mirror"
    id_tail = ("repository",)

    # -- offline ---------------------------------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        if not any(f.property.split(".")[0] == "tags" for f in result.failures):
            result.failures.extend(check_tag_filter(result.inputs.get("tags")))
        return result

    def _reference_failures(self, inputs: Mapping[str, Any]) -> list[CheckFailure]:
        return check_refs(inputs, self.settings, inputs.get("profile"), tagged=False)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        self._acknowledge(id_, olds)
        before, after = self._comparable(olds, news)
        before["tags"], after["tags"] = normalized(olds.get("tags")), normalized(news.get("tags"))
        result = self.schema.diff(before, after, self.forces_replace)
        if result.changes:
            return result
        pending = _pending(olds)
        if pending:
            self.explain(olds, "the mirror is behind its source: %s", pending)
            return update_in_place(result)
        return result

    def describe(self, op: Operation, resource_id: str) -> str:
        destination = self._ref(op, "destination")
        return f"{self.noun} to {destination.repository} in {destination.where}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        return self._sync(op, {})

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        if {"platforms", "include_referrers"} & set(changed):  # what each copy holds changes: every tag
            olds = {k: v for k, v in olds.items() if k != "source_digests"}
        return self._sync(op, olds)

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        """Both tag lists and one `HEAD` per selected source tag: what the next `up` has to copy."""
        destination = self._ref(op, "destination")
        if "cloud" not in ref_doc(op.props, "source"):  # `get()` by id alone
            with self._registry(op, destination) as client:
                client.list_tags(destination.repository)  # the destination exists, and answers
            raise InputError("source", "reading a mirror needs its source: pass source= to get()")
        source = self._ref(op, "source")
        with self._mirror_clients(op, source, destination) as copier:
            selection = self._select(op, copier, source)
            present = set(copier.destination.list_tags(destination.repository))
            digests = self._source_digests(op, copier, source, selection.tags)
        copied = dict(op.get("copied_tags") or {})
        recorded = dict(op.get("source_digests") or {})
        pending = [
            tag for tag in selection.tags if digests.get(tag) != recorded.get(tag) or tag not in present
        ]
        return {
            "selected_tags": list(selection.tags),
            "latest_order": selection.latest_order,
            "pending_tags": pending,
            "copied_tags": {t: d for t, d in copied.items() if t in present},
            "kept_tags": {t: d for t, d in (op.get("kept_tags") or {}).items() if t in present},
            "skipped_tags": [t for t in op.get("skipped_tags") or [] if t in present],
        }

    def delete_resource(self, op: Operation) -> None:
        destination = self._ref(op, "destination")
        ledger = Ledger.of(op, op.props)
        with self._registry(op, destination) as client:
            for tag in sorted(set(ledger.written) | set(ledger.noted)):
                what = f"tag {tag} of {destination.repository} in {destination.where}"
                if tag in ledger.kept:
                    keep_unknown(what, "it existed before this mirror")
                    continue
                self._delete_if_ours(op, client, destination, tag, ledger.ours(tag))

    # -- the sync ------------------------------------------------------------------------------------

    def _sync(self, op: Operation, olds: Mapping[str, Any]) -> dict[str, Any]:
        source, destination = self._ref(op, "source"), self._ref(op, "destination")
        ledger = Ledger.of(op, olds)
        with self._mirror_clients(op, source, destination) as copier:
            selection = self._select(op, copier, source)
            present = set(copier.destination.list_tags(destination.repository))
            digests = self._source_digests(op, copier, source, selection.tags)
            work = {
                tag: partial(self._one_tag, op, copier, ledger, tag, digests.get(tag), present, olds)
                for tag in selection.tags
            }
            outcomes = run_parallel(work, max_workers=int(op.get("max_parallel", 4)))
            for tag, outcome in outcomes.items():
                if outcome.error is not None:  # one tag's failure (a platform it lacks too) is its own
                    ledger.failed[tag] = _error_line(outcome.error)
            if op.get("prune"):
                try:
                    self._prune(op, copier, ledger, selection, present)
                except Exception as error:  # the tags written stay recorded for the next `up`
                    raise CleanupIncompleteError(error, [f"{len(ledger.noted)} tag(s) written"]) from error
            progress = copier.progress.outputs()
        selected = set(selection.tags)
        log.info(
            "mirrored %d tag(s) of %s to %s: %d copied, %d already there, %d failed; %d blob(s) sent",
            len(selected),
            source.repository,
            f"{destination.repository} in {destination.where}",
            len([t for t in selected if t in ledger.written]),
            len(ledger.skipped),
            len(ledger.failed),
            progress["blobs_copied"],
        )
        if ledger.failed and op.get("fail_on_error", True):
            raise PartialSyncError(ledger.failed, len([t for t in selected if t in ledger.written]))
        return {
            "selected_tags": list(selection.tags),
            "latest_order": selection.latest_order,
            "copied_tags": dict(sorted(ledger.written.items())),
            "kept_tags": dict(sorted(ledger.kept.items())),
            "skipped_tags": sorted(ledger.skipped & selected),
            "failed_tags": dict(sorted(ledger.failed.items())),
            "source_digests": {t: d for t, d in sorted(ledger.sources.items()) if t in selected},
            "pending_tags": [],
            "last_sync_time": iso(time.time()),
            **progress,
        }

    def _one_tag(
        self,
        op: Operation,
        copier: ImageCopier,
        ledger: Ledger,
        tag: str,
        source_digest: str | None,
        present: set[str],
        olds: Mapping[str, Any],
    ) -> None:
        """Copy one selected tag, deciding first whose the destination tag is."""
        previous_source = (olds.get("source_digests") or {}).get(tag)
        unchanged = source_digest is not None and source_digest == previous_source
        if unchanged and tag in (olds.get("copied_tags") or {}) and tag in present:
            return  # copied before, from the same source digest: nothing to read, nothing to write
        if unchanged and tag in (olds.get("skipped_tags") or []) and tag in present:
            with ledger.lock:
                ledger.skipped.add(tag)
            return
        plan = copier.plan(tag, op.get("platforms"))
        with ledger.lock:
            ledger.sources[tag] = plan.source_digest
        current = copier.held(tag) if tag in present else None
        ours = ledger.ours(tag)
        with ledger.lock:
            before = ledger.kept.get(tag)
        adopted = op.adopt and before is None  # `adopt=True`: what exists becomes this mirror's own
        if current == plan.top.digest:
            if current in ours or adopted:  # its own, already there (a resumed sync, or adopted)
                with ledger.lock:
                    ledger.written[tag] = current
                return
            with ledger.lock:  # the user's, identical: nothing to copy, kept on destroy
                ledger.skipped.add(tag)
                ledger.kept.setdefault(tag, current)
                ledger.written.pop(tag, None)
            return
        if current is not None and current not in ours and before is None and not adopted:
            if not op.get("override"):
                raise OperationFailedError(
                    f"the destination tag exists with {current}; set override=True to overwrite it (it "
                    "stays yours), or adopt=True to make it this mirror's"
                )
            before = current
        elif current is not None and current not in ours and before is not None and not op.get("override"):
            raise OperationFailedError(
                f"the destination tag holds {current}, not what this mirror wrote; set override=True"
            )
        ledger.note(tag, plan.top.digest, before)  # before the first write: the tag is this mirror's
        copier.copy_content(plan)
        if op.get("include_referrers") and plan.whole:
            copier.copy_referrers(plan.top.digest)
        copier.tag(plan, tag)
        held = copier.held(tag)
        if held != plan.top.digest:
            raise OperationFailedError(f"after the copy the tag holds {held}, not {plan.top.digest}")
        with ledger.lock:
            ledger.written[tag] = held
            ledger.skipped.discard(tag)
            if before is not None:
                ledger.kept[tag] = before

    def _prune(
        self, op: Operation, copier: ImageCopier, ledger: Ledger, selection: Selection, present: set[str]
    ) -> None:
        """Delete the tags this mirror wrote that are no longer selected (never anyone else's)."""
        destination = self._ref(op, "destination")
        for tag in sorted(set(ledger.written) - set(selection.tags)):
            if tag not in ledger.kept and tag in present:
                self._delete_if_ours(op, copier.destination, destination, tag, ledger.ours(tag))
            ledger.written.pop(tag, None)
            ledger.kept.pop(tag, None)
        for tag in set(ledger.kept) - set(selection.tags) - set(ledger.written):
            ledger.kept.pop(tag, None)

    def _select(self, op: Operation, copier: ImageCopier, source: ImageRef) -> Selection:
        tags = copier.source.list_tags(source.repository)
        try:
            return select(TagFilter.of(op.get("tags")), tags, push_times(op, source))
        except PushTimesUnknown as error:
            raise InputError(
                "tags.latest",
                f"the selected tags are not all versions, and {source.where} reports no push time ({error}): "
                "narrow the selection to versions, e.g. with tags.semver",
            ) from None

    @staticmethod
    def _source_digests(
        op: Operation, copier: ImageCopier, source: ImageRef, tags: tuple[str, ...]
    ) -> dict[str, str]:
        """What each selected source tag holds now: one `HEAD` per tag, `max_parallel` at a time."""
        work = {tag: partial(copier.source.manifest_digest, source.repository, tag) for tag in tags}
        outcomes = run_parallel(work, max_workers=int(op.get("max_parallel", 4)))
        found = {}
        for tag, outcome in outcomes.items():
            if outcome.error is not None:
                raise outcome.error
            if outcome.value is not None:
                found[tag] = outcome.value
        return found

    @contextmanager
    def _mirror_clients(
        self, op: Operation, source: ImageRef, destination: ImageRef
    ) -> Iterator[ImageCopier]:
        parallel = int(op.get("max_parallel", 4))
        what = f"tags of {destination.repository}"
        with self._copier(op, source, destination, what=what, connections=max(8, 4 * parallel)) as (
            copier,
            _progress,
        ):
            yield copier


def _pending(olds: Mapping[str, Any]) -> str:
    """Why a refreshed mirror is behind its source (empty: it is not)."""
    if is_unknown(olds.get("selected_tags")):
        return ""
    selected = list(olds.get("selected_tags") or [])
    held = set(olds.get("copied_tags") or {}) | set(olds.get("skipped_tags") or [])
    failed, refreshed = set(olds.get("failed_tags") or {}), set(olds.get("pending_tags") or [])
    behind = [tag for tag in selected if tag in failed or tag in refreshed or tag not in held]
    written, kept = dict(olds.get("copied_tags") or {}), dict(olds.get("kept_tags") or {})
    stale = [t for t in written if t not in selected and t not in kept] if olds.get("prune") else []
    reasons = []
    if behind:
        reasons.append(f"{len(behind)} tag(s) to copy ({_some(behind)})")
    if stale:
        reasons.append(f"{len(stale)} tag(s) to prune ({_some(stale)})")
    return "; ".join(reasons)


def _some(tags: list[str]) -> str:
    return ", ".join(tags[:5]) + (", ..." if len(tags) > 5 else "")


def _error_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= ERROR_LINE else text[: ERROR_LINE - 3] + "..."
