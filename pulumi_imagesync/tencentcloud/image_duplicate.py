"""`tencentcloud.ImageDuplicate`: a TCR tag copied (`DuplicateImage`) and managed as the destination tag."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .image_duplicate_provider import ImageDuplicateProvider


@dataclass(kw_only=True)
class ImageDuplicateArgs:
    """The arguments of an `ImageDuplicate`, for `ImageDuplicate(resource_name, args, opts)`.

    Identity: `registry_id` + destination namespace/repository/tag. A new source (`source_*`),
    `override` or `triggers` copies again onto the same destination, in place and with override:
    promoting build N+1 onto `prd` is an update, and `prd` is never missing in between. A new
    destination or `region` replaces the resource.
    """

    registry_id: Input[str]
    source_namespace: Input[str]
    source_repo: Input[str]
    source_reference: Input[str]
    destination_tag: Input[str]
    destination_namespace: Input[str] | None = None
    destination_repo: Input[str] | None = None
    override: Input[bool] | None = None
    triggers: Input[Mapping[str, Any]] | None = None
    region: Input[str] | None = None
    timeout_seconds: Input[float] | None = None
    wait: Input[bool] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class ImageDuplicate(ImageSyncResource, module="imagesync/tencentcloud", name="ImageDuplicate"):
    """A copy of one TCR tag to another tag of the same instance (`DuplicateImage`).

    Destroy deletes the destination tag (with the tag-only API, so other tags sharing its digest
    stay), and only if it still holds the digest this resource wrote and did not exist before.

    Id: `<region>#<registry id>#<namespace>#<repository>#<tag>`. Type token:
    `pulumi-python:dynamic/imagesync/tencentcloud:ImageDuplicate`.
    """

    _args_class = ImageDuplicateArgs
    _provider_class = ImageDuplicateProvider

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
        registry_id: Input[str],
        source_namespace: Input[str],
        source_repo: Input[str],
        source_reference: Input[str],
        destination_tag: Input[str],
        destination_namespace: Input[str] | None = None,
        destination_repo: Input[str] | None = None,
        override: Input[bool] | None = None,
        triggers: Input[Mapping[str, Any]] | None = None,
        region: Input[str] | None = None,
        timeout_seconds: Input[float] | None = None,
        wait: Input[bool] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Copy a TCR tag: keyword arguments, or an `ImageDuplicateArgs` as `args`.

        :param resource_name: The Pulumi name of the resource.
        :param args: The arguments as one `ImageDuplicateArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param registry_id: Id of the TCR instance (`tcr-...`) holding both source and destination.
        :param source_namespace: Namespace of the source image. In place.
        :param source_repo: Repository of the source image (may contain `/`). In place.
        :param source_reference: Tag of the source image. In place.
        :param destination_tag: Tag to write in the destination. Replace.
        :param destination_namespace: Namespace to copy into. Default: `source_namespace`. Replace.
        :param destination_repo: Repository to copy into. Default: `source_repo`. Replace.
        :param override: Overwrite a destination tag that already exists. Such a tag is recorded as
            existing before, and is kept on destroy. Default false: an existing destination tag is
            an error.
        :param triggers: Any values; a change copies again (in place), e.g. `{"build": build_id}`.
        :param region: Region of the instance. Default: `tencentcloud:region` /
            `TENCENTCLOUD_REGION`.
        :param timeout_seconds: How long to wait for the copy (default 600), and how long a copy
            that was sent may still land (`DuplicateImage` names no task: a copy that fails never
            arrives). Never causes a diff.
        :param wait: Wait until the destination tag holds the copy (default true). With false, the
            create returns once `DuplicateImage` is accepted (`copy_state` `COPYING`);
            `pulumi refresh` reports the copy's arrival. Never causes a diff.
        :param adopt: If the destination tag exists: overwrite it and make it this resource's own
            (deleted on destroy while it holds the copied digest). Default false. Never causes a
            diff.
        :param profile: Name of a credential set in the stack config `imagesync:profiles`. Never
            causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    @property
    @pulumi.getter
    def registry_id(self) -> pulumi.Output[str]:
        """Id of the TCR instance."""
        return pulumi.get(self, "registry_id")

    @property
    @pulumi.getter
    def source_namespace(self) -> pulumi.Output[str]:
        """Namespace of the source image."""
        return pulumi.get(self, "source_namespace")

    @property
    @pulumi.getter
    def source_repo(self) -> pulumi.Output[str]:
        """Repository of the source image."""
        return pulumi.get(self, "source_repo")

    @property
    @pulumi.getter
    def source_reference(self) -> pulumi.Output[str]:
        """Tag of the source image."""
        return pulumi.get(self, "source_reference")

    @property
    @pulumi.getter
    def destination_tag(self) -> pulumi.Output[str]:
        """The destination tag: the object this resource manages."""
        return pulumi.get(self, "destination_tag")

    @property
    @pulumi.getter
    def destination_namespace(self) -> pulumi.Output[str]:
        """Namespace of the destination tag."""
        return pulumi.get(self, "destination_namespace")

    @property
    @pulumi.getter
    def destination_repo(self) -> pulumi.Output[str]:
        """Repository of the destination tag."""
        return pulumi.get(self, "destination_repo")

    @property
    @pulumi.getter
    def override(self) -> pulumi.Output[bool]:
        """Whether an existing destination tag may be overwritten."""
        return pulumi.get(self, "override")

    @property
    @pulumi.getter
    def triggers(self) -> pulumi.Output[dict[str, Any] | None]:
        """The values whose change copies again."""
        return pulumi.get(self, "triggers")

    @property
    @pulumi.getter
    def region(self) -> pulumi.Output[str]:
        """Region of the instance."""
        return pulumi.get(self, "region")

    @property
    @pulumi.getter
    def wait(self) -> pulumi.Output[bool]:
        """Whether a create or update waits for the copy to arrive."""
        return pulumi.get(self, "wait")

    @property
    @pulumi.getter
    def digest(self) -> pulumi.Output[str]:
        """Digest the destination tag holds now."""
        return pulumi.get(self, "digest")

    @property
    @pulumi.getter
    def size(self) -> pulumi.Output[int]:
        """Size of the image in bytes."""
        return pulumi.get(self, "size")

    @property
    @pulumi.getter
    def image_reference(self) -> pulumi.Output[str]:
        """Full reference to pull: `<instance domain>/<namespace>/<repository>:<tag>`."""
        return pulumi.get(self, "image_reference")

    @property
    @pulumi.getter
    def update_time(self) -> pulumi.Output[str]:
        """When the destination tag was last written, as TCR reports it."""
        return pulumi.get(self, "update_time")

    @property
    @pulumi.getter
    def copied_digest(self) -> pulumi.Output[str]:
        """Digest this resource wrote (a refresh showing another `digest` means it was overwritten)."""
        return pulumi.get(self, "copied_digest")

    @property
    @pulumi.getter
    def copy_state(self) -> pulumi.Output[str]:
        """`COPIED` (the tag held `copied_digest` when last seen), `COPYING` (sent, not arrived yet)
        or `NOT_ARRIVED` (not arrived within `timeout_seconds`: the next `up` copies again)."""
        return pulumi.get(self, "copy_state")

    @property
    @pulumi.getter
    def copying_until(self) -> pulumi.Output[str | None]:
        """While `COPYING`: until when the copy may still land (UTC, ISO 8601)."""
        return pulumi.get(self, "copying_until")

    @property
    @pulumi.getter
    def existed_before(self) -> pulumi.Output[bool]:
        """Whether the destination tag existed before this resource (then it is kept on destroy)."""
        return pulumi.get(self, "existed_before")

    @property
    @pulumi.getter
    def previous_digest(self) -> pulumi.Output[str | None]:
        """Digest the destination tag held before it was overwritten, if it existed."""
        return pulumi.get(self, "previous_digest")
