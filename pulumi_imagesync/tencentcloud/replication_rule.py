"""`tencentcloud.ReplicationRule`: a TCR (Enterprise) instance replication rule, managed for real."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from .._typing import Input
from ..dynamic_resource import ImageSyncResource
from .replication_rule_provider import ReplicationRuleProvider


@dataclass(kw_only=True)
class ReplicationRuleArgs:
    """The arguments of a `ReplicationRule`, for `ReplicationRule(resource_name, args, opts)`.

    Identity: `source_registry_id` + `name`. Changes of `dest_namespace`, `filters`, `override`,
    `deletion`, `enabled` and `description` are applied in place (`ModifyReplication`); a new
    destination registry or region, new peer settings or a new `region` replace the rule (the
    old rule is deleted first, since the new one has the same name).
    """

    source_registry_id: Input[str]
    destination_registry_id: Input[str]
    dest_namespace: Input[str]
    name: Input[str] | None = None
    filters: Input[Sequence[Input[Mapping[str, Input[str]]]]] | None = None
    override: Input[bool] | None = None
    deletion: Input[bool] | None = None
    enabled: Input[bool] | None = None
    description: Input[str] | None = None
    destination_region_id: Input[int] | None = None
    destination_region: Input[str] | None = None
    peer_registry_uin: Input[str] | None = None
    peer_registry_token: Input[str] | None = None
    region: Input[str] | None = None
    timeout_seconds: Input[float] | None = None
    adopt: Input[bool] | None = None
    profile: Input[str] | None = None


class ReplicationRule(ImageSyncResource, module="imagesync/tencentcloud", name="ReplicationRule"):
    """A TCR instance replication rule (`ManageReplication`), with drift detection, in-place
    updates, and deletion on destroy.

    Id: `<region>#<source registry id>#<rule name>`. Type token:
    `pulumi-python:dynamic/imagesync/tencentcloud:ReplicationRule`.
    """

    _args_class = ReplicationRuleArgs
    _provider_class = ReplicationRuleProvider
    _defaults_to_resource_name = ("name",)

    @overload
    def __init__(
        self, resource_name: str, args: ReplicationRuleArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        source_registry_id: Input[str],
        destination_registry_id: Input[str],
        dest_namespace: Input[str],
        name: Input[str] | None = None,
        filters: Input[Sequence[Input[Mapping[str, Input[str]]]]] | None = None,
        override: Input[bool] | None = None,
        deletion: Input[bool] | None = None,
        enabled: Input[bool] | None = None,
        description: Input[str] | None = None,
        destination_region_id: Input[int] | None = None,
        destination_region: Input[str] | None = None,
        peer_registry_uin: Input[str] | None = None,
        peer_registry_token: Input[str] | None = None,
        region: Input[str] | None = None,
        timeout_seconds: Input[float] | None = None,
        adopt: Input[bool] | None = None,
        profile: Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create a TCR replication rule: keyword arguments, or a `ReplicationRuleArgs` as `args`.

        :param resource_name: The Pulumi name of the resource (and the rule's default `name`).
        :param args: The arguments as one `ReplicationRuleArgs` (instead of keyword arguments).
        :param opts: Options of the resource (`pulumi.ResourceOptions`).
        :param source_registry_id: Id of the source TCR instance (`tcr-...`). Changing it replaces
            the rule.
        :param destination_registry_id: Id of the destination TCR instance. Changing it replaces
            the rule.
        :param dest_namespace: Namespace in the destination instance that images are replicated
            into. In place.
        :param name: Rule name, unique per source instance (1-64 letters, digits, `.`, `_`, `-`).
            Defaults to the Pulumi resource name. Changing it makes a new rule (replace).
        :param filters: Which artifacts to replicate: a list of
            `{"type": "name" | "tag" | "resource", "value": pattern}`, all of which must match
            (`name` matches `namespace/repository`). Empty: everything. In place.
        :param override: Overwrite tags that already exist in the destination. Default false. In
            place.
        :param deletion: Also replicate deletions of tags. Default false. In place.
        :param enabled: Whether the rule runs; `False` pauses it. Default true. In place.
        :param description: Rule description. In place.
        :param destination_region_id: TCR integer id of the destination instance's region
            (Guangzhou is 1). Default: the source's region. Changing it replaces the rule.
        :param destination_region: The destination region by name (e.g. `ap-singapore`), instead
            of `destination_region_id`; either spelling of one region is the same rule (no diff).
        :param peer_registry_uin: Cross-account replication: the destination account's UIN.
            Changing it replaces the rule.
        :param peer_registry_token: Cross-account replication: a permanent access token of the
            destination instance. Stored as a secret. Changing it replaces the rule.
        :param region: Region of the source instance. Default: `tencentcloud:region` /
            `TENCENTCLOUD_REGION`. Changing it replaces the rule.
        :param timeout_seconds: How long to wait for the rule to be visible (default 300). Never
            causes a diff.
        :param adopt: If a rule of this name already exists: manage it (settings converge to these
            arguments) instead of failing. Default false. Never causes a diff.
        :param profile: Name of a credential set in the stack config `imagesync:profiles` to use
            instead of the default Tencent Cloud credentials. Never causes a diff.
        """
        super().__init__(resource_name, *args, **kwargs)

    @property
    @pulumi.getter
    def source_registry_id(self) -> pulumi.Output[str]:
        """Id of the source TCR instance."""
        return pulumi.get(self, "source_registry_id")

    @property
    @pulumi.getter
    def destination_registry_id(self) -> pulumi.Output[str]:
        """Id of the destination TCR instance."""
        return pulumi.get(self, "destination_registry_id")

    @property
    @pulumi.getter
    def dest_namespace(self) -> pulumi.Output[str]:
        """Namespace in the destination instance that images are replicated into."""
        return pulumi.get(self, "dest_namespace")

    @property
    @pulumi.getter
    def name(self) -> pulumi.Output[str]:
        """The rule's name."""
        return pulumi.get(self, "name")

    @property
    @pulumi.getter
    def filters(self) -> pulumi.Output[list[dict[str, str]]]:
        """Which artifacts the rule replicates: `{"type": ..., "value": ...}` filters, all matching."""
        return pulumi.get(self, "filters")

    @property
    @pulumi.getter
    def override(self) -> pulumi.Output[bool]:
        """Whether tags that exist in the destination are overwritten."""
        return pulumi.get(self, "override")

    @property
    @pulumi.getter
    def deletion(self) -> pulumi.Output[bool]:
        """Whether deletions of tags are replicated too."""
        return pulumi.get(self, "deletion")

    @property
    @pulumi.getter
    def enabled(self) -> pulumi.Output[bool]:
        """Whether the rule runs (false: paused)."""
        return pulumi.get(self, "enabled")

    @property
    @pulumi.getter
    def description(self) -> pulumi.Output[str]:
        """The rule's description."""
        return pulumi.get(self, "description")

    @property
    @pulumi.getter
    def destination_region_id(self) -> pulumi.Output[int | None]:
        """TCR integer id of the destination instance's region."""
        return pulumi.get(self, "destination_region_id")

    @property
    @pulumi.getter
    def destination_region(self) -> pulumi.Output[str | None]:
        """The destination region by name, when given (or read) so."""
        return pulumi.get(self, "destination_region")

    @property
    @pulumi.getter
    def peer_registry_uin(self) -> pulumi.Output[str | None]:
        """Cross-account replication: the destination account's UIN."""
        return pulumi.get(self, "peer_registry_uin")

    @property
    @pulumi.getter
    def peer_registry_token(self) -> pulumi.Output[str | None]:
        """Cross-account replication: the destination instance's access token. Secret."""
        return pulumi.get(self, "peer_registry_token")

    @property
    @pulumi.getter
    def region(self) -> pulumi.Output[str]:
        """Region of the source instance."""
        return pulumi.get(self, "region")

    @property
    @pulumi.getter
    def policy_id(self) -> pulumi.Output[int]:
        """TCR's id of the rule (its replication policy)."""
        return pulumi.get(self, "policy_id")

    @property
    @pulumi.getter
    def source_resource(self) -> pulumi.Output[str]:
        """What the rule replicates, as TCR describes it."""
        return pulumi.get(self, "source_resource")

    @property
    @pulumi.getter
    def destination_resource(self) -> pulumi.Output[str]:
        """Where the rule replicates to, as TCR describes it: `<registry id>/<namespace>/** <region>`."""
        return pulumi.get(self, "destination_resource")

    @property
    @pulumi.getter
    def creation_time(self) -> pulumi.Output[str]:
        """When the rule was created, as TCR reports it."""
        return pulumi.get(self, "creation_time")

    @property
    @pulumi.getter
    def update_time(self) -> pulumi.Output[str]:
        """When the rule was last changed, as TCR reports it."""
        return pulumi.get(self, "update_time")

    @property
    @pulumi.getter
    def latest_execution(self) -> pulumi.Output[dict[str, Any] | None]:
        """The rule's latest execution: `id`, `status`, `total`, `succeeded`, `start_time`, `end_time`."""
        return pulumi.get(self, "latest_execution")
