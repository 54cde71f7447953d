"""`tencentcloud.CvmImageSync`: a custom CVM image copied to other regions (`SyncImages`), the copies managed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .cvm_image_sync_provider import CvmImageSyncProvider


@dataclass(kw_only=True)
class CvmImageSyncArgs:
    """The arguments of a `CvmImageSync`, for `CvmImageSync(resource_name, args, opts)`.

    Identity: the source image (`image_id` + `region`), and per destination region its copy. A new
    `image_id` or `region` replaces the resource; `destination_regions`, `image_name` and
    `triggers` change it in place; `encrypt`/`kms_key_id` replace it.
    """

    image_id: Input[str]
    destination_regions: Input[Sequence[Input[str]]]
    image_name: Input[str] | None = None
    encrypt: Input[bool] | None = None
    kms_key_id: Input[str] | None = None
    triggers: Input[Mapping[str, Any]] | None = None
    region: Input[str] | None = None
    timeout_seconds: Input[float] | None = None
    wait: Input[bool] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class CvmImageSync(ImageSyncResource, module="imagesync/tencentcloud", name="CvmImageSync"):
    """Copies of a custom CVM image in other regions (`SyncImages`), waited for in parallel.

    The copies are the resource: refreshed per region (a copy deleted outside Pulumi shows as drift
    and is copied again by the next `up`), extended to new regions and removed from dropped ones in
    place, and deleted with their snapshots on destroy (`DeleteImages(DeleteBindedSnap=true)`). A
    create that fails deletes the copies it made.

    Id: `<region>#<source image id>`, e.g. `ap-beijing#img-o3ycss2p`. Type token:
    `pulumi-python:dynamic/imagesync/tencentcloud:CvmImageSync`.
    """

    _args_class = CvmImageSyncArgs
    _provider_class = CvmImageSyncProvider

    @overload
    def __init__(
        self, resource_name: str, args: CvmImageSyncArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        image_id: Input[str],
        destination_regions: Input[Sequence[Input[str]]],
        image_name: Input[str] | None = None,
        encrypt: Input[bool] | None = None,
        kms_key_id: Input[str] | None = None,
        triggers: Input[Mapping[str, Any]] | None = None,
        region: Input[str] | None = None,
        timeout_seconds: Input[float] | None = None,
        wait: Input[bool] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Copy a custom CVM image to other regions: keyword arguments, or a `CvmImageSyncArgs` as `args`.

        :param resource_name: The Pulumi name of the resource.
        :param args: The arguments as one `CvmImageSyncArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param image_id: The custom (or shared) image to copy, `img-xxxxxxxx`. It must be `NORMAL`.
            Replace.
        :param destination_regions: Regions to copy into, one or more, no duplicates; their order
            does not matter. A custom image's copies go to other regions; a shared image is copied
            only into its own region (as a custom image of this account). In place: a region added
            is copied alone, a region dropped has its copy deleted.
        :param image_name: Name of the copies (at most 60 characters). Default: the source's name.
            CVM image names are unique in a region. In place: the copies are renamed
            (`ModifyImageAttribute`).
        :param encrypt: Copy as an encrypted custom image. The API makes encrypted copies in the
            source region only: `destination_regions` must be `[region]`, and `image_name` is
            required. Replace.
        :param kms_key_id: KMS key of an encrypted copy (with `encrypt=True`); default: CBS's own
            key. Replace.
        :param triggers: Any values; a change copies again into every region (in place). New copies
            are made first; each old copy is renamed aside meanwhile and deleted once the new
            copies are `NORMAL`, so no region is ever without a copy.
        :param region: Region of the source image. Default: `tencentcloud:region` /
            `TENCENTCLOUD_REGION`. Replace.
        :param timeout_seconds: How long to wait for the copies (default 3600). Never causes a diff.
        :param wait: Wait until every copy is `NORMAL` (default true). With false, `up` returns once
            SyncImages accepted the copies, and `pulumi refresh` reports `image_states` and
            `sync_percents`. Never causes a diff.
        :param adopt: If a custom image with the copies' name already exists in a destination
            region, manage it as this resource's copy there (it is then deleted on destroy).
            Default false: that is an error. Never causes a diff.
        :param profile: Name of a credential set in the stack config `imagesync:profiles`. Never
            causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        destination_regions: Input[Sequence[Input[str]]] | None = None,
        image_ids: Input[Mapping[str, Input[str]]] | None = None,
        image_name: Input[str] | None = None,
        profile: Input[str] | None = None,
    ) -> CvmImageSync:
        """Read existing copies without managing them.

        The id (`<region>#<source image id>`) names only the source, and a copy does not record
        where it came from, so say where the copies are: `image_ids` ({region: copy id}), or
        `destination_regions` and the copies are found by name (`image_name`, default the source's
        current name).
        """
        return cls._get(
            resource_name,
            id,
            opts,
            destination_regions=destination_regions,
            image_ids=image_ids,
            image_name=image_name,
            profile=profile,
        )

    @property
    @pulumi.getter
    def image_id(self) -> pulumi.Output[str]:
        """The source image."""
        return pulumi.get(self, "image_id")

    @property
    @pulumi.getter
    def destination_regions(self) -> pulumi.Output[list[str]]:
        """The regions holding a copy, sorted."""
        return pulumi.get(self, "destination_regions")

    @property
    @pulumi.getter
    def image_name(self) -> pulumi.Output[str | None]:
        """The name declared for the copies (or the name a copy was renamed to outside Pulumi)."""
        return pulumi.get(self, "image_name")

    @property
    @pulumi.getter
    def encrypt(self) -> pulumi.Output[bool]:
        """Whether the copy is an encrypted custom image."""
        return pulumi.get(self, "encrypt")

    @property
    @pulumi.getter
    def kms_key_id(self) -> pulumi.Output[str | None]:
        """KMS key of an encrypted copy."""
        return pulumi.get(self, "kms_key_id")

    @property
    @pulumi.getter
    def triggers(self) -> pulumi.Output[dict[str, Any] | None]:
        """The values whose change copies again."""
        return pulumi.get(self, "triggers")

    @property
    @pulumi.getter
    def region(self) -> pulumi.Output[str]:
        """Region of the source image."""
        return pulumi.get(self, "region")

    @property
    @pulumi.getter
    def wait(self) -> pulumi.Output[bool]:
        """Whether a create or update waits for every copy to be `NORMAL`."""
        return pulumi.get(self, "wait")

    @property
    @pulumi.getter
    def image_ids(self) -> pulumi.Output[dict[str, str]]:
        """Destination region -> id of the copy there."""
        return pulumi.get(self, "image_ids")

    @property
    @pulumi.getter
    def image_names(self) -> pulumi.Output[dict[str, str]]:
        """Destination region -> the name its copy carries (a copy renamed outside Pulumi shows
        here, and in `image_name`, until the next `up` renames it back)."""
        return pulumi.get(self, "image_names")

    @property
    @pulumi.getter
    def image_states(self) -> pulumi.Output[dict[str, str]]:
        """Destination region -> state of its copy (`SYNCING`, `CREATING`, `NORMAL`, `CREATEFAILED`)."""
        return pulumi.get(self, "image_states")

    @property
    @pulumi.getter
    def sync_percents(self) -> pulumi.Output[dict[str, int]]:
        """Destination region -> copy progress in percent, as CVM reports it."""
        return pulumi.get(self, "sync_percents")

    @property
    @pulumi.getter
    def copy_name(self) -> pulumi.Output[str]:
        """The name the copies were given (`image_name`, or the source's name)."""
        return pulumi.get(self, "copy_name")
