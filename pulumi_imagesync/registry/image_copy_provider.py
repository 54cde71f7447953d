"""Provider of `registry.ImageCopy`: one image copied from any of the registries to any other.

Permanent identifier: this module path and the class name `ImageCopyProvider` are pickled into
every ImageCopy's state.

The resource is the destination tag. A create reads the source (its manifest, and for an index
the manifests of the platforms copied), looks at the destination tag, and decides whose it is
(`copies.claim_destination`): a tag that exists is refused unless `override` (it stays the
user's, kept on destroy) or `adopt` (it becomes this resource's); one that already holds the very
digest to be written is nothing to copy, and stays the user's. Before its first write it notes
the digest it is about to write, so that a create killed half-way is resumed by the next `up` as
its own (the blobs already there are not sent again). Content is written first, the tag last; a
create that fails removes the tag only if it made it. A new source, platform choice or `triggers`
copies again onto the same tag (an update: the tag is never missing); a new destination is a
new resource. Destroy deletes the tag with its cloud's tag-only API, only while it holds a digest
this resource wrote and only if it did not exist before.

Id: `<cloud>#<region>#<instance id>#<repository>#<tag>` for TCR and ACR,
`huaweicloud#<region>#<repository>#<tag>` for SWR, `oci#<host>#<repository>#<tag>` for any other
registry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult, ReadResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.copies import claim_destination, keep_unknown, kept_as_before
from ..provider.errors import CloudError, InFlightError, InputError, OperationFailedError
from ..provider.fields import (
    OWNER_KEY,
    Schema,
    common_fields,
    identity,
    in_place,
    is_unknown,
    output,
    update_in_place,
)
from ..provider.ids import join_id, split_id
from ..provider.rollback import DEFAULT_BUDGET_SECONDS, Rollback
from ..provider.sdk import require
from ..provider.waiting import Deadline
from . import background
from .references import (
    HUAWEI,
    OCI,
    SIDES,
    ImageRef,
    check_platforms,
    check_refs,
    fill_region,
    naming,
    ref_doc,
)
from .tags import delete_tag

if TYPE_CHECKING:
    from .oci.client import RegistryClient
    from .oci.copy import ImageCopier, Plan
    from .oci.transfer import Progress

log = logging.getLogger("pulumi_imagesync")

COPIED, COPYING, NOT_ARRIVED = "COPIED", "COPYING", "NOT_ARRIVED"

SCHEMA = Schema(
    [
        identity("destination", dict, required=True),
        in_place("source", dict, required=True),
        in_place("platforms", list),
        in_place("include_referrers", bool, default=False),
        in_place("override", bool, default=False),
        in_place("triggers", dict),
        *common_fields(timeout_seconds=1800),
        output("digest"),
        output("media_type"),
        output("size", int),
        output("reference"),
        output("source_digest"),
        output("blobs_copied", int),
        output("blobs_skipped", int),
        output("bytes_copied", int),
        output("referrers", list),
        output("signature_tags", dict),
        output("copied_digest"),
        output("existed_before", bool),
        output("previous_digest"),
        output("copy_state"),
    ]
)


class ImageCopyProvider(ImageSyncProvider):
    cloud = "registry"  # not one cloud: each reference names its own (and is checked against it)
    schema = SCHEMA
    noun = "image copy"
    id_tail: tuple[str, ...] = ("repository", "tag")  # the destination's parts an id ends with

    # -- offline ---------------------------------------------------------------------------------

    def complete(self, inputs: dict[str, Any]) -> None:
        for side in SIDES:
            value = inputs.get(side)
            if isinstance(value, Mapping) and not is_unknown(value.get("cloud")):
                filled = dict(value)
                fill_region(filled, self.settings, inputs.get("profile"))
                inputs[side] = filled

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        failed = {f.property.split(".")[0] for f in result.failures}
        found = self._reference_failures(result.inputs)
        found += check_platforms(result.inputs.get("platforms"))
        result.failures.extend(f for f in found if f.property.split(".")[0] not in failed)
        return result

    def _reference_failures(self, inputs: Mapping[str, Any]) -> list[CheckFailure]:
        return check_refs(inputs, self.settings, inputs.get("profile"))

    def _check_profile(self, inputs: Mapping[str, Any], failures: list[CheckFailure]) -> None:
        """Checked per reference, against that reference's cloud (`references.check_refs`)."""

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        self._acknowledge(id_, olds)
        before, after = self._comparable(olds, news)
        if _same_platforms(olds, news.get("platforms")):
            before["platforms"] = after["platforms"] = None
        result = self.schema.diff(before, after, self.forces_replace)
        state = olds.get("copy_state") or COPIED
        drifted = olds.get("copied_digest") and olds.get("digest") != olds["copied_digest"]
        if (drifted or state != COPIED) and not result.changes:
            # Seen by a refresh: the tag holds another digest, or a copy never finished. Copy again.
            return update_in_place(result)
        return result

    def _comparable(
        self, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Inputs as a diff compares them: a reference by what names its image, not how it is
        reached (credentials never cause a diff)."""
        before, after = dict(olds), dict(news)
        for side in SIDES:
            before[side], after[side] = naming(olds.get(side)), naming(news.get(side))
        return before, after

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        result = super().read(id_, props)
        # `platforms` is what the destination holds; as an input it is what the program asked for:
        # nothing, for a copy that kept the source's digest (all of them).
        outs, inputs = result.outs or {}, result.inputs
        whole = outs.get("copied_digest") is not None and outs.get("copied_digest") == outs.get(
            "source_digest"
        )
        if inputs is not None and whole:
            inputs.pop("platforms", None)
        return result

    def resource_id(self, props: Mapping[str, Any]) -> str:
        ref = ImageRef.of("destination", ref_doc(props, "destination"))
        return join_id(ref.cloud, *(getattr(ref, name) for name in self._id_fields(ref.cloud)))

    def props_from_id(self, id_: str) -> dict[str, Any]:
        cloud = id_.split("#", 1)[0]
        fields = self._id_fields(cloud)
        layout = f"<cloud>#{'#'.join(f'<{f}>' for f in fields)}"
        parts = split_id(id_, len(fields) + 1, layout)
        return {"destination": {"cloud": cloud, **dict(zip(fields, parts[1:], strict=True))}}

    def _id_fields(self, cloud: str) -> tuple[str, ...]:
        """What the id names after the cloud: where the registry is, then `id_tail`."""
        where = {OCI: ("host",), HUAWEI: ("region",)}.get(cloud, ("region", "registry"))
        return (*where, *self.id_tail)

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"{self.noun} to {self._ref(op, 'destination').describe()}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        source, destination = self._ref(op, "source"), self._ref(op, "destination")
        with self._copier(op, source, destination) as (copier, progress):
            plan = self._plan(op, copier, source)
            current = copier.held(str(destination.tag))
            claimed = self._claim(op, destination, current, plan)
            if claimed is None:
                facts, new_tag = claim_destination(op, f"tag {destination.describe()}", current)
            else:  # the tag already holds this image: nothing to copy, and it stays the user's
                facts, new_tag = claimed, False
            if not op.wait and claimed is None:
                return {**self._in_background(op, copier, plan, current), **facts}
            copied = self._copy(op, copier, progress, plan, rollback, new_tag=new_tag, current=current)
            return {**copied, **facts}

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        # Copied again onto the same tag: it is this resource's, or was allowed to be overwritten.
        source, destination = self._ref(op, "source"), self._ref(op, "destination")
        with self._copier(op, source, destination) as (copier, progress):
            plan = self._plan(op, copier, source, olds)
            if not op.wait:
                return self._in_background(op, copier, plan, copier.held(str(destination.tag)))
            return self._copy(
                op,
                copier,
                progress,
                plan,
                rollback,
                new_tag=False,
                current=copier.held(str(destination.tag)),
                signature_tags=olds.get("signature_tags") or {},
            )

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        destination = self._ref(op, "destination")
        copying = background.running(self._background_key(op))
        with self._registry(op, destination) as client:
            held = client.manifest_digest(destination.repository, str(destination.tag))
            if held is None:  # gone; or not there yet, by a copy still under way here
                return {"copy_state": COPYING} if copying else None
            view = {"digest": held, "reference": _reference(client.endpoint.host, destination)}
            if held != op.get("digest") or op.get("media_type") is None:
                view.update(_describe(client, destination.repository, held))
            if held == op.get("copied_digest"):
                state = COPIED
            elif copying:
                state = COPYING
            else:  # a copy that ended without writing the tag never arrives
                state = NOT_ARRIVED if op.get("copy_state") == COPYING else op.get("copy_state") or COPIED
            return {**view, "copy_state": state}

    def delete_resource(self, op: Operation) -> None:
        background.stop(self._background_key(op))  # nothing lands after the destroy
        destination = self._ref(op, "destination")
        with self._registry(op, destination) as client:
            for tag, digest in (op.get("signature_tags") or {}).items():
                self._delete_if_ours(op, client, destination, tag, {digest})
            if kept_as_before(op, f"tag {destination.describe()}"):
                return
            ours = {d for d in (op.get("copied_digest"), (op.recall("copy") or {}).get("digest")) if d}
            self._delete_if_ours(op, client, destination, str(destination.tag), ours)

    # -- the copy ---------------------------------------------------------------------------------

    def _plan(
        self, op: Operation, copier: ImageCopier, source: ImageRef, olds: Mapping[str, Any] | None = None
    ) -> Plan:
        held = (olds or {}).get("platforms")
        known = (
            {olds["source_digest"]: held[0]}
            if olds and olds.get("source_digest") and held and len(held) == 1
            else {}
        )
        try:
            return copier.plan(source.reference, op.get("platforms"), known)
        except CloudError as error:
            if error.not_found:
                field = "source.tag" if source.tag else "source.digest"
                raise InputError(field, f"{source.describe()} does not exist ({error.code})") from None
            raise

    @staticmethod
    def _claim(
        op: Operation, destination: ImageRef, current: str | None, plan: Plan
    ) -> dict[str, Any] | None:
        """A tag that already holds the digest to be written, not made by this resource's earlier
        run: nothing to copy; it existed before (kept on destroy), unless `adopt`."""
        if current != plan.top.digest or op.recall("destination_before") is not None or op.adopt:
            return None
        op.note(destination_before={"exists": True, "digest": current})
        log.info("tag %s already holds %s: nothing to copy", destination.describe(), current)
        return {"existed_before": True, "previous_digest": current}

    def _copy(
        self,
        op: Operation,
        copier: ImageCopier,
        progress: Progress,
        plan: Plan,
        rollback: Rollback,
        *,
        new_tag: bool,
        current: str | None,
        signature_tags: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Copy content, referrers and signatures, then write the tag; what the destination holds.

        ``current``: what the tag holds now. A tag that holds the image already is not written
        again (its registry holds all it references): nothing is sent.
        """
        destination = self._ref(op, "destination")
        tag = str(destination.tag)
        write = current != plan.top.digest
        # Before the first write: what is about to be written, so that a crash leaves it owned.
        op.note(copy={"digest": plan.top.digest, "source_digest": plan.source_digest})
        if write:
            copier.copy_content(plan)
        referrers: list[str] = []
        written: dict[str, str] = dict(signature_tags or {})
        if op.get("include_referrers"):
            referrers, written = self._copy_referrers(op, copier, plan, written)
        if write or new_tag:  # a tag this create made (or resumes) is removed if the rest fails
            self._undo_on_failure(op, copier, rollback, plan, tag, new_tag=new_tag, previous=current)
        if write:
            copier.tag(plan, tag)
        held = copier.held(tag)
        if held != plan.top.digest:
            raise OperationFailedError(
                f"after the copy, tag {destination.describe()} holds {held}, not {plan.top.digest}"
            )
        log.info(
            "copied %s to %s: %d blob(s) sent (%d bytes), %d already there",
            self._ref(op, "source").describe(),
            destination.describe(),
            progress.blobs_copied,
            progress.bytes_copied,
            progress.blobs_skipped,
        )
        return {
            "digest": held,
            "media_type": plan.top.media_type,
            "size": plan.size,
            "platforms": list(plan.platforms),
            "reference": _reference(copier.destination.endpoint.host, destination),
            "source_digest": plan.source_digest,
            **progress.outputs(),
            "referrers": referrers,
            "signature_tags": written,
            "copied_digest": plan.top.digest,
            "copy_state": COPIED,
        }

    def _in_background(
        self, op: Operation, copier: ImageCopier, plan: Plan, current: str | None
    ) -> dict[str, Any]:
        """`wait=False`: the copy of this very plan goes on in a thread (see `background`); what is
        known now is returned, with `copy_state` `COPYING`."""
        destination = self._ref(op, "destination")
        op.note(copy={"digest": plan.top.digest, "source_digest": plan.source_digest})
        deadline = background.StoppableDeadline(op.deadline.remaining())
        later = Operation(dict(op.props), op.settings, deadline)

        def work() -> None:
            source = self._ref(later, "source")
            with self._copier(later, source, destination) as (again, progress):
                planned = again.plan(plan.source_digest, later.get("platforms"))  # the image planned
                current = again.held(str(destination.tag))
                self._copy(later, again, progress, planned, Rollback(), new_tag=False, current=current)

        background.start(self._background_key(op), destination.describe(), deadline, work)
        return {
            "digest": current,
            "media_type": plan.top.media_type,
            "size": plan.size,
            "platforms": list(plan.platforms),
            "reference": _reference(copier.destination.endpoint.host, destination),
            "source_digest": plan.source_digest,
            "copied_digest": plan.top.digest,
            "copy_state": COPYING,
        }

    def _background_key(self, op: Operation) -> str:
        return f"{op.props.get(OWNER_KEY)}#{self.resource_id(op.props)}"

    def _copy_referrers(
        self, op: Operation, copier: ImageCopier, plan: Plan, written: dict[str, str]
    ) -> tuple[list[str], dict[str, str]]:
        """OCI 1.1 referrers of the image, and its cosign tag-scheme signatures: only for a copy that
        keeps the source's digest (a new index is signed by nobody)."""
        if not plan.whole:
            log.warning(
                "not copying the referrers and signatures of %s: they refer to the whole index, and the "
                "destination holds a new index of %s",
                plan.source_digest,
                ", ".join(plan.platforms),
            )
            return [], written
        referrers, listed = copier.copy_referrers(plan.top.digest)
        if referrers and not listed:
            log.warning(
                "the destination registry does not list referrers (no OCI-Subject answer): the %d referrer(s) "
                "copied are there by digest only",
                len(referrers),
            )
        tags = copier.signature_tags(plan.top.digest)
        destination = self._ref(op, "destination")
        planned = {}
        for tag, manifest in tags:
            current = copier.held(tag)
            if current not in (None, manifest.digest) and written.get(tag) != current:
                keep_unknown(
                    f"signature tag {tag} of {destination.describe()}",
                    f"it holds {current}, written by someone else",
                )
                continue
            if current != manifest.digest or tag in written:
                planned[tag] = manifest
        op.note(signature_tags={**written, **{tag: m.digest for tag, m in planned.items()}})
        for tag, manifest in planned.items():
            copier.copy_signature(tag, manifest)
            written[tag] = manifest.digest
        return referrers, written

    def _undo_on_failure(
        self,
        op: Operation,
        copier: ImageCopier,
        rollback: Rollback,
        plan: Plan,
        tag: str,
        *,
        new_tag: bool,
        previous: str | None,
    ) -> None:
        """If the operation fails once the tag may have moved: a tag this create made is deleted; a
        tag an update moved gets its previous image back (or, gone before, stays recorded)."""
        destination = self._ref(op, "destination")

        def undo() -> None:
            # After the operation: its clients are closed and its deadline may have passed.
            cleanup = Operation(op.props, op.settings, Deadline(DEFAULT_BUDGET_SECONDS), op.record)
            with self._registry(cleanup, destination) as client:
                held = client.manifest_digest(destination.repository, tag)
                if held != plan.top.digest:
                    return  # the tag never moved
                if new_tag:
                    if not delete_tag(cleanup, destination, tag, client):
                        raise InFlightError(f"it holds {held}, and the registry does not allow deleting tags")
                elif previous is not None:
                    old = client.get_manifest(destination.repository, previous)
                    client.put_manifest(destination.repository, tag, old)
                else:
                    raise InFlightError(f"it now holds {held}, copied by this failed update")

        rollback.add(f"tag {destination.describe()}", undo)

    @staticmethod
    def _delete_if_ours(
        op: Operation, client: RegistryClient, ref: ImageRef, tag: str, ours: set[str]
    ) -> None:
        """Delete a tag if it holds a digest this resource wrote; keep it, saying so, otherwise."""
        what = f"tag {tag} of {ref.repository} in {ref.where}"
        held = client.manifest_digest(ref.repository, tag)
        if held is None:
            return
        if held not in ours:
            keep_unknown(
                what,
                f"it now holds {held}, not a digest this resource wrote ({', '.join(sorted(ours)) or 'none'})",
            )
            return
        if not delete_tag(op, ref, tag, client):
            keep_unknown(
                what, f"{ref.where} does not allow deleting a tag through its API; delete it by hand"
            )

    # -- clients -----------------------------------------------------------------------------------

    @staticmethod
    def _ref(op: Operation, side: str) -> ImageRef:
        return ImageRef.of(side, ref_doc(op.props, side), op.profile)

    @contextmanager
    def _registry(self, op: Operation, ref: ImageRef) -> Iterator[RegistryClient]:
        require("httpx", "registry")
        from .logins import open_registry

        client = open_registry(op, ref)
        try:
            client.ping()
            yield client
        finally:
            client.close()

    @contextmanager
    def _copier(
        self,
        op: Operation,
        source: ImageRef,
        destination: ImageRef,
        *,
        what: str | None = None,
        connections: int = 8,
    ) -> Iterator[tuple[ImageCopier, Progress]]:
        require("httpx", "registry")
        from .logins import open_registry
        from .oci.copy import ImageCopier
        from .oci.transfer import Progress, Route

        same = (
            source.cloud == destination.cloud
            and source.registry_key == destination.registry_key
            and (
                source.profile,
                source.username,
            )
            == (destination.profile, destination.username)
        )
        source_client = open_registry(op, source, connections=connections)
        destination_client = (
            source_client if same else open_registry(op, destination, connections=connections)
        )
        try:
            source_client.ping()
            destination_client.ping()
            route = Route(source_client, source.repository, destination_client, destination.repository, same)
            progress = Progress(what or f"{destination.repository}:{destination.tag}")
            yield ImageCopier(route, progress, op.deadline), progress
        finally:
            source_client.close()
            destination_client.close()


def _same_platforms(olds: Mapping[str, Any], wanted: Any) -> bool:
    """Whether the platforms asked for are what the copy holds (`linux/arm64` is `linux/arm64/v8`;
    none asked is all, which a copy that kept the source's digest holds)."""
    from .oci.media import same_platforms

    if is_unknown(wanted):
        return False
    whole = olds.get("copied_digest") is not None and olds.get("copied_digest") == olds.get("source_digest")
    held = olds.get("platforms")
    if wanted is None:
        return whole or held is None
    return isinstance(held, list) and same_platforms(wanted, held)


def _reference(host: str, ref: ImageRef) -> str:
    return f"{host}/{ref.repository}:{ref.tag}"


def _describe(client: Any, repository: str, digest: str) -> dict[str, Any]:
    """What a refresh reports of a digest found at the tag: its kind, size and platforms."""
    manifest = client.get_manifest(repository, digest)
    if not manifest.is_index:
        return {"media_type": manifest.media_type, "size": manifest.size}
    children = [client.get_manifest(repository, child.digest) for child in manifest.children]
    return {
        "media_type": manifest.media_type,
        "size": sum(child.size for child in children),
        "platforms": [c.platform for c in manifest.children if c.platform],
    }
