"""Provider of `tencentcloud.ImageDuplicate`: one tag copied inside a TCR instance.

Permanent identifier: this module path and the class name `ImageDuplicateProvider` are pickled
into every ImageDuplicate's state.

The resource is the destination tag. `DuplicateImage` answers with a request id only, so the copy
is confirmed by reading the destination tag (`DescribeImages`, exact match) until it holds the
source's digest; a copy that fails never arrives. Each copy is therefore noted before it is sent
(`copies.SentCopy`) with the time until which it may still land (`timeout_seconds` later): a
create resumed after a crash follows its predecessor's copy instead of sending another, a
destroy waits for a copy that may still land, and a refresh reports a copy still on its way as
`COPYING`, not as gone. Whether the destination tag existed before is recorded at create: a tag
that was there before is never deleted (nor one whose past is unknown), and a tag is only deleted
while it still holds a digest this resource wrote. Id:
`<region>#<registry id>#<namespace>#<repository>#<tag>`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, DiffResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.copies import (
    COPIED,
    COPYING,
    NOT_ARRIVED,
    SentCopy,
    claim_destination,
    copy_state,
    iso,
    keep_unknown,
)
from ..provider.error_table import create_once, gone, scope_gone_is_success
from ..provider.errors import CloudError, InFlightError, InputError, WaitTimeoutError
from ..provider.fields import Schema, common_fields, identity, in_place, output, replace, update_in_place
from ..provider.ids import IdLayout
from ..provider.rollback import DEFAULT_BUDGET_SECONDS, Rollback
from ..provider.validation import TAG_RE, Checks
from ..provider.waiting import Deadline, wait_for_found
from . import names
from .api import TencentApi, tencent_api
from .regions import REGIONS

log = logging.getLogger("pulumi_imagesync")

REGISTRY_ID_RE = re.compile(r"^tcr-[a-z0-9]{1,32}$")
TAG_RULE = "1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"

SCHEMA = Schema(
    [
        identity("registry_id", required=True),
        identity("destination_namespace"),
        identity("destination_repo"),
        identity("destination_tag", required=True),
        replace("region"),
        in_place("source_namespace", required=True),
        in_place("source_repo", required=True),
        in_place("source_reference", required=True),
        in_place("override", bool, default=False),
        in_place("triggers", dict),
        *common_fields(timeout_seconds=600),
        output("digest"),
        output("size", int),
        output("image_reference"),
        output("update_time"),
        output("copied_digest"),
        output("copy_state"),
        output("copying_until"),
        output("existed_before", bool),
        output("previous_digest"),
    ]
)

# What "gone" means for the tag (provider.error_table.gone): its own code and its repository's;
# its namespace's where the tag is only looked at (a read, a delete), not where the namespace must
# exist (the source of a copy, the destination of a create). The registry is the scope: a
# registry not found is an error on read and nothing to remove on delete.
TAG_GONE = frozenset({"ResourceNotFound.ErrNoTag", "ResourceNotFound.ErrNoRepo"})
NAMESPACE_GONE = frozenset({"ResourceNotFound.ErrNoNamespace"})
REGISTRY_GONE = frozenset({"ResourceNotFound", "ResourceNotFound.TcrResourceNotFound"})
# DuplicateImage without Override onto a tag that exists (the emulator's choice, T-ERR-3).
TAG_EXISTS = frozenset({"FailedOperation.PreconditionFailed"})

Tag = dict[str, Any]


class ImageDuplicateProvider(ImageSyncProvider):
    cloud = "tencentcloud"
    schema = SCHEMA
    noun = "TCR tag"
    id_layout = IdLayout(
        ("region", "region"),
        ("registry_id", "registry id"),
        ("destination_namespace", "namespace"),
        ("destination_repo", "repository"),
        ("destination_tag", "tag"),
    )

    # -- offline ---------------------------------------------------------------------------------

    def complete(self, inputs: dict[str, Any]) -> None:
        # The API's own defaults, made explicit so that "absent" and "same as the source" never diff.
        if inputs.get("destination_namespace") is None and inputs.get("source_namespace") is not None:
            inputs["destination_namespace"] = inputs["source_namespace"]
        if inputs.get("destination_repo") is None and inputs.get("source_repo") is not None:
            inputs["destination_repo"] = inputs["source_repo"]

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        checks.pattern("registry_id", REGISTRY_ID_RE, "a TCR instance id looks like tcr-xxxxxxxx")
        for field in ("source_namespace", "destination_namespace"):
            if checks.pattern(field, names.NAMESPACE_RE, names.NAMESPACE_RULE):
                checks.length(field, *names.NAMESPACE_LENGTH)
        for field in ("source_repo", "destination_repo"):
            if checks.pattern(field, names.REPOSITORY, names.REPOSITORY_RULE):
                checks.length(field, *names.REPOSITORY_LENGTH)
        if str(inputs.get("source_reference", "")).startswith("sha256:"):
            # DuplicateImage: "Source image tag or digest value. Currently, only tag is supported."
            checks.fail("source_reference", "DuplicateImage copies only a tag, not a digest: name the tag")
        for field in ("source_reference", "destination_tag"):
            checks.pattern(field, TAG_RE, TAG_RULE, maximum=128)
        checks.region("region", REGIONS, "Tencent Cloud")
        checks.differ(
            "destination_tag",
            ["source_namespace", "source_repo", "source_reference"],
            ["destination_namespace", "destination_repo", "destination_tag"],
            "same namespace, repository and tag",
        )
        return checks

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(id_, olds, news)
        # Seen by a refresh: the tag was overwritten outside Pulumi, or a copy never arrived.
        # Copy again, in place. (A copy still on its way is not drift.)
        state = olds.get("copy_state") or COPIED
        drifted = (
            state == COPIED and olds.get("copied_digest") and olds.get("digest") != olds["copied_digest"]
        )
        if (drifted or state == NOT_ARRIVED) and not result.changes:
            what = f"{self.noun} {self._describe(olds)}"
            if drifted:
                self.explain(
                    olds,
                    "%s now holds %s, not %s that this resource copied: the update copies it again",
                    what,
                    olds.get("digest") or "nothing",
                    olds["copied_digest"],
                )
            else:
                self.explain(olds, "the copy to %s never arrived: the update copies it again", what)
            return update_in_place(result)
        return result

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"{self.noun} {self._describe(op)}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        api = tencent_api(op, "tcr")
        before = self._tag(api, op, *self._destination(op))
        record, new = claim_destination(
            op, f"{self.noun} {self._describe(op)}", before.get("Digest") if before else None
        )
        # Only a tag that did not exist before is removed again if the create fails.
        copied = self._copy(api, op, rollback, override=before is not None, owned=new, new_tag=new)
        return {**record, **copied}

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        api = tencent_api(op, "tcr")
        tag = self._tag(api, op, *self._destination(op), parent_gone_is_gone=True)
        state = copy_state(op.props, tag.get("Digest") if tag else None)
        if state == COPYING:
            what = self._describe(op)
            self.explain(
                op.props, "the copy to %s is on its way (it may land until %s)", what, op.get("copying_until")
            )
        if tag is None:
            # Gone, unless a copy this resource sent may still land: then it is on its way.
            return {"copy_state": COPYING} if state == COPYING else None
        return {**self._view(api, op, tag), "copy_state": state}

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        # A new source promoted onto the same destination: always with override, so the
        # destination tag is replaced in one step and never missing in between.
        api = tencent_api(op, "tcr")
        owned = olds.get("existed_before") is False
        return self._copy(api, op, rollback, override=True, owned=owned, new_tag=False)

    def delete_resource(self, op: Operation) -> None:
        what = f"{self.noun} {self._describe(op)}"
        existed_before = op.props.get("existed_before")
        if existed_before is not False:
            keep_unknown(
                what,
                "it existed before this resource"
                if existed_before
                else "whether it existed before is not recorded",
            )
            return
        api = tencent_api(op, "tcr")
        ours = {d for d in (op.get("copied_digest"), (op.recall("copy") or {}).get("digest")) if d}
        with scope_gone_is_success(f"registry {op['registry_id']}", REGISTRY_GONE):
            self._await_copies_in_flight(api, op, ours)
            self._delete_if_ours(api, op, ours)

    # -- copying ---------------------------------------------------------------------------------

    def _copy(
        self,
        api: TencentApi,
        op: Operation,
        rollback: Rollback,
        *,
        override: bool,
        owned: bool,
        new_tag: bool,
    ) -> dict[str, Any]:
        """Copy the source onto the destination tag (or follow the copy a predecessor sent).

        ``owned``: the tag is (or becomes) this resource's own, so a copy that fails must not be
        left to land later unrecorded; ``new_tag``: it did not exist before, so a failed create
        removes it again.
        """
        digest = self._source_digest(api, op)

        def arrived() -> Tag | None:
            return self._holding(api, op, digest)

        sent = SentCopy.from_note(op.recall("copy"))
        if sent is not None and sent.digest == digest:  # the predecessor's copy of this very image
            landed = arrived()
            if landed is not None:
                log.info("the copy to %s that an earlier run started has arrived", self._describe(op))
                return self._copied(api, op, landed, sent)
            if not sent.may_still_land():
                sent = None  # it never arrived: send it again
            else:
                log.warning(
                    "following the copy to %s that an earlier run started (it may land until %s)",
                    self._describe(op),
                    iso(sent.until),
                )
                self._undo_on_failure(op, rollback, sent, owned=owned, new_tag=new_tag)
        else:
            sent = None
        while True:
            if sent is None:
                sent = self._send(api, op, rollback, digest, override=override, owned=owned, new_tag=new_tag)
            if not op.wait:
                return self._copied(api, op, arrived(), sent)
            # A predecessor's copy is followed until its window ends; this run's, until its deadline.
            window = Deadline(min(op.deadline.remaining(), sent.seconds_left()))
            try:
                landed = wait_for_found(
                    arrived,
                    deadline=op.deadline if window.remaining() >= op.deadline.remaining() else window,
                    what=f"copy of {op['source_repo']}:{op['source_reference']} to {self._describe(op)}",
                )
            except WaitTimeoutError:
                if op.deadline.expired:
                    raise
                log.warning("the earlier copy to %s never arrived; copying again", self._describe(op))
                sent, override = None, True
                continue
            return self._copied(api, op, landed, sent)

    def _send(
        self,
        api: TencentApi,
        op: Operation,
        rollback: Rollback,
        digest: str,
        *,
        override: bool,
        owned: bool,
        new_tag: bool,
    ) -> SentCopy:
        """`DuplicateImage`, noted before it is sent: once sent, the copy is this resource's."""
        sent = SentCopy.send(digest, op.deadline.seconds)
        op.note(copy=sent.as_note())
        if op.resuming and not override:
            # A predecessor's copy of an older source may have arrived: that tag is ours to overwrite.
            override = self._tag(api, op, *self._destination(op)) is not None
        try:
            create_once(
                api,
                "DuplicateImage",
                {
                    "RegistryId": op["registry_id"],
                    "SourceNamespace": op["source_namespace"],
                    "SourceRepo": op["source_repo"],
                    "SourceReference": op["source_reference"],
                    "DestinationNamespace": op["destination_namespace"],
                    "DestinationRepo": op["destination_repo"],
                    "DestinationTag": op["destination_tag"],
                    "Override": override,
                },
                already_applied=lambda: self._holding(api, op, digest),
                exists=TAG_EXISTS,
            )
        except CloudError as error:
            if error.maybe_applied:  # it may be on its way all the same
                self._undo_on_failure(op, rollback, sent, owned=owned, new_tag=new_tag)
            raise
        self._undo_on_failure(op, rollback, sent, owned=owned, new_tag=new_tag)
        return sent

    def _undo_on_failure(
        self, op: Operation, rollback: Rollback, sent: SentCopy, *, owned: bool, new_tag: bool
    ) -> None:
        """If the operation fails: a new tag is removed once the copy has landed; a copy onto a tag
        of this resource's that may still land stays in the record (the next `up` follows it)."""
        if not owned:
            return  # a tag that existed before: kept on destroy whatever it holds

        def undo() -> None:
            api = tencent_api(op, "tcr", cleanup=True)
            # A short look (the copy may be about to land), ending well before its window does:
            # a copy still on its way stays recorded rather than being given up on.
            budget = Deadline(min(DEFAULT_BUDGET_SECONDS, sent.seconds_left() / 2))
            landed = self._await_digest(api, op, sent.digest, budget)
            if landed and new_tag:
                self._delete_if_ours(api, op, {sent.digest})
            elif not landed and sent.may_still_land():
                raise InFlightError(f"the copy may still land until {iso(sent.until)}")
            elif landed:
                raise InFlightError(f"it now holds {sent.digest}, copied by this failed update")

        rollback.add(f"tag {self._describe(op)}", undo)

    def _await_digest(self, api: TencentApi, op: Operation, digest: str, deadline: Deadline) -> bool:
        """Whether the destination holds `digest` within `deadline` (polling with back-off)."""
        try:
            wait_for_found(
                lambda: self._holding(api, op, digest),
                deadline=deadline,
                what=f"copy to {self._describe(op)}",
            )
        except WaitTimeoutError:
            return False
        return True

    def _holding(self, api: TencentApi, op: Operation, digest: str) -> Tag | None:
        tag = self._tag(api, op, *self._destination(op), parent_gone_is_gone=True)
        return tag if tag is not None and tag.get("Digest") == digest else None

    def _await_copies_in_flight(self, api: TencentApi, op: Operation, ours: set[str]) -> None:
        """A destroy never deletes while a copy this resource sent may still land: it would land
        after the destroy, an orphan of no stack."""
        sent = [
            s
            for s in (SentCopy.from_note(op.recall("copy")), SentCopy.from_outputs(op.props))
            if s is not None and s.may_still_land()
        ]
        for copy in sent:
            if self._holding(api, op, copy.digest) is not None:
                continue
            log.warning(
                "waiting for the copy to %s this resource sent (it may land until %s) before deleting",
                self._describe(op),
                iso(copy.until),
            )
            self._await_digest(
                api, op, copy.digest, Deadline(min(op.deadline.remaining(), copy.seconds_left()))
            )
            if copy.may_still_land() and self._holding(api, op, copy.digest) is None:
                raise WaitTimeoutError(
                    f"a copy to {self._describe(op)} that this resource sent may still land until "
                    f"{iso(copy.until)}; deleting the tag before then would leave it to nobody"
                )
            ours.add(copy.digest)

    def _copied(self, api: TencentApi, op: Operation, tag: Tag | None, sent: SentCopy) -> dict[str, Any]:
        """Outputs after a copy: what the tag holds, and the copy's state."""
        landed = tag is not None and tag.get("Digest") == sent.digest
        view = self._view(api, op, tag) if tag is not None else {"image_reference": self._reference(api, op)}
        return {
            **view,
            "copied_digest": sent.digest,
            "copy_state": COPIED if landed else COPYING,
            "copying_until": None if landed else iso(sent.until),
        }

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _destination(op: Operation) -> tuple[str, str, str]:
        return op["destination_namespace"], op["destination_repo"], op["destination_tag"]

    @staticmethod
    def _describe(op: Operation | Mapping[str, Any]) -> str:
        return f"{op['destination_namespace']}/{op['destination_repo']}:{op['destination_tag']} in {op['registry_id']}"

    @staticmethod
    def _tag(
        api: TencentApi,
        op: Operation,
        namespace: str,
        repo: str,
        tag: str,
        *,
        parent_gone_is_gone: bool = False,
    ) -> Tag | None:
        """A tag as `DescribeImages` reports it (exact match), or None.

        A missing namespace is an error where it is one (the source of a copy, the destination of
        a create); where the tag is only looked at (a read, a delete), it means the tag is gone.
        """
        try:
            answer = api.call(
                "DescribeImages",
                {
                    "RegistryId": op["registry_id"],
                    "NamespaceName": namespace,
                    "RepositoryName": repo,
                    "ImageVersion": tag,
                    "ExactMatch": True,
                    "Limit": 100,
                    "Offset": 1,
                },
            )
        except CloudError as error:
            if gone(error, TAG_GONE | NAMESPACE_GONE if parent_gone_is_gone else TAG_GONE):
                return None
            raise
        for image in answer.get("ImageInfoList") or []:
            if image.get("ImageVersion") == tag:
                return dict(image)
        return None

    def _source_digest(self, api: TencentApi, op: Operation) -> str:
        source = self._tag(api, op, op["source_namespace"], op["source_repo"], op["source_reference"])
        if source is None:
            raise InputError(
                "source_reference",
                f"tag {op['source_namespace']}/{op['source_repo']}:{op['source_reference']} "
                f"does not exist in {op['registry_id']}",
            )
        return str(source.get("Digest"))

    def _view(self, api: TencentApi, op: Operation, tag: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "digest": tag.get("Digest"),
            "size": tag.get("Size"),
            "update_time": tag.get("UpdateTime"),
            "image_reference": self._reference(api, op),
        }

    @staticmethod
    def _reference(api: TencentApi, op: Operation) -> str:
        """`<instance public domain>/<namespace>/<repository>:<tag>`, what `docker pull` takes."""
        answer = api.call("DescribeInstances", {"Registryids": [op["registry_id"]]})
        registries = answer.get("Registries") or []
        domain = registries[0].get("PublicDomain") if registries else None
        path = f"{op['destination_namespace']}/{op['destination_repo']}:{op['destination_tag']}"
        return f"{domain}/{path}" if domain else path

    def _delete_if_ours(self, api: TencentApi, op: Operation, ours: set[str]) -> None:
        """Delete the tag if it holds a digest this resource wrote; keep it, saying so, otherwise."""
        namespace, repo, tag = self._destination(op)
        current = self._tag(api, op, namespace, repo, tag, parent_gone_is_gone=True)
        if current is None:
            return
        if current.get("Digest") not in ours:
            keep_unknown(
                f"{self.noun} {self._describe(op)}",
                f"it now holds {current.get('Digest')}, not a digest this resource wrote ({', '.join(sorted(ours)) or 'none'})",
            )
            return
        try:
            api.call(
                "DeleteRepositoryTags",
                {
                    "RegistryId": op["registry_id"],
                    "NamespaceName": namespace,
                    "RepositoryName": repo,
                    "Tags": [tag],
                },
            )
        except CloudError as error:
            if not gone(error, TAG_GONE | NAMESPACE_GONE):
                raise
