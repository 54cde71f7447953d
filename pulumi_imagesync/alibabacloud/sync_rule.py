"""`alibabacloud.SyncRule`: an ACR Enterprise synchronization rule (`CreateRepoSyncRule`), managed for real."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .sync_rule_provider import SyncRuleProvider


@dataclass(kw_only=True)
class SyncRuleArgs:
    """The arguments of a `SyncRule`, for `SyncRule(resource_name, args, opts)`.

    Identity: `region` + `instance_id` + `name`. The API cannot change a rule: any other change of
    the rule's settings replaces it, deleting the old rule first (it has the same name), so the
    rule is briefly absent. `sync_existing` and `triggers` change in place: they run the rule now.
    """

    instance_id: Input[str]
    sync_scope: Input[str]
    tag_filter: Input[str]
    target_instance_id: Input[str]
    name: Input[str] | None = None
    region: Input[str] | None = None
    namespace_name: Input[str] | None = None
    repo_name: Input[str] | None = None
    namespace_name_filter: Input[str] | None = None
    repo_name_filter: Input[str] | None = None
    target_region_id: Input[str] | None = None
    target_namespace_name: Input[str] | None = None
    target_repo_name: Input[str] | None = None
    target_user_id: Input[str] | None = None
    sync_trigger: Input[str] | None = None
    priority: Input[int] | None = None
    link_id: Input[str] | None = None
    sync_existing: Input[bool] | None = None
    triggers: Input[Mapping[str, Any]] | None = None
    timeout_seconds: Input[float] | None = None
    wait: Input[bool] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


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
    _defaults_to_resource_name = ("name",)

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
        instance_id: Input[str],
        sync_scope: Input[str],
        tag_filter: Input[str],
        target_instance_id: Input[str],
        name: Input[str] | None = None,
        region: Input[str] | None = None,
        namespace_name: Input[str] | None = None,
        repo_name: Input[str] | None = None,
        namespace_name_filter: Input[str] | None = None,
        repo_name_filter: Input[str] | None = None,
        target_region_id: Input[str] | None = None,
        target_namespace_name: Input[str] | None = None,
        target_repo_name: Input[str] | None = None,
        target_user_id: Input[str] | None = None,
        sync_trigger: Input[str] | None = None,
        priority: Input[int] | None = None,
        link_id: Input[str] | None = None,
        sync_existing: Input[bool] | None = None,
        triggers: Input[Mapping[str, Any]] | None = None,
        timeout_seconds: Input[float] | None = None,
        wait: Input[bool] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create an ACR sync rule: keyword arguments, or a `SyncRuleArgs` as `args`.

        :param resource_name: The Pulumi name of the resource (and the rule's default `name`).
        :param args: The arguments as one `SyncRuleArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param instance_id: Id of the source ACR Enterprise instance (`cri-...`). Identity.
        :param sync_scope: What the rule copies: `REPO` (one repository: `namespace_name`,
            `repo_name` to `target_namespace_name`, `target_repo_name`), `NAMESPACE` (the
            repositories of `namespace_name`, optionally those `repo_name_filter` takes, into
            `target_namespace_name` under their own names) or `INSTANCE` (the namespaces and
            repositories `namespace_name_filter` and `repo_name_filter` take, under the same names
            in the target). Replace.
        :param tag_filter: Regular expression of the tags to copy, e.g. `.*` or `v[0-9.]+` (required
            by the API; matched against the whole tag). Replace.
        :param target_instance_id: Id of the target instance (`cri-...`). Replace.
        :param name: Rule name, unique per source instance (1-64 letters, digits, `.`, `_`, `-`).
            Defaults to the Pulumi resource name. Identity: a new name makes a new rule.
        :param region: Region of the source instance (the API's `RegionId`). Default:
            `alicloud:region` / `ALICLOUD_REGION`. Identity.
        :param namespace_name: Source namespace (`REPO` and `NAMESPACE` scopes). Replace.
        :param repo_name: Source repository (`REPO` scope). Replace.
        :param namespace_name_filter: Regular expression of the namespaces to copy (`INSTANCE` scope
            only; default: all). Replace.
        :param repo_name_filter: Regular expression of the repositories to copy (`INSTANCE` and
            `NAMESPACE` scopes; default: all). Replace.
        :param target_region_id: Region of the target instance (a public cloud region). Default:
            `region`. Replace.
        :param target_namespace_name: Target namespace (`REPO` and `NAMESPACE` scopes). Replace.
        :param target_repo_name: Target repository (`REPO` scope). Replace.
        :param target_user_id: Numeric id (UID) of the account that owns the target instance, for a
            rule into another account. The copied tags are then read with the credentials of
            `profile`. Replace.
        :param sync_trigger: `PASSIVE` (default: the rule copies every matching tag pushed from now
            on) or `INITIATIVE` (the rule copies when run: `sync_existing`, `triggers`). Replace.
        :param priority: Priority of the rule's tasks, 1 to 5, higher first (default 3). Replace.
        :param link_id: Id of a custom synchronization link (ACR Premium Edition). Replace.
        :param sync_existing: Run the rule once now over the tags it covers
            (`CreateRepoSyncTaskByRule`, one task per tag) and wait for every task: a rule only
            copies what is pushed after it exists. Turning it on later runs the rule in place;
            turning it off does nothing in the cloud. Default false.
        :param triggers: Any values; a change runs the rule again now (in place), e.g. `{"release":
            version}`.
        :param timeout_seconds: How long to wait for the rule to be visible and for a run's tasks
            (default 1800); when it runs out the run's tasks are cancelled. Never causes a diff.
        :param wait: Wait for a run's tasks to end (default true). False returns once they are
            accepted; `pulumi refresh` then reports them. Never causes a diff.
        :param adopt: If a rule of this name already exists on the instance: manage it (made again
            as declared if its settings differ) instead of failing. Default false. Never causes a
            diff.
        :param profile: Name of a credential set in the stack config `imagesync:profiles`: with
            `target_user_id`, the target account's (used to read the copied tags only); otherwise
            used for every call. Never causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    @property
    @pulumi.getter
    def instance_id(self) -> pulumi.Output[str]:
        """Id of the source ACR Enterprise instance (`cri-...`)."""
        return pulumi.get(self, "instance_id")

    @property
    @pulumi.getter
    def sync_scope(self) -> pulumi.Output[str]:
        """What the rule copies: `REPO` (one repository: `namespace_name`, `repo_name` to
        `target_namespace_name`, `target_repo_name`), `NAMESPACE` (the repositories of `namespace_name`,
        optionally those `repo_name_filter` takes, into `target_namespace_name` under their own names)
        or `INSTANCE` (the namespaces and repositories `namespace_name_filter` and `repo_name_filter`
        take, under the same names in the target).
        """
        return pulumi.get(self, "sync_scope")

    @property
    @pulumi.getter
    def tag_filter(self) -> pulumi.Output[str]:
        """Regular expression of the tags to copy, e.g. `.*` or `v[0-9.]+` (required by the API; matched
        against the whole tag).
        """
        return pulumi.get(self, "tag_filter")

    @property
    @pulumi.getter
    def target_instance_id(self) -> pulumi.Output[str]:
        """Id of the target instance (`cri-...`)."""
        return pulumi.get(self, "target_instance_id")

    @property
    @pulumi.getter
    def name(self) -> pulumi.Output[str]:
        """Rule name, unique per source instance (1-64 letters, digits, `.`, `_`, `-`). Defaults to the
        Pulumi resource name.
        """
        return pulumi.get(self, "name")

    @property
    @pulumi.getter
    def region(self) -> pulumi.Output[str]:
        """Region of the source instance (the API's `RegionId`). Default: `alicloud:region` /
        `ALICLOUD_REGION`.
        """
        return pulumi.get(self, "region")

    @property
    @pulumi.getter
    def namespace_name(self) -> pulumi.Output[str | None]:
        """Source namespace (`REPO` and `NAMESPACE` scopes)."""
        return pulumi.get(self, "namespace_name")

    @property
    @pulumi.getter
    def repo_name(self) -> pulumi.Output[str | None]:
        """Source repository (`REPO` scope)."""
        return pulumi.get(self, "repo_name")

    @property
    @pulumi.getter
    def namespace_name_filter(self) -> pulumi.Output[str | None]:
        """Regular expression of the namespaces to copy (`INSTANCE` scope only; default: all)."""
        return pulumi.get(self, "namespace_name_filter")

    @property
    @pulumi.getter
    def repo_name_filter(self) -> pulumi.Output[str | None]:
        """Regular expression of the repositories to copy (`INSTANCE` and `NAMESPACE` scopes; default:
        all).
        """
        return pulumi.get(self, "repo_name_filter")

    @property
    @pulumi.getter
    def target_region_id(self) -> pulumi.Output[str]:
        """Region of the target instance (a public cloud region). Default: `region`."""
        return pulumi.get(self, "target_region_id")

    @property
    @pulumi.getter
    def target_namespace_name(self) -> pulumi.Output[str | None]:
        """Target namespace (`REPO` and `NAMESPACE` scopes)."""
        return pulumi.get(self, "target_namespace_name")

    @property
    @pulumi.getter
    def target_repo_name(self) -> pulumi.Output[str | None]:
        """Target repository (`REPO` scope)."""
        return pulumi.get(self, "target_repo_name")

    @property
    @pulumi.getter
    def target_user_id(self) -> pulumi.Output[str | None]:
        """Numeric id (UID) of the account that owns the target instance, for a rule into another account.
        The copied tags are then read with the credentials of `profile`.
        """
        return pulumi.get(self, "target_user_id")

    @property
    @pulumi.getter
    def sync_trigger(self) -> pulumi.Output[str]:
        """`PASSIVE` (default: the rule copies every matching tag pushed from now on) or `INITIATIVE` (the
        rule copies when run: `sync_existing`, `triggers`).
        """
        return pulumi.get(self, "sync_trigger")

    @property
    @pulumi.getter
    def priority(self) -> pulumi.Output[int]:
        """Priority of the rule's tasks, 1 to 5, higher first (default 3)."""
        return pulumi.get(self, "priority")

    @property
    @pulumi.getter
    def link_id(self) -> pulumi.Output[str | None]:
        """Id of a custom synchronization link (ACR Premium Edition)."""
        return pulumi.get(self, "link_id")

    @property
    @pulumi.getter
    def sync_existing(self) -> pulumi.Output[bool]:
        """Run the rule once now over the tags it covers (`CreateRepoSyncTaskByRule`, one task per tag) and
        wait for every task: a rule only copies what is pushed after it exists. Turning it on later runs
        the rule in place; turning it off does nothing in the cloud. Default false.
        """
        return pulumi.get(self, "sync_existing")

    @property
    @pulumi.getter
    def triggers(self) -> pulumi.Output[dict[str, Any] | None]:
        """Any values; a change runs the rule again now (in place), e.g. `{"release": version}`."""
        return pulumi.get(self, "triggers")

    @property
    @pulumi.getter
    def wait(self) -> pulumi.Output[bool]:
        """Wait for a run's tasks to end (default true). False returns once they are accepted; `pulumi
        refresh` then reports them.
        """
        return pulumi.get(self, "wait")

    @property
    @pulumi.getter
    def sync_rule_id(self) -> pulumi.Output[str]:
        """The rule's id (`crsr-...`)."""
        return pulumi.get(self, "sync_rule_id")

    @property
    @pulumi.getter
    def sync_direction(self) -> pulumi.Output[str]:
        """`FROM`: the instance sends (`TO` would be a rule listed at its receiving instance)."""
        return pulumi.get(self, "sync_direction")

    @property
    @pulumi.getter
    def cross_user(self) -> pulumi.Output[bool]:
        """Whether the target instance is another account's."""
        return pulumi.get(self, "cross_user")

    @property
    @pulumi.getter
    def create_time(self) -> pulumi.Output[int]:
        """When the rule was made (epoch milliseconds)."""
        return pulumi.get(self, "create_time")

    @property
    @pulumi.getter
    def modified_time(self) -> pulumi.Output[int]:
        """When the rule was last changed (epoch milliseconds)."""
        return pulumi.get(self, "modified_time")

    @property
    @pulumi.getter
    def sync_tasks(self) -> pulumi.Output[list[dict[str, Any]]]:
        """The last run's tasks, one per tag: `source` and `target` (`namespace/repository:tag`),
        `target_region_id`, `sync_task_id`, `status`, `issue` (why it failed), `digest` (what the target
        tag holds, once copied and readable).
        """
        return pulumi.get(self, "sync_tasks")

    @property
    @pulumi.getter
    def synced_tags(self) -> pulumi.Output[list[str]]:
        """The source tags the last run copied (`namespace/repository:tag`)."""
        return pulumi.get(self, "synced_tags")

    @property
    @pulumi.getter
    def failed_tags(self) -> pulumi.Output[list[str]]:
        """The source tags the last run failed to copy."""
        return pulumi.get(self, "failed_tags")
