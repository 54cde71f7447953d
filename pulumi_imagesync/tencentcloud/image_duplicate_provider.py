"""Provider of `tencentcloud.ImageDuplicate`: one tag copied inside a TCR instance.

Permanent identifier: this module path and the class name `ImageDuplicateProvider` are pickled
into every ImageDuplicate's state.

The resource is the destination tag. `DuplicateImage` answers with a request id only, so the copy
is confirmed by reading the destination tag (`DescribeImages`, exact match) until it holds the
source's digest. Whether the destination tag existed before is recorded at create: a tag that
was there before is never deleted, and a tag is only deleted while it still holds the digest
this resource wrote. Id: `<region>#<registry id>#<namespace>#<repository>#<tag>`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, DiffResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.copies import claim_destination
from ..provider.errors import CloudError, InputError
from ..provider.fields import Schema, common_fields, identity, in_place, output, replace
from ..provider.ids import IdLayout
from ..provider.rollback import Rollback
from ..provider.validation import PATH_COMPONENT_RE, REPOSITORY_RE, TAG_RE, Checks
from ..provider.waiting import wait_for_found
from .api import TencentApi, tencent_api
from .regions import REGIONS

log = logging.getLogger("pulumi_imagesync")

REGISTRY_ID_RE = re.compile(r"^tcr-[a-z0-9]{1,32}$")
NAMESPACE_RULE = "lower-case letters and digits, separated by single '.', '_', '__' or '-'"
REPOSITORY_RULE = NAMESPACE_RULE + "; path segments separated by '/'"
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
        *common_fields(timeout_seconds=600, wait=False),
        output("digest"),
        output("size", int),
        output("image_reference"),
        output("update_time"),
        output("copied_digest"),
        output("existed_before", bool),
        output("previous_digest"),
    ]
)


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
            checks.pattern(field, PATH_COMPONENT_RE, NAMESPACE_RULE, maximum=64)
        for field in ("source_repo", "destination_repo"):
            checks.pattern(field, REPOSITORY_RE, REPOSITORY_RULE, maximum=200)
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
        # The tag was overwritten outside Pulumi (seen by a refresh): copy again, in place.
        drifted = olds.get("copied_digest") and olds.get("digest") and olds["digest"] != olds["copied_digest"]
        if drifted and not result.changes:
            return DiffResult(changes=True, replaces=[], stables=result.stables, delete_before_replace=False)
        return result

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        api = tencent_api(op, "tcr")
        before = self._tag(api, op, *self._destination(op))
        record, new = claim_destination(
            op, f"{self.noun} {self._describe(op)}", before.get("Digest") if before else None
        )
        # Only a tag that did not exist before is removed again if the create fails.
        copied = self._copy(api, op, override=before is not None, rollback=rollback if new else None)
        return {**record, **self._view(api, op, copied), "copied_digest": copied["Digest"]}

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        api = tencent_api(op, "tcr")
        tag = self._tag(api, op, *self._destination(op))
        return None if tag is None else self._view(api, op, tag)

    def update_resource(self, op: Operation, olds: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        # A new source promoted onto the same destination: always with override, so the
        # destination tag is replaced in one step and never missing in between.
        api = tencent_api(op, "tcr")
        copied = self._copy(api, op, override=True)
        return {**self._view(api, op, copied), "copied_digest": copied["Digest"]}

    def delete_resource(self, op: Operation) -> None:
        if op.get("existed_before"):
            log.info("keeping %s: it existed before this resource", self._describe(op))
            return
        self._delete_if_ours(tencent_api(op, "tcr"), op, op.get("copied_digest") or op.get("digest"))

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _destination(op: Operation) -> tuple[str, str, str]:
        return op["destination_namespace"], op["destination_repo"], op["destination_tag"]

    @staticmethod
    def _describe(op: Operation) -> str:
        return f"{op['destination_namespace']}/{op['destination_repo']}:{op['destination_tag']} in {op['registry_id']}"

    @staticmethod
    def _tag(api: TencentApi, op: Operation, namespace: str, repo: str, tag: str) -> dict[str, Any] | None:
        """A tag as `DescribeImages` reports it (exact match), or None."""
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
            if error.not_found and error.code != "ResourceNotFound.ErrNoNamespace":
                return None
            raise
        for image in answer.get("ImageInfoList") or []:
            if image.get("ImageVersion") == tag:
                return dict(image)
        return None

    def _copy(
        self, api: TencentApi, op: Operation, *, override: bool, rollback: Rollback | None = None
    ) -> dict[str, Any]:
        """`DuplicateImage`, then wait until the destination tag holds the source's digest.

        With a `rollback`, the destination tag is new and ours: if anything after the request
        fails, it is removed again (only while it holds the source's digest).
        """
        source = self._tag(api, op, op["source_namespace"], op["source_repo"], op["source_reference"])
        if source is None:
            raise InputError(
                "source_reference",
                f"tag {op['source_namespace']}/{op['source_repo']}:{op['source_reference']} "
                f"does not exist in {op['registry_id']}",
            )
        digest = source.get("Digest")

        def copied() -> dict[str, Any] | None:
            tag = self._tag(api, op, *self._destination(op))
            return tag if tag is not None and tag.get("Digest") == digest else None

        if rollback is not None:
            rollback.add(
                f"tag {self._describe(op)}",
                lambda: self._delete_if_ours(tencent_api(op, "tcr", cleanup=True), op, digest),
            )
        if op.resuming:  # the copy of the interrupted create this one resumes may have arrived
            arrived = copied()
            if arrived is not None:
                log.info("the copy to %s of an interrupted create has arrived", self._describe(op))
                return arrived
        api.call(
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
            already_applied=copied,
        )
        return wait_for_found(
            copied,
            deadline=op.deadline,
            what=f"copy of {op['source_repo']}:{op['source_reference']} to {self._describe(op)}",
        )

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

    def _delete_if_ours(self, api: TencentApi, op: Operation, digest: str | None) -> None:
        namespace, repo, tag = self._destination(op)
        current = self._tag(api, op, namespace, repo, tag)
        if current is None:
            return
        if digest and current.get("Digest") != digest:
            log.warning(
                "keeping %s: it now holds %s, not the digest this resource wrote (%s)",
                self._describe(op),
                current.get("Digest"),
                digest,
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
            if not error.not_found:
                raise
