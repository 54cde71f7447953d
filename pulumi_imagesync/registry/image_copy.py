"""`registry.ImageCopy`: one image copied between registries of any clouds, with its lifecycle."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .image_copy_provider import ImageCopyProvider
from .references import SIDES


@dataclass(kw_only=True)
class ImageRefArgs:
    """Where an image is: one side of an `ImageCopy` (a plain map with these keys works as well).

    :param cloud: `tencentcloud` (a TCR Enterprise instance), `huaweicloud` (SWR), `alibabacloud`
        (an ACR Enterprise instance) or `oci` (any OCI or Docker registry).
    :param repository: `namespace/name` in the clouds' registries (`name` may have more `/`
        components where the cloud allows them); any repository name in an `oci` registry.
    :param tag: The tag. Required for the destination; the source takes a tag or a `digest`.
    :param digest: The source's digest (`sha256:...`), instead of a tag. Not for a destination.
    :param registry: The TCR (`tcr-...`) or ACR Enterprise (`cri-...`) instance id. Not for SWR,
        whose registry is the region's, nor `oci` (use `host`).
    :param region: The instance's (or SWR's) region. Default: the cloud's configured region
        (`tencentcloud:region`, `huaweicloud:region`, `alicloud:region`, or the profile's).
    :param profile: A credential set of `imagesync:profiles` for this side (another account);
        default: the resource's `profile`, else the stack's credentials. The clouds' references
        only: the registry login is issued by the cloud's API with these credentials.
    :param host: An `oci` registry's `host[:port]`, e.g. `registry.example.com` or `docker.io`.
    :param username: An `oci` registry's user name (with `password`); none: anonymous.
    :param password: An `oci` registry's password or token. Kept secret: the reference is a
        secret in the state.
    :param insecure: An `oci` registry spoken to in plain HTTP (loopback hosts always are).
    """

    cloud: Input[str]
    repository: Input[str]
    tag: Input[str] | None = None
    digest: Input[str] | None = None
    registry: Input[str] | None = None
    region: Input[str] | None = None
    profile: Input[str] | None = None
    host: Input[str] | None = None
    username: Input[str] | None = None
    password: Input[str] | None = None
    insecure: Input[bool] | None = None


ImageRef = ImageRefArgs | Mapping[str, Any]
"""An image reference: an `ImageRefArgs`, or a map with its keys."""


@dataclass(kw_only=True)
class ImageCopyArgs:
    """The arguments of an `ImageCopy`, for `ImageCopy(resource_name, args, opts)`.

    Identity: `destination` (its cloud, registry, region or host, repository and tag): a new
    destination is a new copy, made before the old one is deleted. A new `source`, `platforms`,
    `include_referrers`, `override` or `triggers` copies again onto the same tag (in place: the
    tag is never missing). The references' credentials (`profile`, `username`, `password`,
    `insecure`), `timeout_seconds`, `wait`, `adopt` and `profile` never cause a diff.
    """

    source: Input[ImageRef]
    destination: Input[ImageRef]
    platforms: Input[Sequence[Input[str]]] | None = None
    include_referrers: Input[bool] | None = None
    override: Input[bool] | None = None
    triggers: Input[Mapping[str, Any]] | None = None
    timeout_seconds: Input[float] | None = None
    wait: Input[bool] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class ImageCopy(ImageSyncResource, module="imagesync/registry", name="ImageCopy"):
    """One image copied from a registry of any of the clouds (or any OCI registry) to another's,
    digest for digest, with the registries' own logins issued by each cloud's API.

    Id: `<cloud>#<region>#<instance id>#<repository>#<tag>` (TCR, ACR),
    `huaweicloud#<region>#<repository>#<tag>` (SWR), `oci#<host>#<repository>#<tag>`. Type token:
    `pulumi-python:dynamic/imagesync/registry:ImageCopy`.
    """

    _args_class = ImageCopyArgs
    _provider_class = ImageCopyProvider

    @overload
    def __init__(
        self, resource_name: str, args: ImageCopyArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        source: Input[ImageRef],
        destination: Input[ImageRef],
        platforms: Input[Sequence[Input[str]]] | None = None,
        include_referrers: Input[bool] | None = None,
        override: Input[bool] | None = None,
        triggers: Input[Mapping[str, Any]] | None = None,
        timeout_seconds: Input[float] | None = None,
        wait: Input[bool] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Copy an image: keyword arguments, or an `ImageCopyArgs` as `args`.

        :param resource_name: The Pulumi name of the resource.
        :param args: The arguments as one `ImageCopyArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param source: The image to copy: an `ImageRefArgs` (or a map with its keys) with a tag
            or a digest. A new source copies again onto the same tag (in place).
        :param destination: Where the copy goes: an `ImageRefArgs` with a tag. Its cloud,
            registry, region or host, repository and tag are the resource's identity (a new
            destination replaces it); its credentials never cause a diff.
        :param platforms: Platforms of a multi-platform source to copy (`os/architecture[/variant]`,
            e.g. `linux/amd64`; `linux/arm64` takes `linux/arm64/v8`). Default: all, and the
            destination gets the source's digest. A subset makes a new index of those platforms,
            whose digest differs from the source's. In place.
        :param include_referrers: Also copy the image's signatures and attestations: OCI 1.1
            referrers, and cosign's `sha256-<digest>.sig` / `.att` / `.sbom` tags. Default false. In
            place.
        :param override: Overwrite a destination tag that exists (it then stays the user's: kept on
            destroy). Default false: an existing destination tag is an error (unless it already
            holds this very image: then nothing is copied, and it is kept on destroy). In place.
        :param triggers: Any map; a change copies again. In place.
        :param timeout_seconds: How long a copy may take (default 1800). Never causes a diff.
        :param wait: Wait for the copy to finish (default true). False: the create returns at once
            and the copy goes on in the provider while the rest of the `pulumi up` runs; one not
            done when the `up` ends is finished by the next `up` (what is there is not sent
            again). Never causes a diff.
        :param adopt: If the destination tag exists: overwrite it and make it this resource's own
            (deleted on destroy) instead of failing. Default false. Never causes a diff.
        :param profile: A credential set of `imagesync:profiles` for both references (each may name
            its own). Never causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    def _complete_props(self, resource_name: str, props: dict[str, Any]) -> None:
        for side in SIDES:
            props[side] = _as_map(props.get(side))

    def _secret_inputs(self, props: dict[str, Any]) -> list[str]:
        return _with_password(props)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        destination: Input[ImageRef] | None = None,
    ) -> ImageCopy:
        """Read an existing copy by its id, without managing it. An `oci` destination that needs a
        login takes `destination` with its `username` and `password` (and the rest of the id)."""
        return cls._get(resource_name, id, opts, destination=_as_map(destination))

    # -- outputs ---------------------------------------------------------------------------------

    @property
    @pulumi.getter
    def source(self) -> pulumi.Output[dict[str, Any]]:
        """The image copied (the reference as given, its region filled in)."""
        return pulumi.get(self, "source")

    @property
    @pulumi.getter
    def destination(self) -> pulumi.Output[dict[str, Any]]:
        """Where the copy is (the reference as given, its region filled in)."""
        return pulumi.get(self, "destination")

    @property
    @pulumi.getter
    def platforms(self) -> pulumi.Output[list[str]]:
        """The platforms the destination holds (`os/architecture[/variant]`)."""
        return pulumi.get(self, "platforms")

    @property
    @pulumi.getter
    def include_referrers(self) -> pulumi.Output[bool]:
        """Whether signatures and attestations are copied too."""
        return pulumi.get(self, "include_referrers")

    @property
    @pulumi.getter
    def override(self) -> pulumi.Output[bool]:
        """Whether an existing destination tag may be overwritten."""
        return pulumi.get(self, "override")

    @property
    @pulumi.getter
    def triggers(self) -> pulumi.Output[dict[str, Any] | None]:
        """The map whose changes copy again."""
        return pulumi.get(self, "triggers")

    @property
    @pulumi.getter
    def wait(self) -> pulumi.Output[bool]:
        """Whether the create waits for the copy."""
        return pulumi.get(self, "wait")

    @property
    @pulumi.getter
    def digest(self) -> pulumi.Output[str]:
        """The digest the destination tag holds now."""
        return pulumi.get(self, "digest")

    @property
    @pulumi.getter
    def media_type(self) -> pulumi.Output[str]:
        """The media type of the manifest at the destination tag (image or index, OCI or Docker)."""
        return pulumi.get(self, "media_type")

    @property
    @pulumi.getter
    def size(self) -> pulumi.Output[int]:
        """Bytes of the image's configs and layers (of every platform copied)."""
        return pulumi.get(self, "size")

    @property
    @pulumi.getter
    def reference(self) -> pulumi.Output[str]:
        """The full destination reference, `<registry host>/<repository>:<tag>` (what `docker pull` takes)."""
        return pulumi.get(self, "reference")

    @property
    @pulumi.getter
    def source_digest(self) -> pulumi.Output[str]:
        """The source's digest when it was copied (the destination's too, unless a platform subset)."""
        return pulumi.get(self, "source_digest")

    @property
    @pulumi.getter
    def blobs_copied(self) -> pulumi.Output[int]:
        """Blobs the last copy sent (streamed, or mounted within one registry)."""
        return pulumi.get(self, "blobs_copied")

    @property
    @pulumi.getter
    def blobs_skipped(self) -> pulumi.Output[int]:
        """Blobs the last copy found already at the destination."""
        return pulumi.get(self, "blobs_skipped")

    @property
    @pulumi.getter
    def bytes_copied(self) -> pulumi.Output[int]:
        """Bytes the last copy streamed from the source to the destination."""
        return pulumi.get(self, "bytes_copied")

    @property
    @pulumi.getter
    def referrers(self) -> pulumi.Output[list[str]]:
        """Digests of the OCI 1.1 referrers copied (with `include_referrers`)."""
        return pulumi.get(self, "referrers")

    @property
    @pulumi.getter
    def signature_tags(self) -> pulumi.Output[dict[str, str]]:
        """cosign tag-scheme tags this resource wrote (tag -> digest), deleted on destroy."""
        return pulumi.get(self, "signature_tags")

    @property
    @pulumi.getter
    def copied_digest(self) -> pulumi.Output[str]:
        """The digest this resource wrote to the tag (or found there already)."""
        return pulumi.get(self, "copied_digest")

    @property
    @pulumi.getter
    def existed_before(self) -> pulumi.Output[bool]:
        """Whether the destination tag existed before this resource (then it is kept on destroy)."""
        return pulumi.get(self, "existed_before")

    @property
    @pulumi.getter
    def previous_digest(self) -> pulumi.Output[str | None]:
        """What the destination tag held before this resource, when it existed."""
        return pulumi.get(self, "previous_digest")

    @property
    @pulumi.getter
    def copy_state(self) -> pulumi.Output[str]:
        """`COPIED`, `COPYING` (a copy with `wait=False` under way) or `NOT_ARRIVED` (one that did not finish)."""
        return pulumi.get(self, "copy_state")


def _with_password(props: Mapping[str, Any]) -> list[str]:
    """A reference with a password is a secret, in the inputs and in the outputs."""
    return [
        side
        for side in SIDES
        if isinstance(props.get(side), Mapping) and props[side].get("password") is not None
    ]


def _as_map(value: Any) -> Any:
    """An `ImageRefArgs` as the map Pulumi sends (its unset fields left out); anything else as it is."""
    if isinstance(value, ImageRefArgs):
        return {
            f.name: getattr(value, f.name)
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    return value
