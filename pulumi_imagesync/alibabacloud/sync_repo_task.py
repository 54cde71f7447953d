"""`alibabacloud.SyncRepoTask`: an ACR tag copied to another instance by a sync task (`CreateRepoSyncTask`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .sync_repo_task_provider import SyncRepoTaskProvider


@dataclass(kw_only=True)
class SyncRepoTaskArgs:
    """The arguments of a `SyncRepoTask`, for `SyncRepoTask(resource_name, args, opts)`.

    Identity: `target_instance_id` + `target_namespace`/`target_repo_name`/`target_tag`. A new
    source (`instance_id`, `region`, `repo_id` / `namespace` + `repo_name`, `tag`), `override` or
    `triggers` runs a new task onto the same target tag, in place and with override. A new target
    (or `target_region_id`, `target_user_id`) replaces the resource.
    """

    instance_id: Input[str]
    tag: Input[str]
    target_instance_id: Input[str]
    target_namespace: Input[str]
    target_repo_name: Input[str]
    target_tag: Input[str]
    target_region_id: Input[str] | None = None
    repo_id: Input[str] | None = None
    namespace: Input[str] | None = None
    repo_name: Input[str] | None = None
    region: Input[str] | None = None
    target_user_id: Input[str] | None = None
    override: Input[bool] | None = None
    triggers: Input[Mapping[str, Any]] | None = None
    timeout_seconds: Input[float] | None = None
    wait: Input[bool] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class SyncRepoTask(ImageSyncResource, module="imagesync/alibabacloud", name="SyncRepoTask"):
    """One ACR Enterprise tag copied to a tag of another instance, in any region or account, by a
    one-shot sync task (`CreateRepoSyncTask`), waited for until it succeeds.

    Destroy cancels the task if it still runs, and deletes the target tag only if it still holds
    the digest this resource copied and did not exist before.

    Id: `<target region>#<target instance id>#<namespace>#<repository>#<tag>`. Type token:
    `pulumi-python:dynamic/imagesync/alibabacloud:SyncRepoTask`.
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
        instance_id: Input[str],
        tag: Input[str],
        target_instance_id: Input[str],
        target_namespace: Input[str],
        target_repo_name: Input[str],
        target_tag: Input[str],
        target_region_id: Input[str] | None = None,
        repo_id: Input[str] | None = None,
        namespace: Input[str] | None = None,
        repo_name: Input[str] | None = None,
        region: Input[str] | None = None,
        target_user_id: Input[str] | None = None,
        override: Input[bool] | None = None,
        triggers: Input[Mapping[str, Any]] | None = None,
        timeout_seconds: Input[float] | None = None,
        wait: Input[bool] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Copy an ACR tag by a sync task: keyword arguments, or a `SyncRepoTaskArgs` as `args`.

        :param resource_name: The Pulumi name of the resource.
        :param args: The arguments as one `SyncRepoTaskArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param instance_id: Id of the source ACR Enterprise instance (`cri-...`). In place.
        :param tag: Tag of the source image. In place.
        :param target_instance_id: Id of the target instance (`cri-...`). Identity.
        :param target_namespace: Namespace in the target instance (it must exist). Identity.
        :param target_repo_name: Repository in the target namespace (created by the task if
            missing). Identity.
        :param target_tag: Tag to write in the target repository. Identity.
        :param target_region_id: Region of the target instance. Default: the source `region`.
            Replace.
        :param repo_id: Id of the source repository (`crr-...`). Set this, or `namespace` and
            `repo_name`. In place.
        :param namespace: Namespace of the source repository (with `repo_name`, instead of
            `repo_id`). In place.
        :param repo_name: Name of the source repository (with `namespace`, instead of `repo_id`).
            In place.
        :param region: Region of the source instance (the API's `RegionId`). Default:
            `alicloud:region` / `ALICLOUD_REGION`. In place.
        :param target_user_id: Numeric id of the account the target instance belongs to, for a
            copy into another account. Calls about the target tag then use the credentials of
            `profile`; without a profile the target tag cannot be checked and is kept on destroy.
            Replace.
        :param override: Overwrite a target tag that already exists. Such a tag is recorded as
            existing before, and is kept on destroy. Default false: an existing target tag is an
            error.
        :param triggers: Any values; a change runs the copy again (in place), e.g.
            `{"build": build_id}`.
        :param timeout_seconds: How long to wait for the task (default 1800); when it runs out the
            task is cancelled. Never causes a diff.
        :param wait: Wait until the task has succeeded (default true). False returns once the task
            is accepted; `pulumi refresh` then reports its progress. Never causes a diff.
        :param adopt: If the target tag exists: overwrite it and make it this resource's own
            (deleted on destroy while it holds the copied digest). Default false. Never causes a
            diff.
        :param profile: Name of a credential set in the stack config `imagesync:profiles`: with
            `target_user_id`, the target account's (used for the target tag only); otherwise used
            for every call. Never causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    @property
    @pulumi.getter
    def instance_id(self) -> pulumi.Output[str]:
        """Id of the source instance."""
        return pulumi.get(self, "instance_id")

    @property
    @pulumi.getter
    def tag(self) -> pulumi.Output[str]:
        """Tag of the source image."""
        return pulumi.get(self, "tag")

    @property
    @pulumi.getter
    def target_instance_id(self) -> pulumi.Output[str]:
        """Id of the target instance."""
        return pulumi.get(self, "target_instance_id")

    @property
    @pulumi.getter
    def target_namespace(self) -> pulumi.Output[str]:
        """Namespace of the target tag."""
        return pulumi.get(self, "target_namespace")

    @property
    @pulumi.getter
    def target_repo_name(self) -> pulumi.Output[str]:
        """Repository of the target tag."""
        return pulumi.get(self, "target_repo_name")

    @property
    @pulumi.getter
    def target_tag(self) -> pulumi.Output[str]:
        """The target tag: the object this resource manages."""
        return pulumi.get(self, "target_tag")

    @property
    @pulumi.getter
    def target_region_id(self) -> pulumi.Output[str]:
        """Region of the target instance."""
        return pulumi.get(self, "target_region_id")

    @property
    @pulumi.getter
    def repo_id(self) -> pulumi.Output[str | None]:
        """Id of the source repository, when given so."""
        return pulumi.get(self, "repo_id")

    @property
    @pulumi.getter
    def namespace(self) -> pulumi.Output[str | None]:
        """Namespace of the source repository, when given so."""
        return pulumi.get(self, "namespace")

    @property
    @pulumi.getter
    def repo_name(self) -> pulumi.Output[str | None]:
        """Name of the source repository, when given so."""
        return pulumi.get(self, "repo_name")

    @property
    @pulumi.getter
    def region(self) -> pulumi.Output[str]:
        """Region of the source instance."""
        return pulumi.get(self, "region")

    @property
    @pulumi.getter
    def target_user_id(self) -> pulumi.Output[str | None]:
        """The account of the target instance, for a copy into another account."""
        return pulumi.get(self, "target_user_id")

    @property
    @pulumi.getter
    def override(self) -> pulumi.Output[bool]:
        """Whether an existing target tag may be overwritten."""
        return pulumi.get(self, "override")

    @property
    @pulumi.getter
    def triggers(self) -> pulumi.Output[dict[str, Any] | None]:
        """The values whose change runs the copy again."""
        return pulumi.get(self, "triggers")

    @property
    @pulumi.getter
    def wait(self) -> pulumi.Output[bool]:
        """Whether a create or update waits for the task to succeed."""
        return pulumi.get(self, "wait")

    @property
    @pulumi.getter
    def sync_task_id(self) -> pulumi.Output[str]:
        """Id of the latest sync task (`rst-...`)."""
        return pulumi.get(self, "sync_task_id")

    @property
    @pulumi.getter
    def task_status(self) -> pulumi.Output[str]:
        """`PENDING`, `SYNCHRONIZING`, `SUCCESS`, `ERROR` or `CANCELED`."""
        return pulumi.get(self, "task_status")

    @property
    @pulumi.getter
    def task_issue(self) -> pulumi.Output[str]:
        """Why the task failed, as the API says (empty otherwise)."""
        return pulumi.get(self, "task_issue")

    @property
    @pulumi.getter
    def progress(self) -> pulumi.Output[int]:
        """The API's progress: 0 while running or failed, 1 when done."""
        return pulumi.get(self, "progress")

    @property
    @pulumi.getter
    def synced_size(self) -> pulumi.Output[int]:
        """Bytes copied so far."""
        return pulumi.get(self, "synced_size")

    @property
    @pulumi.getter
    def layer_tasks(self) -> pulumi.Output[list[dict[str, Any]]]:
        """Per layer: `digest`, `size`, `synced_size`, `status`."""
        return pulumi.get(self, "layer_tasks")

    @property
    @pulumi.getter
    def source_repo_id(self) -> pulumi.Output[str]:
        """Id of the source repository (resolved from `namespace`/`repo_name` when given so)."""
        return pulumi.get(self, "source_repo_id")

    @property
    @pulumi.getter
    def target_repo_id(self) -> pulumi.Output[str]:
        """Id of the target repository."""
        return pulumi.get(self, "target_repo_id")

    @property
    @pulumi.getter
    def digest(self) -> pulumi.Output[str]:
        """Digest the target tag holds now."""
        return pulumi.get(self, "digest")

    @property
    @pulumi.getter
    def size(self) -> pulumi.Output[int]:
        """Size of the image in bytes."""
        return pulumi.get(self, "size")

    @property
    @pulumi.getter
    def copied_digest(self) -> pulumi.Output[str]:
        """Digest this resource copied (a refresh showing another `digest` means it was overwritten)."""
        return pulumi.get(self, "copied_digest")

    @property
    @pulumi.getter
    def existed_before(self) -> pulumi.Output[bool | None]:
        """Whether the target tag existed before this resource (then it is kept on destroy); unset
        when it could not be checked (another account, no profile)."""
        return pulumi.get(self, "existed_before")

    @property
    @pulumi.getter
    def previous_digest(self) -> pulumi.Output[str | None]:
        """Digest the target tag held before it was overwritten, if it existed."""
        return pulumi.get(self, "previous_digest")
