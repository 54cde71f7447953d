"""`tencentcloud.CvmImageSync`: a custom CVM image copied to other regions (`SyncImages`), the copies managed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ..dynamic_resource import ImageSyncResource
from .cvm_image_sync_provider import CvmImageSyncProvider


@dataclass(kw_only=True)
class CvmImageSyncArgs:
    """The arguments of a `CvmImageSync`.

    Identity: the source image (`image_id` + `region`), and per destination region its copy. A new
    `image_id` or `region` replaces the resource; `destination_regions`, `image_name` and
    `triggers` change it in place; `encrypt`/`kms_key_id` replace it.
    """

    image_id: pulumi.Input[str]
    """The custom (or shared) image to copy, `img-xxxxxxxx`. It must be `NORMAL`. Replace."""
    destination_regions: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Regions to copy into, one or more, no duplicates; their order does not matter. A custom
    image's copies go to other regions; a shared image is copied only into its own region (as a
    custom image of this account). In place: a region added is copied alone, a region dropped has
    its copy deleted."""
    image_name: pulumi.Input[str] | None = None
    """Name of the copies (at most 60 characters). Default: the source's name. CVM image names are
    unique in a region. In place: the copies are renamed (`ModifyImageAttribute`)."""
    encrypt: pulumi.Input[bool] | None = None
    """Copy as an encrypted custom image. The API makes encrypted copies in the source region
    only: `destination_regions` must be `[region]`, and `image_name` is required. Replace."""
    kms_key_id: pulumi.Input[str] | None = None
    """KMS key of an encrypted copy (with `encrypt=True`); default: CBS's own key. Replace."""
    triggers: pulumi.Input[Mapping[str, Any]] | None = None
    """Any values; a change copies again into every region (in place). New copies are made first;
    each old copy is renamed aside meanwhile and deleted once the new copies are `NORMAL`, so no
    region is ever without a copy."""
    region: pulumi.Input[str] | None = None
    """Region of the source image. Default: `tencentcloud:region` / `TENCENTCLOUD_REGION`. Replace."""
    timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for the copies (default 3600). Never causes a diff."""
    wait: pulumi.Input[bool] | None = None
    """Wait until every copy is `NORMAL` (default true). With false, `up` returns once SyncImages
    accepted the copies, and `pulumi refresh` reports `image_states` and `sync_percents`. Never
    causes a diff."""
    adopt: pulumi.Input[bool] | None = None
    """If a custom image with the copies' name already exists in a destination region, manage it as
    this resource's copy there (it is then deleted on destroy). Default false: that is an error.
    Never causes a diff."""
    profile: pulumi.Input[str] | None = None
    """Name of a credential set in the stack config `imagesync:profiles`. Never causes a diff."""


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

    image_id: pulumi.Output[str]
    destination_regions: pulumi.Output[list[str]]
    image_name: pulumi.Output[str | None]
    encrypt: pulumi.Output[bool]
    kms_key_id: pulumi.Output[str | None]
    triggers: pulumi.Output[dict[str, Any] | None]
    region: pulumi.Output[str]
    timeout_seconds: pulumi.Output[float]
    wait: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    profile: pulumi.Output[str | None]
    image_ids: pulumi.Output[dict[str, str]]
    """Destination region -> id of the copy there."""
    image_names: pulumi.Output[dict[str, str]]
    """Destination region -> the name its copy carries (a copy renamed outside Pulumi shows here,
    and in `image_name`, until the next `up` renames it back)."""
    image_states: pulumi.Output[dict[str, str]]
    """Destination region -> state of its copy (`SYNCING`, `CREATING`, `NORMAL`, `CREATEFAILED`)."""
    sync_percents: pulumi.Output[dict[str, int]]
    """Destination region -> copy progress in percent, as CVM reports it."""
    copy_name: pulumi.Output[str]
    """The name the copies were given (`image_name`, or the source's name)."""

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
        image_id: pulumi.Input[str],
        destination_regions: pulumi.Input[Sequence[pulumi.Input[str]]],
        image_name: pulumi.Input[str] | None = None,
        encrypt: pulumi.Input[bool] | None = None,
        kms_key_id: pulumi.Input[str] | None = None,
        triggers: pulumi.Input[Mapping[str, Any]] | None = None,
        region: pulumi.Input[str] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        wait: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create a CvmImageSync. Arguments: see `CvmImageSyncArgs`."""
        super().__init__(resource_name, *args, **kwargs)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        destination_regions: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        image_ids: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        image_name: pulumi.Input[str] | None = None,
        profile: pulumi.Input[str] | None = None,
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
