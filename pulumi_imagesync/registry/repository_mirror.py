"""`registry.RepositoryMirror`: the tags a filter selects, kept copied from one repository to another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .image_copy import ImageRef, _as_map, _with_password
from .references import SIDES
from .repository_mirror_provider import RepositoryMirrorProvider


@dataclass(kw_only=True)
class TagFilterArgs:
    """Which tags a `RepositoryMirror` copies (a plain map with these keys works as well). Applied in
    this order; none given: every tag.

    :param include: Regular expressions (Python `re`), each matched against the whole tag; a tag
        any of them matches is kept. None: every tag.
    :param exclude: Regular expressions matched against the whole tag; a tag any of them matches
        is dropped (`.*-rc.*` drops every tag with `-rc` in it).
    :param semver: An npm-style semantic-version range (`>=1.4 <3`, `^2.1`, `~1.4 || >=3`); tags
        that are not versions (`[v]MAJOR.MINOR.PATCH[-pre][+build]`) are dropped, and a
        pre-release matches only a range naming a pre-release of the same version.
    :param latest: Keep only the N newest of what is left: by semantic version when every one is
        a version, otherwise by the push time the source's cloud reports (TCR, SWR, ACR; an `oci`
        registry reports none). `latest_order` says which.
    """

    include: Input[Sequence[Input[str]]] | None = None
    exclude: Input[Sequence[Input[str]]] | None = None
    semver: Input[str] | None = None
    latest: Input[int] | None = None


TagFilter = TagFilterArgs | Mapping[str, Any]
"""A tag filter: a `TagFilterArgs`, or a map with its keys."""


@dataclass(kw_only=True)
class RepositoryMirrorArgs:
    """The arguments of a `RepositoryMirror`, for `RepositoryMirror(resource_name, args, opts)`.

    Identity: `destination` (its cloud, registry, region or host, and repository): a new
    destination is a new mirror. Every other argument changes in place (the next sync applies it).
    The references' credentials, `max_parallel`, `fail_on_error`, `timeout_seconds`, `adopt` and
    `profile` never cause a diff.
    """

    source: Input[ImageRef]
    destination: Input[ImageRef]
    tags: Input[TagFilter] | None = None
    platforms: Input[Sequence[Input[str]]] | None = None
    include_referrers: Input[bool] | None = None
    override: Input[bool] | None = None
    prune: Input[bool] | None = None
    max_parallel: Input[int] | None = None
    fail_on_error: Input[bool] | None = None
    timeout_seconds: Input[float] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class RepositoryMirror(ImageSyncResource, module="imagesync/registry", name="RepositoryMirror"):
    """The tags of a repository that a filter selects (regular expressions, a semantic-version range,
    the latest N), kept copied to a repository of any other registry, tag by tag and digest for
    digest, with `ImageCopy`'s engine and ownership.

    Id: `<cloud>#<region>#<instance id>#<repository>` (TCR, ACR), `huaweicloud#<region>#<repository>`
    (SWR), `oci#<host>#<repository>`. Type token:
    `pulumi-python:dynamic/imagesync/registry:RepositoryMirror`.
    """

    _args_class = RepositoryMirrorArgs
    _provider_class = RepositoryMirrorProvider

    @overload
    def __init__(
        self, resource_name: str, args: RepositoryMirrorArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        source: Input[ImageRef],
        destination: Input[ImageRef],
        tags: Input[TagFilter] | None = None,
        platforms: Input[Sequence[Input[str]]] | None = None,
        include_referrers: Input[bool] | None = None,
        override: Input[bool] | None = None,
        prune: Input[bool] | None = None,
        max_parallel: Input[int] | None = None,
        fail_on_error: Input[bool] | None = None,
        timeout_seconds: Input[float] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Mirror a repository: keyword arguments, or a `RepositoryMirrorArgs` as `args`.

        :param resource_name: The Pulumi name of the resource.
        :param args: The arguments as one `RepositoryMirrorArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param source: The repository mirrored: an `ImageRefArgs` (or a map with its keys) without
            `tag` or `digest`. In place.
        :param destination: The repository the tags are copied to, without `tag`. Its cloud,
            registry, region or host and repository are the resource's identity (a new destination
            replaces it); its credentials never cause a diff.
        :param tags: Which tags: a `TagFilterArgs` (`include`, `exclude`, `semver`, `latest`).
            Default: every tag. In place.
        :param platforms: Platforms of multi-platform tags to copy (`os/architecture[/variant]`).
            Default: all, and each destination tag gets its source's digest. In place.
        :param include_referrers: Also copy each image's OCI 1.1 referrers (signatures,
            attestations). Default false. (cosign's `sha256-<digest>.sig` tags are tags: a filter
            that selects them mirrors them.) In place.
        :param override: Overwrite destination tags that exist with other content (they then stay
            the user's: kept on destroy). Default false: such a tag is listed in `failed_tags`. In
            place.
        :param prune: Delete from the destination the tags this mirror copied that the filter no
            longer selects, while they hold what it wrote; never a tag it did not write. Default
            false. In place.
        :param max_parallel: Tags copied at once (default 4, at most 32); each moves up to 2 blobs
            at once. Never causes a diff.
        :param fail_on_error: Fail the `up` when any tag failed (default true: a pipeline notices a
            mirror that fell behind). The tags copied are kept either way; false lists the failures
            in `failed_tags` and succeeds. Never causes a diff.
        :param timeout_seconds: How long a sync may take (default 3600). Never causes a diff.
        :param adopt: Destination tags that exist (with the same or other content) are overwritten
            and become this mirror's own: deleted on destroy, pruned. Default false. Never causes a
            diff.
        :param profile: A credential set of `imagesync:profiles` for both references (each may name
            its own). Never causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    def _complete_props(self, resource_name: str, props: dict[str, Any]) -> None:
        for side in SIDES:
            props[side] = _as_map(props.get(side))
        tags = props.get("tags")
        if isinstance(tags, TagFilterArgs):
            props["tags"] = {k: v for k, v in vars(tags).items() if v is not None}

    def _secret_inputs(self, props: dict[str, Any]) -> list[str]:
        return _with_password(props)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        source: Input[ImageRef] | None = None,
        destination: Input[ImageRef] | None = None,
    ) -> RepositoryMirror:
        """Read an existing mirror by its id, without managing it. The id names the destination; a
        refresh also needs the `source` (and an `oci` destination that needs a login its
        `destination` with `username` and `password`)."""
        return cls._get(resource_name, id, opts, source=_as_map(source), destination=_as_map(destination))

    # -- outputs ---------------------------------------------------------------------------------

    @property
    @pulumi.getter
    def source(self) -> pulumi.Output[dict[str, Any]]:
        """The repository mirrored (the reference as given, its region filled in)."""
        return pulumi.get(self, "source")

    @property
    @pulumi.getter
    def destination(self) -> pulumi.Output[dict[str, Any]]:
        """The repository the tags are copied to (the reference as given, its region filled in)."""
        return pulumi.get(self, "destination")

    @property
    @pulumi.getter
    def tags(self) -> pulumi.Output[dict[str, Any] | None]:
        """The tag filter."""
        return pulumi.get(self, "tags")

    @property
    @pulumi.getter
    def platforms(self) -> pulumi.Output[list[str] | None]:
        """The platforms copied of multi-platform tags (none: all)."""
        return pulumi.get(self, "platforms")

    @property
    @pulumi.getter
    def include_referrers(self) -> pulumi.Output[bool]:
        """Whether OCI 1.1 referrers are copied too."""
        return pulumi.get(self, "include_referrers")

    @property
    @pulumi.getter
    def override(self) -> pulumi.Output[bool]:
        """Whether existing destination tags may be overwritten."""
        return pulumi.get(self, "override")

    @property
    @pulumi.getter
    def prune(self) -> pulumi.Output[bool]:
        """Whether tags this mirror copied that are no longer selected are deleted."""
        return pulumi.get(self, "prune")

    @property
    @pulumi.getter
    def max_parallel(self) -> pulumi.Output[int]:
        """Tags copied at once."""
        return pulumi.get(self, "max_parallel")

    @property
    @pulumi.getter
    def fail_on_error(self) -> pulumi.Output[bool]:
        """Whether a tag that failed fails the `up`."""
        return pulumi.get(self, "fail_on_error")

    @property
    @pulumi.getter
    def selected_tags(self) -> pulumi.Output[list[str]]:
        """The source tags the filter selects (at the last sync, or the last refresh)."""
        return pulumi.get(self, "selected_tags")

    @property
    @pulumi.getter
    def copied_tags(self) -> pulumi.Output[dict[str, str]]:
        """Tags this mirror wrote and the destination holds (tag -> digest); deleted on destroy
        unless also in `kept_tags`."""
        return pulumi.get(self, "copied_tags")

    @property
    @pulumi.getter
    def failed_tags(self) -> pulumi.Output[dict[str, str]]:
        """Tags the last sync could not copy (tag -> the error, one line); the next `up` tries again."""
        return pulumi.get(self, "failed_tags")

    @property
    @pulumi.getter
    def skipped_tags(self) -> pulumi.Output[list[str]]:
        """Selected tags the destination already held with the same digest before this mirror
        (nothing copied; kept on destroy)."""
        return pulumi.get(self, "skipped_tags")

    @property
    @pulumi.getter
    def kept_tags(self) -> pulumi.Output[dict[str, str]]:
        """Destination tags that existed before this mirror (tag -> the digest they held then):
        never deleted by it."""
        return pulumi.get(self, "kept_tags")

    @property
    @pulumi.getter
    def source_digests(self) -> pulumi.Output[dict[str, str]]:
        """The digest of each selected source tag when it was last copied (or found identical)."""
        return pulumi.get(self, "source_digests")

    @property
    @pulumi.getter
    def pending_tags(self) -> pulumi.Output[list[str]]:
        """Selected tags a refresh found new or moved at the source (or gone from the destination):
        the next `up` copies them."""
        return pulumi.get(self, "pending_tags")

    @property
    @pulumi.getter
    def latest_order(self) -> pulumi.Output[str | None]:
        """How `tags.latest` told the newest tags: `semver` or `push_time` (none without `latest`)."""
        return pulumi.get(self, "latest_order")

    @property
    @pulumi.getter
    def last_sync_time(self) -> pulumi.Output[str]:
        """When the last sync ended (UTC, `2026-01-31T12:00:00Z`)."""
        return pulumi.get(self, "last_sync_time")

    @property
    @pulumi.getter
    def blobs_copied(self) -> pulumi.Output[int]:
        """Blobs the last sync sent (streamed, or mounted within one registry)."""
        return pulumi.get(self, "blobs_copied")

    @property
    @pulumi.getter
    def blobs_skipped(self) -> pulumi.Output[int]:
        """Blobs the last sync found already at the destination."""
        return pulumi.get(self, "blobs_skipped")

    @property
    @pulumi.getter
    def bytes_copied(self) -> pulumi.Output[int]:
        """Bytes the last sync streamed from the source to the destination."""
        return pulumi.get(self, "bytes_copied")
