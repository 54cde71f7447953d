"""`alibabacloud.SyncRepoTask`: an ACR tag copied to another instance by a sync task (`CreateRepoSyncTask`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ..dynamic_resource import ImageSyncResource
from .sync_repo_task_provider import SyncRepoTaskProvider


@dataclass(kw_only=True)
class SyncRepoTaskArgs:
    """The arguments of a `SyncRepoTask`.

    Identity: `target_instance_id` + `target_namespace`/`target_repo_name`/`target_tag`. A new
    source (`instance_id`, `region`, `repo_id` / `namespace` + `repo_name`, `tag`), `override` or
    `triggers` runs a new task onto the same target tag, in place and with override. A new target
    (or `target_region_id`, `target_user_id`) replaces the resource.
    """

    instance_id: pulumi.Input[str]
    """Id of the source ACR Enterprise instance (`cri-...`). In place."""
    tag: pulumi.Input[str]
    """Tag of the source image. In place."""
    target_instance_id: pulumi.Input[str]
    """Id of the target instance (`cri-...`). Identity."""
    target_namespace: pulumi.Input[str]
    """Namespace in the target instance (it must exist). Identity."""
    target_repo_name: pulumi.Input[str]
    """Repository in the target namespace (created by the task if missing). Identity."""
    target_tag: pulumi.Input[str]
    """Tag to write in the target repository. Identity."""
    target_region_id: pulumi.Input[str] | None = None
    """Region of the target instance. Default: the source `region`. Replace."""
    repo_id: pulumi.Input[str] | None = None
    """Id of the source repository (`crr-...`). Set this, or `namespace` and `repo_name`. In place."""
    namespace: pulumi.Input[str] | None = None
    """Namespace of the source repository (with `repo_name`, instead of `repo_id`). In place."""
    repo_name: pulumi.Input[str] | None = None
    """Name of the source repository (with `namespace`, instead of `repo_id`). In place."""
    region: pulumi.Input[str] | None = None
    """Region of the source instance (the API's `RegionId`). Default: `alicloud:region` /
    `ALICLOUD_REGION`. In place."""
    target_user_id: pulumi.Input[str] | None = None
    """Numeric id of the account the target instance belongs to, for a copy into another
    account. Calls about the target tag then use the credentials of `profile`; without a profile
    the target tag cannot be checked and is kept on destroy. Replace."""
    override: pulumi.Input[bool] | None = None
    """Overwrite a target tag that already exists. Such a tag is recorded as existing before, and
    is kept on destroy. Default false: an existing target tag is an error."""
    triggers: pulumi.Input[Mapping[str, Any]] | None = None
    """Any values; a change runs the copy again (in place), e.g. `{"build": build_id}`."""
    timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for the task (default 1800); when it runs out the task is cancelled.
    Never causes a diff."""
    wait: pulumi.Input[bool] | None = None
    """Wait until the task has succeeded (default true). False returns once the task is accepted;
    `pulumi refresh` then reports its progress. Never causes a diff."""
    adopt: pulumi.Input[bool] | None = None
    """If the target tag exists: overwrite it and make it this resource's own (deleted on destroy
    while it holds the copied digest). Default false. Never causes a diff."""
    profile: pulumi.Input[str] | None = None
    """Name of a credential set in the stack config `imagesync:profiles`: with `target_user_id`,
    the target account's (used for the target tag only); otherwise used for every call. Never
    causes a diff."""


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

    instance_id: pulumi.Output[str]
    tag: pulumi.Output[str]
    target_instance_id: pulumi.Output[str]
    target_namespace: pulumi.Output[str]
    target_repo_name: pulumi.Output[str]
    target_tag: pulumi.Output[str]
    target_region_id: pulumi.Output[str]
    repo_id: pulumi.Output[str | None]
    namespace: pulumi.Output[str | None]
    repo_name: pulumi.Output[str | None]
    region: pulumi.Output[str]
    target_user_id: pulumi.Output[str | None]
    override: pulumi.Output[bool]
    triggers: pulumi.Output[dict[str, Any] | None]
    timeout_seconds: pulumi.Output[float]
    wait: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    profile: pulumi.Output[str | None]
    sync_task_id: pulumi.Output[str]
    """Id of the latest sync task (`rst-...`)."""
    task_status: pulumi.Output[str]
    """`PENDING`, `SYNCHRONIZING`, `SUCCESS`, `ERROR` or `CANCELED`."""
    task_issue: pulumi.Output[str]
    """Why the task failed, as the API says (empty otherwise)."""
    progress: pulumi.Output[int]
    """The API's progress: 0 while running or failed, 1 when done."""
    synced_size: pulumi.Output[int]
    """Bytes copied so far."""
    layer_tasks: pulumi.Output[list[dict[str, Any]]]
    """Per layer: `digest`, `size`, `synced_size`, `status`."""
    source_repo_id: pulumi.Output[str]
    """Id of the source repository (resolved from `namespace`/`repo_name` when given so)."""
    target_repo_id: pulumi.Output[str]
    """Id of the target repository."""
    digest: pulumi.Output[str]
    """Digest the target tag holds now."""
    size: pulumi.Output[int]
    """Size of the image in bytes."""
    copied_digest: pulumi.Output[str]
    """Digest this resource copied (a refresh showing another `digest` means it was overwritten)."""
    existed_before: pulumi.Output[bool | None]
    """Whether the target tag existed before this resource (then it is kept on destroy); unset when
    it could not be checked (another account, no profile)."""
    previous_digest: pulumi.Output[str | None]
    """Digest the target tag held before it was overwritten, if it existed."""

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
        instance_id: pulumi.Input[str],
        tag: pulumi.Input[str],
        target_instance_id: pulumi.Input[str],
        target_namespace: pulumi.Input[str],
        target_repo_name: pulumi.Input[str],
        target_tag: pulumi.Input[str],
        target_region_id: pulumi.Input[str] | None = None,
        repo_id: pulumi.Input[str] | None = None,
        namespace: pulumi.Input[str] | None = None,
        repo_name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        target_user_id: pulumi.Input[str] | None = None,
        override: pulumi.Input[bool] | None = None,
        triggers: pulumi.Input[Mapping[str, Any]] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        wait: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create a SyncRepoTask. Arguments: see `SyncRepoTaskArgs`."""
        super().__init__(resource_name, *args, **kwargs)
