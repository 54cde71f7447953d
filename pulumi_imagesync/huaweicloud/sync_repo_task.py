"""`huaweicloud.SyncRepoTask`: SWR automatic image sync of a repository to another region, managed for real."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .sync_repo_task_provider import SyncRepoTaskProvider


@dataclass(kw_only=True)
class SyncRepoTaskArgs:
    """The arguments of a `SyncRepoTask`, for `SyncRepoTask(resource_name, args, opts)`.

    Identity: `region` + `namespace` + `repository` + `remote_region_id` + `remote_namespace`.
    SWR has no update API: a new `override` or `sync_auto` replaces the rule (the old rule is
    deleted first, since the new one has the same identity); a new identity is a new rule.
    """

    namespace: Input[str]
    repository: Input[str]
    remote_region_id: Input[str]
    remote_namespace: Input[str]
    sync_auto: Input[bool] | None = None
    override: Input[bool] | None = None
    sync_existing: Input[bool] | None = None
    sync_existing_tags: Input[Sequence[Input[str]]] | None = None
    region: Input[str] | None = None
    timeout_seconds: Input[float] | None = None
    wait: Input[bool] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class SyncRepoTask(ImageSyncResource, module="imagesync/huaweicloud", name="SyncRepoTask"):
    """An SWR automatic image sync rule (`CreateImageSyncRepo`): every image pushed to the
    repository is copied to an organization of another region. With `sync_existing`, the tags
    already there are copied too (a manual sync, waited for).

    Destroy deletes the rule; images already synced stay in the remote region.

    Id: `<region>#<namespace>#<repository>#<remote region>#<remote namespace>`. Type token:
    `pulumi-python:dynamic/imagesync/huaweicloud:SyncRepoTask`.
    """

    _args_class = SyncRepoTaskArgs
    _provider_class = SyncRepoTaskProvider

    @overload
    def __init__(
        self, resource_name: str, args: SyncRepoTaskArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        namespace: Input[str],
        repository: Input[str],
        remote_region_id: Input[str],
        remote_namespace: Input[str],
        sync_auto: Input[bool] | None = None,
        override: Input[bool] | None = None,
        sync_existing: Input[bool] | None = None,
        sync_existing_tags: Input[Sequence[Input[str]]] | None = None,
        region: Input[str] | None = None,
        timeout_seconds: Input[float] | None = None,
        wait: Input[bool] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Sync an SWR repository to another region: keyword arguments, or a `SyncRepoTaskArgs` as `args`.

        :param resource_name: The Pulumi name of the resource.
        :param args: The arguments as one `SyncRepoTaskArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param namespace: SWR organization of the source repository (1-64 characters: a lower-case
            letter first, then lower-case letters and digits separated by single `.`, `-`, `_` or
            `__`).
        :param repository: Source repository; may contain `/` (e.g. `web/app`; it is sent to SWR as
            `web$app`).
        :param remote_region_id: Region to sync to (e.g. `cn-east-3`).
        :param remote_namespace: Organization in the remote region that images are synced into; it
            must exist.
        :param sync_auto: Sync every image pushed from now on. Default **true** here (the resource
            exists to sync automatically); the API's own default is false. Changing it replaces
            the rule.
        :param override: Overwrite tags that already exist in the remote organization. Default
            false. Changing it replaces the rule.
        :param sync_existing: Also copy the tags that already exist (an automatic sync only copies
            images pushed after the rule exists), with a manual sync whose jobs are waited for.
            Default false. Turning it on later runs the copy in place; turning it off does nothing
            in the cloud.
        :param sync_existing_tags: With `sync_existing`: copy only these existing tags (each must
            exist). Default: all. Tags added later are copied in place.
        :param region: Region of the source repository. Default: `huaweicloud:region` /
            `HW_REGION_NAME`.
        :param timeout_seconds: How long to wait for the rule and the back-fill's sync jobs
            (default 600). Never causes a diff.
        :param wait: Wait for the back-fill's sync jobs to finish (default true). With false,
            `pulumi refresh` reports their progress in `sync_jobs`. Never causes a diff.
        :param adopt: If a rule to the same remote organization already exists: manage it instead
            of failing (re-made when its `sync_auto`/`override` differ, as there is no update API).
            Default false. Never causes a diff.
        :param profile: Name of a credential set in the stack config `imagesync:profiles` to use
            instead of the default Huawei Cloud credentials. Never causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    @property
    @pulumi.getter
    def namespace(self) -> pulumi.Output[str]:
        """SWR organization of the source repository."""
        return pulumi.get(self, "namespace")

    @property
    @pulumi.getter
    def repository(self) -> pulumi.Output[str]:
        """The source repository."""
        return pulumi.get(self, "repository")

    @property
    @pulumi.getter
    def remote_region_id(self) -> pulumi.Output[str]:
        """The region synced to."""
        return pulumi.get(self, "remote_region_id")

    @property
    @pulumi.getter
    def remote_namespace(self) -> pulumi.Output[str]:
        """The organization in the remote region that images are synced into."""
        return pulumi.get(self, "remote_namespace")

    @property
    @pulumi.getter
    def sync_auto(self) -> pulumi.Output[bool]:
        """Whether every image pushed is synced."""
        return pulumi.get(self, "sync_auto")

    @property
    @pulumi.getter
    def override(self) -> pulumi.Output[bool]:
        """Whether tags that exist in the remote organization are overwritten."""
        return pulumi.get(self, "override")

    @property
    @pulumi.getter
    def sync_existing(self) -> pulumi.Output[bool]:
        """Whether the tags that existed were copied too (the back-fill)."""
        return pulumi.get(self, "sync_existing")

    @property
    @pulumi.getter
    def sync_existing_tags(self) -> pulumi.Output[list[str] | None]:
        """The existing tags the back-fill copies, when not all."""
        return pulumi.get(self, "sync_existing_tags")

    @property
    @pulumi.getter
    def region(self) -> pulumi.Output[str]:
        """Region of the source repository."""
        return pulumi.get(self, "region")

    @property
    @pulumi.getter
    def wait(self) -> pulumi.Output[bool]:
        """Whether a create or update waits for the back-fill's sync jobs."""
        return pulumi.get(self, "wait")

    @property
    @pulumi.getter
    def rule_id(self) -> pulumi.Output[int]:
        """SWR's id of the rule."""
        return pulumi.get(self, "rule_id")

    @property
    @pulumi.getter
    def created_at(self) -> pulumi.Output[str]:
        """When the rule was created (UTC)."""
        return pulumi.get(self, "created_at")

    @property
    @pulumi.getter
    def updated_at(self) -> pulumi.Output[str]:
        """When the rule was last changed (UTC)."""
        return pulumi.get(self, "updated_at")

    @property
    @pulumi.getter
    def domain_id(self) -> pulumi.Output[str]:
        """The account (domain) that owns the rule."""
        return pulumi.get(self, "domain_id")

    @property
    @pulumi.getter
    def domain_name(self) -> pulumi.Output[str]:
        """The name of that account."""
        return pulumi.get(self, "domain_name")

    @property
    @pulumi.getter
    def synced_tags(self) -> pulumi.Output[list[str] | None]:
        """Tags the back-fill copied (or found already there, without `override`)."""
        return pulumi.get(self, "synced_tags")

    @property
    @pulumi.getter
    def sync_jobs(self) -> pulumi.Output[list[dict[str, Any]] | None]:
        """The back-fill's sync jobs, one per tag: `id`, `tag`, `status` (`waiting`, `running`,
        `success`, `existed`, `failed`, `timeout`, `cancel`), `created_at`, `updated_at`."""
        return pulumi.get(self, "sync_jobs")
