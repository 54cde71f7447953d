"""Provider of `tencentcloud.ReplicationRule`: a TCR instance replication rule.

Permanent identifier: this module path and the class name `ReplicationRuleProvider` are pickled
into every ReplicationRule's state.

API mapping: create `ManageReplication` (it has no `Enabled`, so a disabled rule is created and
then disabled with `ModifyReplication`); read `DescribeReplicationPolicies` matched by name, plus
the latest `DescribeReplicationExecutions`; update `ModifyReplication`; delete
`DeleteReplicationRule`. Id: `<region>#<source registry id>#<rule name>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, DiffResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.error_table import create_once, gone
from ..provider.errors import CloudError, ConfigurationError, InputError, OperationFailedError
from ..provider.fields import Schema, common_fields, identity, in_place, is_unknown, output, replace
from ..provider.ids import IdLayout
from ..provider.rollback import Rollback
from ..provider.validation import ACCOUNT_ID_RE, Checks
from ..provider.waiting import wait_for_found
from . import names
from .api import TencentApi, tencent_api
from .regions import REGIONS, TCR_REGION_IDS, TCR_REGION_NAMES

REGISTRY_ID_RE = re.compile(r"^tcr-[a-z0-9]{1,32}$")
FILTER_TYPES = ("name", "tag", "resource")
PAGE_SIZE = 100
# DeleteReplicationRule of a rule (or in a registry) that does not exist: already gone. On read,
# a rule is gone only when DescribeReplicationPolicies lists the registry's rules without it: a
# registry not found is an error there (provider.error_table: the registry is the scope).
RULE_GONE = frozenset(
    {"ResourceNotFound", "ResourceNotFound.TcrResourceNotFound", "InternalError.ErrNotExist"}
)
RULE_EXISTS = frozenset({"InvalidParameter.ReplicationExists"})  # ManageReplication of an existing rule

SCHEMA = Schema(
    [
        identity("source_registry_id", required=True),
        identity("name", required=True),
        replace("region"),
        replace("destination_registry_id", required=True),
        replace("destination_region_id", int),
        replace("destination_region"),
        replace("peer_registry_uin"),
        replace("peer_registry_token", secret=True),
        in_place("dest_namespace", required=True),
        in_place("filters", list, default=[]),
        in_place("override", bool, default=False),
        in_place("deletion", bool, default=False),
        in_place("enabled", bool, default=True),
        in_place("description", default=""),
        *common_fields(timeout_seconds=300, wait=False),
        output("policy_id", int),
        output("source_resource"),
        output("destination_resource"),
        output("creation_time"),
        output("update_time"),
        output("latest_execution", dict),
    ]
)


class ReplicationRuleProvider(ImageSyncProvider):
    cloud = "tencentcloud"
    schema = SCHEMA
    noun = "TCR replication rule"
    id_layout = IdLayout(
        ("region", "region"), ("source_registry_id", "source registry id"), ("name", "rule name")
    )

    # -- offline ---------------------------------------------------------------------------------

    def complete(self, inputs: dict[str, Any]) -> None:
        filters = inputs.get("filters")
        if isinstance(filters, list):
            inputs["filters"] = [
                {**f, "value": f.get("value") or ""} if isinstance(f, dict) else f for f in filters
            ]
        region = inputs.get("destination_region")
        if (
            isinstance(region, str)
            and inputs.get("destination_region_id") is None
            and region in TCR_REGION_IDS
        ):
            inputs["destination_region_id"] = TCR_REGION_IDS[region]

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        registry_rule = "a TCR instance id looks like tcr-xxxxxxxx"
        checks.pattern("source_registry_id", REGISTRY_ID_RE, registry_rule)
        checks.pattern("destination_registry_id", REGISTRY_ID_RE, registry_rule)
        checks.pattern(
            "name",
            names.RULE_NAME_RE,
            "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit "
            "(when omitted, the resource name is used: pass name=... if that is not a valid rule name)",
            maximum=64,
        )
        if checks.pattern("dest_namespace", names.NAMESPACE_RE, names.NAMESPACE_RULE):
            checks.length("dest_namespace", *names.NAMESPACE_LENGTH)
        checks.region("region", REGIONS, "Tencent Cloud")
        checks.region("destination_region", REGIONS, "TCR")
        region_id = inputs.get("destination_region_id")
        if region_id is not None and region_id not in TCR_REGION_NAMES:
            checks.fail("destination_region_id", f"{region_id} is not a TCR region id (Guangzhou is 1)")
        named = inputs.get("destination_region")
        if named in TCR_REGION_IDS and region_id is not None and TCR_REGION_IDS[named] != region_id:
            checks.fail(
                "destination_region_id",
                f"{region_id} is not the id of destination_region {named!r} ({TCR_REGION_IDS[named]}); set only one",
            )
        self._validate_filters(checks, inputs.get("filters"))
        if bool(inputs.get("peer_registry_uin")) != bool(inputs.get("peer_registry_token")):
            missing = "peer_registry_token" if inputs.get("peer_registry_uin") else "peer_registry_uin"
            checks.fail(
                missing, "peer_registry_uin and peer_registry_token go together (cross-account replication)"
            )
        checks.pattern("peer_registry_uin", ACCOUNT_ID_RE, "the peer account's numeric UIN (digits 0-9)")
        checks.opaque("peer_registry_token", "an access token", secret=True)
        if not inputs.get("peer_registry_uin"):
            checks.differ(
                "destination_registry_id",
                ["source_registry_id"],
                ["destination_registry_id"],
                "the same TCR instance",
            )
        return checks

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # One destination region has three spellings: its name, its TCR id, or nothing (the
        # source's region). Compared as the region they name, they are no diff.
        return super().diff(id_, _destination_spelled_out(olds), _destination_spelled_out(news))

    @staticmethod
    def _validate_filters(checks: Checks, filters: Any) -> None:
        if not isinstance(filters, list):
            return
        for index, item in enumerate(filters):
            if not isinstance(item, dict):
                checks.fail("filters", f"filters[{index}] must be a map with `type` and `value`")
                return
            unknown = set(item) - {"type", "value"}
            if unknown:
                checks.fail(
                    "filters", f"filters[{index}] has unknown keys {sorted(unknown)}: use `type` and `value`"
                )
                return
            if item.get("type") not in FILTER_TYPES:
                checks.fail("filters", f"filters[{index}].type must be one of {', '.join(FILTER_TYPES)}")
                return
            if not isinstance(item.get("value"), str):
                checks.fail("filters", f"filters[{index}].value must be a string")
                return

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"{self.noun} {op['name']!r} on {op['source_registry_id']}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        api = tencent_api(op, "tcr")
        what = f"{op['name']!r} on {op['source_registry_id']}"
        existing = self._find(api, op)
        if existing is not None:
            if op.adopt:
                return self._adopt(api, op, existing)
            if not self._made_by_predecessor(op, existing):
                self.refuse_existing(op, what)
            rollback.add(
                f"{self.noun} {what}", lambda: self._delete(tencent_api(op, "tcr", cleanup=True), op)
            )
            return self._adopt(api, op, existing)

        self._check_destination_region(api, op)
        # The rule was absent just now: one that appears after this note is the product of this call.
        op.note(rule_sent=True)
        create_once(
            api,
            "ManageReplication",
            self._manage_request(op),
            already_applied=lambda: self._find(api, op),
            exists=RULE_EXISTS,
        )
        rollback.add(f"{self.noun} {what}", lambda: self._delete(tencent_api(op, "tcr", cleanup=True), op))
        # Read-after-write is not documented (T-CONS-1): ModifyReplication names the rule, so it
        # waits until the rule is listed.
        policy = wait_for_found(
            lambda: self._find(api, op), deadline=op.deadline, what=f"{self.noun} {what} to be visible"
        )
        if not op.get("enabled", True):
            api.call("ModifyReplication", self._modify_request(op))
            policy = wait_for_found(
                lambda: self._find(api, op),
                accept=lambda p: not p.get("Enabled", True),
                deadline=op.deadline,
                what=f"{self.noun} {what} to show enabled=False",
            )
        return self._view(api, op, policy)

    def _made_by_predecessor(self, op: Operation, policy: Mapping[str, Any]) -> bool:
        """An earlier run of this resource sent `ManageReplication` when the rule was absent, and
        the rule replicates where it asked: this rule is the product of that call."""
        if not op.recall("rule_sent"):
            return False
        destination = _destination_registry(policy.get("DestResource"))
        return destination in (None, op["destination_registry_id"])

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        api = tencent_api(op, "tcr")
        policy = self._find(api, op)
        return None if policy is None else self._view(api, op, policy)

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback | None = None
    ) -> dict[str, Any]:
        api = tencent_api(op, "tcr")
        api.call("ModifyReplication", self._modify_request(op))
        policy = wait_for_found(
            lambda: self._find(api, op),
            accept=lambda p: self._matches(op, self._view(api, op, p, executions=False)),
            deadline=op.deadline,
            what=f"{self.noun} {op['name']!r} to show the update",
        )
        return self._view(api, op, policy)

    def delete_resource(self, op: Operation) -> None:
        self._delete(tencent_api(op, "tcr"), op)

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _delete(api: TencentApi, op: Operation) -> None:
        request = {"SourceRegistryId": op["source_registry_id"], "RuleName": op["name"]}
        try:
            api.call("DeleteReplicationRule", request)
        except CloudError as error:
            if not gone(error, RULE_GONE):
                raise

    def _find(self, api: TencentApi, op: Operation) -> dict[str, Any] | None:
        """The rule's policy as `DescribeReplicationPolicies` lists it, or None."""
        page = 1
        while True:
            answer = api.call(
                "DescribeReplicationPolicies",
                {"RegistryId": op["source_registry_id"], "Page": page, "PageSize": PAGE_SIZE},
            )
            policies = answer.get("ReplicationPolicyInfoList") or []
            for policy in policies:
                if policy.get("Name") == op["name"]:
                    return dict(policy)
            total = answer.get("TotalCount") or 0
            if not policies or page * PAGE_SIZE >= total:
                return None
            page += 1

    def _check_destination_region(self, api: TencentApi, op: Operation) -> None:
        """Resolve a destination region name with the cloud's own table (check used the bundled one)."""
        name = op.get("destination_region")
        if not name:
            return
        regions = api.call("DescribeRegions", {}).get("Regions") or []
        ids = {r.get("RegionName"): r.get("RegionId") for r in regions}
        if name not in ids:
            raise InputError("destination_region", f"{name!r} is not a region TCR offers ({len(ids)} listed)")
        if ids[name] != op.get("destination_region_id"):
            raise ConfigurationError(
                f"TCR reports region id {ids[name]} for {name}, the bundled table {op.get('destination_region_id')}; "
                "set destination_region_id explicitly"
            )

    def _manage_request(self, op: Operation) -> dict[str, Any]:
        request: dict[str, Any] = {
            "SourceRegistryId": op["source_registry_id"],
            "DestinationRegistryId": op["destination_registry_id"],
            "Rule": {
                "Name": op["name"],
                "DestNamespace": op["dest_namespace"],
                "Override": bool(op.get("override", False)),
                "Deletion": bool(op.get("deletion", False)),
                "Filters": _wire_filters(op.get("filters", [])),
            },
            "Description": op.get("description", ""),
        }
        if op.get("destination_region_id") is not None:
            request["DestinationRegionId"] = int(op["destination_region_id"])
        if op.get("peer_registry_uin"):
            request["PeerReplicationOption"] = {
                "PeerRegistryUin": str(op["peer_registry_uin"]),
                "PeerRegistryToken": op["peer_registry_token"],
                "EnablePeerReplication": True,
            }
        return request

    def _modify_request(self, op: Operation) -> dict[str, Any]:
        return {
            "SourceRegistryId": op["source_registry_id"],
            "RuleName": op["name"],
            "Rule": {
                "DestNamespace": op["dest_namespace"],
                "Override": bool(op.get("override", False)),
                "Deletion": bool(op.get("deletion", False)),
                "Filters": _wire_filters(op.get("filters", [])),
                "Enabled": bool(op.get("enabled", True)),
            },
            "Description": op.get("description", ""),
        }

    def _adopt(self, api: TencentApi, op: Operation, policy: dict[str, Any]) -> dict[str, Any]:
        """Take over an existing rule: its destination must be the declared one; settings converge."""
        view = self._view(api, op, policy, executions=False)
        destination = _destination_registry(policy.get("DestResource"))
        if destination and destination != op["destination_registry_id"]:
            raise InputError(
                "destination_registry_id",
                f"the existing rule {op['name']!r} replicates to {destination}, not {op['destination_registry_id']}; "
                "it cannot be adopted as declared",
            )
        if not self._matches(op, view):
            return self.update_resource(op, {}, [])
        return self._view(api, op, policy)

    @staticmethod
    def _matches(op: Operation, view: Mapping[str, Any]) -> bool:
        return all(
            SCHEMA[name].normalize(view.get(name)) == SCHEMA[name].normalize(op.props.get(name))
            for name in ("dest_namespace", "filters", "override", "enabled", "description")
        )

    def _view(
        self, api: TencentApi, op: Operation, policy: Mapping[str, Any], executions: bool = True
    ) -> dict[str, Any]:
        """The fields `DescribeReplicationPolicies` reports, in this resource's names."""
        view: dict[str, Any] = {
            "policy_id": policy.get("ID"),
            "description": policy.get("Description") or "",
            "filters": [
                {"type": str(f.get("Type", "")).lower(), "value": f.get("Value") or ""}
                for f in policy.get("Filters") or []
            ],
            "override": bool(policy.get("Override")),
            "enabled": bool(policy.get("Enabled", True)),
            "source_resource": policy.get("SrcResource"),
            "destination_resource": policy.get("DestResource"),
            "creation_time": policy.get("CreationTime"),
            "update_time": policy.get("UpdateTime"),
        }
        destination = policy.get("DestResource")
        namespace = _destination_namespace(destination)
        if namespace:
            view["dest_namespace"] = namespace
        view["destination_registry_id"] = _destination_registry(destination)
        region = _destination_region(destination)
        if region in TCR_REGION_IDS:
            view["destination_region"] = region
            view["destination_region_id"] = TCR_REGION_IDS[region]
        if executions and policy.get("ID") is not None:
            view["latest_execution"] = self._latest_execution(api, op, int(policy["ID"]))
        return view

    @staticmethod
    def _latest_execution(api: TencentApi, op: Operation, policy_id: int) -> dict[str, Any] | None:
        # The order of the list is documented nowhere (T-FMT-3): every page is read, and the
        # latest execution is the one with the largest id, wherever it is listed.
        executions: list[dict[str, Any]] = []
        page = 1
        while True:
            request = {
                "RegistryId": op["source_registry_id"],
                "PolicyId": policy_id,
                "Page": page,
                "PageSize": PAGE_SIZE,
            }
            answer = api.call("DescribeReplicationExecutions", request)
            listed = list(answer.get("ReplicationExecutionList") or [])
            executions += listed
            if len(listed) < PAGE_SIZE or page * PAGE_SIZE >= (answer.get("TotalCount") or 0):
                break
            page += 1
        if not executions:
            return None
        latest = max(executions, key=lambda e: e.get("ExecutionID") or 0)
        return {
            "id": latest.get("ExecutionID"),
            "status": latest.get("Status"),
            "total": latest.get("Total"),
            "succeeded": latest.get("Succeed"),
            "start_time": latest.get("StartTime"),
            "end_time": latest.get("EndTime"),
        }


