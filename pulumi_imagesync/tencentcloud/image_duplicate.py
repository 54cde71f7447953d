"""`tencentcloud.ImageDuplicate`: a TCR tag copied (`DuplicateImage`) and managed as the destination tag."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ..dynamic_resource import ImageSyncResource
from .image_duplicate_provider import ImageDuplicateProvider


@dataclass(kw_only=True)
class ImageDuplicateArgs:
    """The arguments of an `ImageDuplicate`.

    Identity: `registry_id` + destination namespace/repository/tag. A new source (`source_*`),
    `override` or `triggers` copies again onto the same destination, in place and with override:
    promoting build N+1 onto `prd` is an update, and `prd` is never missing in between. A new
    destination or `region` replaces the resource.
    """

    registry_id: pulumi.Input[str]
    """Id of the TCR instance (`tcr-...`) holding both source and destination."""
    source_namespace: pulumi.Input[str]
    """Namespace of the source image. In place."""
    source_repo: pulumi.Input[str]
    """Repository of the source image (may contain `/`). In place."""
    source_reference: pulumi.Input[str]
    """Tag of the source image. In place."""
    destination_tag: pulumi.Input[str]
    """Tag to write in the destination. Replace."""
    destination_namespace: pulumi.Input[str] | None = None
    """Namespace to copy into. Default: `source_namespace`. Replace."""
    destination_repo: pulumi.Input[str] | None = None
    """Repository to copy into. Default: `source_repo`. Replace."""
    override: pulumi.Input[bool] | None = None
    """Overwrite a destination tag that already exists. Such a tag is recorded as existing
    before, and is kept on destroy. Default false: an existing destination tag is an error."""
    triggers: pulumi.Input[Mapping[str, Any]] | None = None
    """Any values; a change copies again (in place), e.g. `{"build": build_id}`."""
    region: pulumi.Input[str] | None = None
    """Region of the instance. Default: `tencentcloud:region` / `TENCENTCLOUD_REGION`."""
    timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for the copy (default 600), and how long a copy that was sent may still
    land (`DuplicateImage` names no task: a copy that fails never arrives). Never causes a diff."""
    wait: pulumi.Input[bool] | None = None
    """Wait until the destination tag holds the copy (default true). With false, the create
    returns once `DuplicateImage` is accepted (`copy_state` `COPYING`); `pulumi refresh` reports
    the copy's arrival. Never causes a diff."""
    adopt: pulumi.Input[bool] | None = None
    """If the destination tag exists: overwrite it and make it this resource's own (deleted on
    destroy while it holds the copied digest). Default false. Never causes a diff."""
    profile: pulumi.Input[str] | None = None
    """Name of a credential set in the stack config `imagesync:profiles`. Never causes a diff."""


class ImageDuplicate(ImageSyncResource, module="imagesync/tencentcloud", name="ImageDuplicate"):
    """A copy of one TCR tag to another tag of the same instance (`DuplicateImage`).

    Destroy deletes the destination tag (with the tag-only API, so other tags sharing its digest
    stay), and only if it still holds the digest this resource wrote and did not exist before.

    Id: `<region>#<registry id>#<namespace>#<repository>#<tag>`. Type token:
    `pulumi-python:dynamic/imagesync/tencentcloud:ImageDuplicate`.
    """

    _args_class = ImageDuplicateArgs
    _provider_class = ImageDuplicateProvider

    registry_id: pulumi.Output[str]
    source_namespace: pulumi.Output[str]
    source_repo: pulumi.Output[str]
    source_reference: pulumi.Output[str]
    destination_tag: pulumi.Output[str]
    destination_namespace: pulumi.Output[str]
    destination_repo: pulumi.Output[str]
    override: pulumi.Output[bool]
    triggers: pulumi.Output[dict[str, Any] | None]
    region: pulumi.Output[str]
    timeout_seconds: pulumi.Output[float]
    wait: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    profile: pulumi.Output[str | None]
    digest: pulumi.Output[str]
    """Digest the destination tag holds now."""
    size: pulumi.Output[int]
    """Size of the image in bytes."""
    image_reference: pulumi.Output[str]
    """Full reference to pull: `<instance domain>/<namespace>/<repository>:<tag>`."""
    update_time: pulumi.Output[str]
    copied_digest: pulumi.Output[str]
    """Digest this resource wrote (a refresh showing another `digest` means it was overwritten)."""
    copy_state: pulumi.Output[str]
    """`COPIED` (the tag held `copied_digest` when last seen), `COPYING` (sent, not arrived yet) or
    `NOT_ARRIVED` (not arrived within `timeout_seconds`: the next `up` copies again)."""
    copying_until: pulumi.Output[str | None]
    """While `COPYING`: until when the copy may still land (UTC, ISO 8601)."""
    existed_before: pulumi.Output[bool]
    """Whether the destination tag existed before this resource (then it is kept on destroy)."""
    previous_digest: pulumi.Output[str | None]
    """Digest the destination tag held before it was overwritten, if it existed."""

    @overload
    def __init__(
        self, resource_name: str, args: ImageDuplicateArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        registry_id: pulumi.Input[str],
        source_namespace: pulumi.Input[str],
        source_repo: pulumi.Input[str],
        source_reference: pulumi.Input[str],
        destination_tag: pulumi.Input[str],
        destination_namespace: pulumi.Input[str] | None = None,
        destination_repo: pulumi.Input[str] | None = None,
        override: pulumi.Input[bool] | None = None,
        triggers: pulumi.Input[Mapping[str, Any]] | None = None,
        region: pulumi.Input[str] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        wait: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create an ImageDuplicate. Arguments: see `ImageDuplicateArgs`."""
        super().__init__(resource_name, *args, **kwargs)
