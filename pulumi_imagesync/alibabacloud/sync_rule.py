"""`alibabacloud.SyncRule`: an ACR Enterprise synchronization rule (`CreateRepoSyncRule`), managed for real."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ..dynamic_resource import ImageSyncResource
from .sync_rule_provider import SyncRuleProvider


@dataclass(kw_only=True)
class SyncRuleArgs:
    """The arguments of a `SyncRule`.

    Identity: `region` + `instance_id` + `name`. The API cannot change a rule: any other change of
    the rule's settings replaces it, deleting the old rule first (it has the same name), so the
    rule is briefly absent. `sync_existing` and `triggers` change in place: they run the rule now.
    """

    instance_id: pulumi.Input[str]
    """Id of the source ACR Enterprise instance (`cri-...`). Identity."""
    sync_scope: pulumi.Input[str]
    """What the rule copies: `REPO` (one repository: `namespace_name`, `repo_name` to
    `target_namespace_name`, `target_repo_name`), `NAMESPACE` (the repositories of `namespace_name`,
    optionally those `repo_name_filter` takes, into `target_namespace_name` under their own names) or
    `INSTANCE` (the namespaces and repositories `namespace_name_filter` and `repo_name_filter` take,
    under the same names in the target). Replace."""
    tag_filter: pulumi.Input[str]
    """Regular expression of the tags to copy, e.g. `.*` or `v[0-9.]+` (required by the API; matched
    against the whole tag). Replace."""
    target_instance_id: pulumi.Input[str]
    """Id of the target instance (`cri-...`). Replace."""
    name: pulumi.Input[str] | None = None
    """Rule name, unique per source instance (1-64 letters, digits, `.`, `_`, `-`). Defaults to the
    Pulumi resource name. Identity: a new name makes a new rule."""
    region: pulumi.Input[str] | None = None
    """Region of the source instance (the API's `RegionId`). Default: `alicloud:region` /
    `ALICLOUD_REGION`. Identity."""
    namespace_name: pulumi.Input[str] | None = None
    """Source namespace (`REPO` and `NAMESPACE` scopes). Replace."""
    repo_name: pulumi.Input[str] | None = None
    """Source repository (`REPO` scope). Replace."""
    namespace_name_filter: pulumi.Input[str] | None = None
    """Regular expression of the namespaces to copy (`INSTANCE` scope only; default: all). Replace."""
    repo_name_filter: pulumi.Input[str] | None = None
    """Regular expression of the repositories to copy (`INSTANCE` and `NAMESPACE` scopes; default:
    all). Replace."""
    target_region_id: pulumi.Input[str] | None = None
    """Region of the target instance (a public cloud region). Default: `region`. Replace."""
    target_namespace_name: pulumi.Input[str] | None = None
    """Target namespace (`REPO` and `NAMESPACE` scopes). Replace."""
    target_repo_name: pulumi.Input[str] | None = None
    """Target repository (`REPO` scope). Replace."""
    target_user_id: pulumi.Input[str] | None = None
    """Numeric id (UID) of the account that owns the target instance, for a rule into another
    account. The copied tags are then read with the credentials of `profile`. Replace."""
    sync_trigger: pulumi.Input[str] | None = None
    """`PASSIVE` (default: the rule copies every matching tag pushed from now on) or `INITIATIVE`
    (the rule copies when run: `sync_existing`, `triggers`). Replace."""
    priority: pulumi.Input[int] | None = None
    """Priority of the rule's tasks, 1 to 5, higher first (default 3). Replace."""
    link_id: pulumi.Input[str] | None = None
    """Id of a custom synchronization link (ACR Premium Edition). Replace."""
    sync_existing: pulumi.Input[bool] | None = None
    """Run the rule once now over the tags it covers (`CreateRepoSyncTaskByRule`, one task per tag)
    and wait for every task: a rule only copies what is pushed after it exists. Turning it on later
    runs the rule in place; turning it off does nothing in the cloud. Default false."""
    triggers: pulumi.Input[Mapping[str, Any]] | None = None
    """Any values; a change runs the rule again now (in place), e.g. `{"release": version}`."""
    timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for the rule to be visible and for a run's tasks (default 1800); when it runs
    out the run's tasks are cancelled. Never causes a diff."""
    wait: pulumi.Input[bool] | None = None
    """Wait for a run's tasks to end (default true). False returns once they are accepted;
    `pulumi refresh` then reports them. Never causes a diff."""
    adopt: pulumi.Input[bool] | None = None
    """If a rule of this name already exists on the instance: manage it (made again as declared if
    its settings differ) instead of failing. Default false. Never causes a diff."""
    profile: pulumi.Input[str] | None = None
    """Name of a credential set in the stack config `imagesync:profiles`: with `target_user_id`, the
    target account's (used to read the copied tags only); otherwise used for every call. Never
    causes a diff."""


class SyncRule(ImageSyncResource, module="imagesync/alibabacloud", name="SyncRule"):
    """An ACR Enterprise synchronization rule: tags pushed to a repository, a namespace or a whole
    instance are copied to another instance (any region, any account), automatically (`PASSIVE`) or
    when run (`INITIATIVE`, `sync_existing`, `triggers`).

    Destroy deletes the rule (whatever its direction) and stops tasks of a run still going; images
    it already copied stay in the target.

    Id: `<region>#<instance id>#<rule name>`. Type token:
    `pulumi-python:dynamic/imagesync/alibabacloud:SyncRule`.
    """

    _args_class = SyncRuleArgs
    _provider_class = SyncRuleProvider

    instance_id: pulumi.Output[str]
    sync_scope: pulumi.Output[str]
    tag_filter: pulumi.Output[str]
    target_instance_id: pulumi.Output[str]
    name: pulumi.Output[str]
    region: pulumi.Output[str]
    namespace_name: pulumi.Output[str | None]
    repo_name: pulumi.Output[str | None]
    namespace_name_filter: pulumi.Output[str | None]
    repo_name_filter: pulumi.Output[str | None]
    target_region_id: pulumi.Output[str]
    target_namespace_name: pulumi.Output[str | None]
    target_repo_name: pulumi.Output[str | None]
    target_user_id: pulumi.Output[str | None]
    sync_trigger: pulumi.Output[str]
    priority: pulumi.Output[int]
    link_id: pulumi.Output[str | None]
    sync_existing: pulumi.Output[bool]
    triggers: pulumi.Output[dict[str, Any] | None]
    timeout_seconds: pulumi.Output[float]
    wait: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    profile: pulumi.Output[str | None]
    sync_rule_id: pulumi.Output[str]
    """The rule's id (`crsr-...`)."""
    sync_direction: pulumi.Output[str]
    """`FROM`: the instance sends (`TO` would be a rule listed at its receiving instance)."""
    cross_user: pulumi.Output[bool]
    """Whether the target instance is another account's."""
    create_time: pulumi.Output[int]
    """When the rule was made (epoch milliseconds)."""
    modified_time: pulumi.Output[int]
    """When the rule was last changed (epoch milliseconds)."""
    sync_tasks: pulumi.Output[list[dict[str, Any]]]
    """The last run's tasks, one per tag: `source` and `target` (`namespace/repository:tag`),
    `target_region_id`, `sync_task_id`, `status`, `issue` (why it failed), `digest` (what the
    target tag holds, once copied and readable)."""
    synced_tags: pulumi.Output[list[str]]
    """The source tags the last run copied (`namespace/repository:tag`)."""
    failed_tags: pulumi.Output[list[str]]
    """The source tags the last run failed to copy."""

    @overload
    def __init__(
        self, resource_name: str, args: SyncRuleArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        instance_id: pulumi.Input[str],
        sync_scope: pulumi.Input[str],
        tag_filter: pulumi.Input[str],
        target_instance_id: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        namespace_name: pulumi.Input[str] | None = None,
        repo_name: pulumi.Input[str] | None = None,
        namespace_name_filter: pulumi.Input[str] | None = None,
        repo_name_filter: pulumi.Input[str] | None = None,
        target_region_id: pulumi.Input[str] | None = None,
        target_namespace_name: pulumi.Input[str] | None = None,
        target_repo_name: pulumi.Input[str] | None = None,
        target_user_id: pulumi.Input[str] | None = None,
        sync_trigger: pulumi.Input[str] | None = None,
        priority: pulumi.Input[int] | None = None,
        link_id: pulumi.Input[str] | None = None,
        sync_existing: pulumi.Input[bool] | None = None,
        triggers: pulumi.Input[Mapping[str, Any]] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        wait: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create a SyncRule. Arguments: see `SyncRuleArgs`."""
        super().__init__(resource_name, *args, **kwargs)

    def _complete_props(self, resource_name: str, props: dict[str, Any]) -> None:
        if props.get("name") is None:
            props["name"] = resource_name
