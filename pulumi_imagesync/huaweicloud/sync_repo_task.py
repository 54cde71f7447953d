"""`huaweicloud.SyncRepoTask`: SWR automatic image sync of a repository to another region, managed for real."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ..dynamic_resource import ImageSyncResource
from .sync_repo_task_provider import SyncRepoTaskProvider


@dataclass(kw_only=True)
class SyncRepoTaskArgs:
    """The arguments of a `SyncRepoTask`.

    Identity: `region` + `namespace` + `repository` + `remote_region_id` + `remote_namespace`.
    SWR has no update API: a new `override` or `sync_auto` replaces the rule (the old rule is
    deleted first, since the new one has the same identity); a new identity is a new rule.
    """

    namespace: pulumi.Input[str]
    """SWR organization of the source repository (1-64 characters: a lower-case letter first, then
    lower-case letters and digits separated by single `.`, `-`, `_` or `__`)."""
    repository: pulumi.Input[str]
    """Source repository; may contain `/` (e.g. `web/app`; it is sent to SWR as `web$app`)."""
    remote_region_id: pulumi.Input[str]
    """Region to sync to (e.g. `cn-east-3`)."""
    remote_namespace: pulumi.Input[str]
    """Organization in the remote region that images are synced into; it must exist."""
    sync_auto: pulumi.Input[bool] | None = None
    """Sync every image pushed from now on. Default **true** here (the resource exists to sync
    automatically); the API's own default is false. Changing it replaces the rule."""
    override: pulumi.Input[bool] | None = None
    """Overwrite tags that already exist in the remote organization. Default false. Changing it
    replaces the rule."""
    sync_existing: pulumi.Input[bool] | None = None
    """Also copy the tags that already exist (an automatic sync only copies images pushed after
    the rule exists), with a manual sync whose jobs are waited for. Default false. Turning it on
    later runs the copy in place; turning it off does nothing in the cloud."""
    sync_existing_tags: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """With `sync_existing`: copy only these existing tags (each must exist). Default: all. Tags
    added later are copied in place."""
    region: pulumi.Input[str] | None = None
    """Region of the source repository. Default: `huaweicloud:region` / `HW_REGION_NAME`."""
    timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for the rule and the back-fill's sync jobs (default 600). Never causes a diff."""
    wait: pulumi.Input[bool] | None = None
    """Wait for the back-fill's sync jobs to finish (default true). With false, `pulumi refresh`
    reports their progress in `sync_jobs`. Never causes a diff."""
    adopt: pulumi.Input[bool] | None = None
    """If a rule to the same remote organization already exists: manage it instead of failing
    (re-made when its `sync_auto`/`override` differ, as there is no update API). Default false.
    Never causes a diff."""
    profile: pulumi.Input[str] | None = None
    """Name of a credential set in the stack config `imagesync:profiles` to use instead of the
    default Huawei Cloud credentials. Never causes a diff."""


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

    namespace: pulumi.Output[str]
    repository: pulumi.Output[str]
    remote_region_id: pulumi.Output[str]
    remote_namespace: pulumi.Output[str]
    sync_auto: pulumi.Output[bool]
    override: pulumi.Output[bool]
    sync_existing: pulumi.Output[bool]
    sync_existing_tags: pulumi.Output[list[str] | None]
    region: pulumi.Output[str]
    timeout_seconds: pulumi.Output[float]
    wait: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    profile: pulumi.Output[str | None]
    rule_id: pulumi.Output[int]
    """SWR's id of the rule."""
    created_at: pulumi.Output[str]
    """When the rule was created (UTC)."""
    updated_at: pulumi.Output[str]
    domain_id: pulumi.Output[str]
    """The account (domain) that owns the rule."""
    domain_name: pulumi.Output[str]
    """The name of that account."""
    synced_tags: pulumi.Output[list[str] | None]
    """Tags the back-fill copied (or found already there, without `override`)."""
    sync_jobs: pulumi.Output[list[dict[str, Any]] | None]
    """The back-fill's sync jobs, one per tag: `id`, `tag`, `status` (`waiting`, `running`,
    `success`, `existed`, `failed`, `timeout`, `cancel`), `created_at`, `updated_at`."""

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
        namespace: pulumi.Input[str],
        repository: pulumi.Input[str],
        remote_region_id: pulumi.Input[str],
        remote_namespace: pulumi.Input[str],
        sync_auto: pulumi.Input[bool] | None = None,
        override: pulumi.Input[bool] | None = None,
        sync_existing: pulumi.Input[bool] | None = None,
        sync_existing_tags: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        wait: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create a SyncRepoTask. Arguments: see `SyncRepoTaskArgs`."""
        super().__init__(resource_name, *args, **kwargs)
