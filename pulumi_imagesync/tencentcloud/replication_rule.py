"""`tencentcloud.ReplicationRule`: a TCR (Enterprise) instance replication rule, managed for real."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ..dynamic_resource import ImageSyncResource
from .replication_rule_provider import ReplicationRuleProvider


@dataclass(kw_only=True)
class ReplicationRuleArgs:
    """The arguments of a `ReplicationRule`.

    Identity: `source_registry_id` + `name`. Changes of `dest_namespace`, `filters`, `override`,
    `deletion`, `enabled` and `description` are applied in place (`ModifyReplication`); a new
    destination registry or region, new peer settings or a new `region` replace the rule (the
    old rule is deleted first, since the new one has the same name).
    """

    source_registry_id: pulumi.Input[str]
    """Id of the source TCR instance (`tcr-...`). Changing it replaces the rule."""
    destination_registry_id: pulumi.Input[str]
    """Id of the destination TCR instance. Changing it replaces the rule."""
    dest_namespace: pulumi.Input[str]
    """Namespace in the destination instance that images are replicated into. In place."""
    name: pulumi.Input[str] | None = None
    """Rule name, unique per source instance (1-64 letters, digits, `.`, `_`, `-`). Defaults to the
    Pulumi resource name. Changing it makes a new rule (replace)."""
    filters: pulumi.Input[Sequence[pulumi.Input[Mapping[str, pulumi.Input[str]]]]] | None = None
    """Which artifacts to replicate: a list of `{"type": "name" | "tag" | "resource", "value": pattern}`,
    all of which must match (`name` matches `namespace/repository`). Empty: everything. In place."""
    override: pulumi.Input[bool] | None = None
    """Overwrite tags that already exist in the destination. Default false. In place."""
    deletion: pulumi.Input[bool] | None = None
    """Also replicate deletions of tags. Default false. In place."""
    enabled: pulumi.Input[bool] | None = None
    """Whether the rule runs; `False` pauses it. Default true. In place."""
    description: pulumi.Input[str] | None = None
    """Rule description. In place."""
    destination_region_id: pulumi.Input[int] | None = None
    """TCR integer id of the destination instance's region (Guangzhou is 1). Default: the source's
    region. Changing it replaces the rule."""
    destination_region: pulumi.Input[str] | None = None
    """The destination region by name (e.g. `ap-singapore`), instead of `destination_region_id`."""
    peer_registry_uin: pulumi.Input[str] | None = None
    """Cross-account replication: the destination account's UIN. Changing it replaces the rule."""
    peer_registry_token: pulumi.Input[str] | None = None
    """Cross-account replication: a permanent access token of the destination instance. Stored as
    a secret. Changing it replaces the rule."""
    region: pulumi.Input[str] | None = None
    """Region of the source instance. Default: `tencentcloud:region` / `TENCENTCLOUD_REGION`."""
    timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for the rule to be visible (default 300). Never causes a diff."""
    adopt: pulumi.Input[bool] | None = None
    """If a rule of this name already exists: manage it (settings converge to these arguments)
    instead of failing. Default false. Never causes a diff."""
    profile: pulumi.Input[str] | None = None
    """Name of a credential set in the stack config `imagesync:profiles` to use instead of the
    default Tencent Cloud credentials. Never causes a diff."""


class ReplicationRule(ImageSyncResource, module="imagesync/tencentcloud", name="ReplicationRule"):
    """A TCR instance replication rule (`ManageReplication`), with drift detection, in-place
    updates, and deletion on destroy.

    Id: `<region>#<source registry id>#<rule name>`. Type token:
    `pulumi-python:dynamic/imagesync/tencentcloud:ReplicationRule`.
    """

    _args_class = ReplicationRuleArgs
    _provider_class = ReplicationRuleProvider

    source_registry_id: pulumi.Output[str]
    destination_registry_id: pulumi.Output[str]
    dest_namespace: pulumi.Output[str]
    name: pulumi.Output[str]
    filters: pulumi.Output[list[dict[str, str]]]
    override: pulumi.Output[bool]
    deletion: pulumi.Output[bool]
    enabled: pulumi.Output[bool]
    description: pulumi.Output[str]
    destination_region_id: pulumi.Output[int | None]
    destination_region: pulumi.Output[str | None]
    peer_registry_uin: pulumi.Output[str | None]
    peer_registry_token: pulumi.Output[str | None]
    """Secret."""
    region: pulumi.Output[str]
    timeout_seconds: pulumi.Output[float]
    adopt: pulumi.Output[bool]
    profile: pulumi.Output[str | None]
    policy_id: pulumi.Output[int]
    """TCR's id of the rule (its replication policy)."""
    source_resource: pulumi.Output[str]
    """What the rule replicates, as TCR describes it."""
    destination_resource: pulumi.Output[str]
    """Where the rule replicates to, as TCR describes it."""
    creation_time: pulumi.Output[str]
    update_time: pulumi.Output[str]
    latest_execution: pulumi.Output[dict[str, Any] | None]
    """The rule's latest execution: `id`, `status`, `total`, `succeeded`, `start_time`, `end_time`."""

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
        source_registry_id: pulumi.Input[str],
        destination_registry_id: pulumi.Input[str],
        dest_namespace: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        filters: pulumi.Input[Sequence[pulumi.Input[Mapping[str, pulumi.Input[str]]]]] | None = None,
        override: pulumi.Input[bool] | None = None,
        deletion: pulumi.Input[bool] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        description: pulumi.Input[str] | None = None,
        destination_region_id: pulumi.Input[int] | None = None,
        destination_region: pulumi.Input[str] | None = None,
        peer_registry_uin: pulumi.Input[str] | None = None,
        peer_registry_token: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Create a ReplicationRule. Arguments: see `ReplicationRuleArgs`."""
        super().__init__(resource_name, *args, **kwargs)

    def _complete_props(self, resource_name: str, props: dict[str, Any]) -> None:
        if props.get("name") is None:
            props["name"] = resource_name