def _wire_filters(filters: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"Type": f["type"], "Value": f.get("value") or ""} for f in filters]


def _destination_spelled_out(props: Mapping[str, Any]) -> dict[str, Any]:
    """`props` with the destination region as both its TCR id and its name, the default (the
    source's region) made explicit. Values a preview does not know yet stay as they are."""
    region_id = props.get("destination_region_id")
    name = props.get("destination_region")
    if any(is_unknown(v) for v in (region_id, name, props.get("region"))):
        return dict(props)
    if region_id is None:
        region_id = TCR_REGION_IDS.get(name or props.get("region") or "")
    if region_id is None:
        return dict(props)
    return {
        **props,
        "destination_region_id": region_id,
        "destination_region": TCR_REGION_NAMES.get(region_id, name),
    }


def _destination_region(resource: str | None) -> str | None:
    """The region name after the path of `DestResource`, where it names one (T-FMT-1)."""
    parse_dest_resource(resource)  # a format this provider does not know is an error
    found = DEST_RESOURCE_RE.fullmatch(resource.strip()) if resource else None
    return found["region"] if found else None


DEST_RESOURCE_RE = re.compile(
    r"^(?:(?P<registry>tcr-[a-z0-9]+)/)?(?P<namespace>[a-z0-9][a-z0-9._-]*)(?:/\*\*)?(?: (?P<region>[a-z]+-[a-z0-9-]+))?$"
)


def parse_dest_resource(resource: str | None) -> tuple[str | None, str | None]:
    """(registry id, namespace) that a policy's `DestResource` names; (None, None) when it is empty.

    Its format is documented nowhere (T-FMT-1). Two readings are plausible and both are taken:
    `"<registry id>/<namespace>/** <region>"` (with or without the `/**` and the region) and a
    bare `"<namespace>"` (`/**` allowed). Anything else is an error naming the value, rather than
    a namespace guessed wrong and reported as drift.
    """
    if not resource:
        return None, None
    found = DEST_RESOURCE_RE.fullmatch(resource.strip())
    if found is None:
        raise OperationFailedError(
            f"TCR reports the rule's DestResource as {resource!r}, a format this provider does not "
            "know (docs/cloud-assumptions.md, T-FMT-1); please report it"
        )
    return found["registry"], found["namespace"]


def _destination_registry(resource: str | None) -> str | None:
    return parse_dest_resource(resource)[0]


def _destination_namespace(resource: str | None) -> str | None:
    return parse_dest_resource(resource)[1]
