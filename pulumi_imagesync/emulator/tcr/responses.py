"""TCR API actions: read the parameters, call the backend, render the answer.

Fields and types are those of the SDK models (``tencentcloud.tcr.v20190924.models``): a nested key
the SDK does not know makes it warn, so only known keys are rendered. Time layouts:
policies, executions, tasks, images, instances and regions ``2026-11-23T02:43:03Z``; repositories
and namespaces Go's ``2026-11-23 02:43:03.123456789 +0000 UTC``. ``Offset`` is a page number
(from 1) for DescribeImages/DescribeRepositories/DescribeNamespaces and an item offset for
DescribeInstances, as in the real API. Name filters of DescribeNamespaces/DescribeRepositories and
DescribeImages' ``ImageVersion`` are substring matches: compare names client-side.
``PublicDomain`` is where the instance's OCI registry answers (``127.0.0.1:<port>``, plain HTTP)
while the emulator serves, ``<name>.tencentcloudcr.com`` otherwise; ``CreateInstanceToken`` issues
its docker login (``ExpTime`` in epoch milliseconds, as Harbor's TCR adapter reads it).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..protocols.tencent import TencentResponses, action
from ..protocols.tencent_params import BOOLEAN, INTEGER, STRING, ListOf, Params, Struct, optional, required
from ..tencent_regions import BY_NAME, TCR_REGIONS
from ..timefmt import go_time, iso_z
from . import exceptions as exc
from .filters import Filter
from .models import Execution, ImageRef, Registry, Repository, Rule, TcrBackend

T = TypeVar("T")

FILTER = Struct(Type=required(STRING), Value=optional(STRING))
NAME_VALUES = Struct(Name=required(STRING), Values=required(ListOf(STRING)))
PAGED = {"Page": optional(INTEGER), "PageSize": optional(INTEGER)}
IN_REPOSITORY = {
    "RegistryId": required(STRING),
    "NamespaceName": required(STRING),
    "RepositoryName": required(STRING),
}
REGIONS_CREATED_AT = "2020-03-10T03:33:43Z"  # a fixed, realistic date for the static region table
MAX_DELETE_TAGS = 20


class TcrResponses(TencentResponses[TcrBackend]):
    # --- replication rules ---------------------------------------------------------------------

    @action(
        "ManageReplication",
        Struct(
            SourceRegistryId=required(STRING),
            DestinationRegistryId=required(STRING),
            Rule=required(
                Struct(
                    Name=required(STRING),
                    DestNamespace=required(STRING),
                    Override=required(BOOLEAN),
                    Filters=required(ListOf(FILTER)),
                    Deletion=optional(BOOLEAN),
                )
            ),
            Description=optional(STRING),
            DestinationRegionId=optional(INTEGER),
            PeerReplicationOption=optional(
                Struct(
                    PeerRegistryUin=required(STRING),
                    PeerRegistryToken=required(STRING),
                    EnablePeerReplication=required(BOOLEAN),
                )
            ),
        ),
    )
    def manage_replication(self, p: Params) -> dict[str, Any]:
        source = self._registry(p.text("SourceRegistryId"))
        rule = p.struct("Rule")
        assert rule is not None
        peer = p.struct("PeerReplicationOption")
        enabled_peer = peer is not None and peer.boolean("EnablePeerReplication")
        self.backend.create_rule(
            source,
            name=rule.text("Name"),
            destination_registry_id=p.text("DestinationRegistryId"),
            destination_region_id=p.integer("DestinationRegionId") if "DestinationRegionId" in p else None,
            dest_namespace=rule.text("DestNamespace"),
            override=rule.boolean("Override"),
            deletion=rule.boolean("Deletion"),
            filters=_filters(rule),
            description=p.text("Description"),
            peer_account_id=peer.text("PeerRegistryUin") if peer is not None and enabled_peer else None,
            peer_token=peer.text("PeerRegistryToken") if peer is not None and enabled_peer else None,
        )
        return {}

    @action(
        "ModifyReplication",
        Struct(
            SourceRegistryId=required(STRING),
            RuleName=required(STRING),
            Rule=required(
                Struct(
                    DestNamespace=required(STRING),
                    Override=required(BOOLEAN),
                    Deletion=optional(BOOLEAN),
                    Filters=required(ListOf(FILTER)),
                    Enabled=optional(BOOLEAN),
                )
            ),
            Description=optional(STRING),
        ),
    )
    def modify_replication(self, p: Params) -> dict[str, Any]:
        rule = p.struct("Rule")
        assert rule is not None
        self.backend.modify_rule(
            self._registry(p.text("SourceRegistryId")),
            p.text("RuleName"),
            dest_namespace=rule.text("DestNamespace"),
            override=rule.boolean("Override"),
            filters=_filters(rule),
            deletion=rule.boolean("Deletion") if "Deletion" in rule else None,
            enabled=rule.boolean("Enabled") if "Enabled" in rule else None,
            description=p.text("Description") if "Description" in p else None,
        )
        return {}

    @action(
        "DeleteReplicationRule",
        Struct(SourceRegistryId=required(STRING), RuleName=required(STRING), Description=optional(STRING)),
    )
    def delete_replication_rule(self, p: Params) -> dict[str, Any]:
        self.backend.delete_rule(self._registry(p.text("SourceRegistryId")), p.text("RuleName"))
        return {}

    @action("DescribeReplicationPolicies", Struct(RegistryId=required(STRING), **PAGED))
    def describe_replication_policies(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        rules = sorted(registry.rules.values(), key=lambda r: r.id)
        return {
            "ReplicationPolicyInfoList": [
                _policy(registry, r) for r in _page(rules, p, "Page", "PageSize", 100)
            ],
            "TotalCount": len(rules),
        }

    @action(
        "DescribeReplicationExecutions",
        Struct(
            RegistryId=required(STRING),
            PolicyId=required(INTEGER),
            ReplicationInstanceId=optional(STRING),
            **PAGED,
        ),
    )
    def describe_replication_executions(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        policy_id = p.integer("PolicyId")
        found = [ex for ex in registry.executions.values() if ex.policy_id == policy_id]
        found.sort(key=lambda ex: ex.id, reverse=True)
        return {
            "ReplicationExecutionList": [_execution(ex) for ex in _page(found, p, "Page", "PageSize", 100)],
            "TotalCount": len(found),
        }

    @action(
        "DescribeReplicationTasks",
        Struct(RegistryId=required(STRING), ExecutionId=required(INTEGER), **PAGED),
    )
    def describe_replication_tasks(self, p: Params) -> dict[str, Any]:
        execution = self.backend.execution(self._registry(p.text("RegistryId")), p.integer("ExecutionId"))
        tasks = _page(execution.tasks, p, "Page", "PageSize", 100)
        return {
            "ReplicationTaskList": [
                {
                    "ResourceType": "image",
                    "SrcResource": task.source.path,
                    "DstResource": task.destination.path,
                    "JobID": task.job_id,
                    "Status": task.status,
                    "StartTime": iso_z(task.started_at),
                    "EndTime": "" if task.ended_at is None else iso_z(task.ended_at),
                }
                for task in tasks
            ],
            "TotalCount": len(execution.tasks),
        }

    # --- images --------------------------------------------------------------------------------

    @action(
        "DuplicateImage",
        Struct(
            RegistryId=required(STRING),
            SourceNamespace=required(STRING),
            SourceRepo=required(STRING),
            SourceReference=required(STRING),
            DestinationTag=required(STRING),
            DestinationNamespace=optional(STRING),
            DestinationRepo=optional(STRING),
            Override=optional(BOOLEAN),
        ),
    )
    def duplicate_image(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        source = ImageRef(
            registry.id, p.text("SourceNamespace"), p.text("SourceRepo"), p.text("SourceReference")
        )
        destination = ImageRef(
            registry.id,
            p.text("DestinationNamespace") or source.namespace,
            p.text("DestinationRepo") or source.repository,
            p.text("DestinationTag"),
        )
        self.backend.duplicate(registry, source, destination, p.boolean("Override"))
        return {}

    @action(
        "DescribeImages",
        Struct(
            **IN_REPOSITORY,
            ImageVersion=optional(STRING),
            Limit=optional(INTEGER),
            Offset=optional(INTEGER),
            Digest=optional(STRING),
            ExactMatch=optional(BOOLEAN),
        ),
    )
    def describe_images(self, p: Params) -> dict[str, Any]:
        repository = self._repository(p)
        version, exact, digest = p.text("ImageVersion"), p.boolean("ExactMatch"), p.text("Digest")
        found = [
            (name, tag)
            for name, tag in repository.tags.items()
            if (not version or (name == version if exact else version in name))
            and (not digest or tag.digest == digest)
        ]
        found.sort(key=lambda item: (-item[1].updated_at, item[0]))
        return {
            "ImageInfoList": [
                {
                    "Digest": tag.digest,
                    "Size": tag.size,
                    "ImageVersion": name,
                    "UpdateTime": iso_z(tag.updated_at),
                    "Kind": "image",
                    "KmsSignature": "",
                }
                for name, tag in _page(found, p, "Offset", "Limit", None, default_size=20)
            ],
            "TotalCount": len(found),
        }

    @action("DeleteRepositoryTags", Struct(**IN_REPOSITORY, Tags=required(ListOf(STRING))))
    def delete_repository_tags(self, p: Params) -> dict[str, Any]:
        tags = p.texts("Tags")
        if not tags or len(tags) > MAX_DELETE_TAGS:
            raise exc.InvalidParameter(f"Tags must list 1 to {MAX_DELETE_TAGS} tags, got {len(tags)}.")
        registry = self._registry(p.text("RegistryId"))
        self.backend.delete_tags(registry, p.text("NamespaceName"), p.text("RepositoryName"), tags)
        return {}

    @action("DeleteImage", Struct(**IN_REPOSITORY, ImageVersion=required(STRING)))
    def delete_image(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        self.backend.delete_image(
            registry, p.text("NamespaceName"), p.text("RepositoryName"), p.text("ImageVersion")
        )
        return {}

    @action(
        "CreateInstanceToken",
        Struct(RegistryId=required(STRING), TokenType=optional(STRING), Desc=optional(STRING)),
    )
    def create_instance_token(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        kind = p.text("TokenType") or "temp"
        if kind not in ("temp", "longterm"):
            raise exc.InvalidParameter(f"TokenType must be temp or longterm, got `{kind}`.")
        login = self.backend.issue_login(registry, long_term=kind == "longterm")
        answer: dict[str, Any] = {
            "Username": login.username,
            "Token": login.password,
            "ExpTime": 0 if login.expires_at is None else int(login.expires_at * 1000),
        }
        if kind == "longterm":
            answer["TokenId"] = f"tk-{secrets.token_hex(8)}"
        return answer

    # --- instances, namespaces, repositories, regions ------------------------------------------

    @action("DescribeRegions", Struct())
    def describe_regions(self, p: Params) -> dict[str, Any]:
        regions = [
            {
                "Alias": region.alias,
                "RegionId": region.region_id,
                "RegionName": region.name,
                "Status": "alluser",
                "Remark": "",
                "CreatedAt": REGIONS_CREATED_AT,
                "UpdatedAt": REGIONS_CREATED_AT,
                "Id": row,
            }
            for row, region in enumerate(TCR_REGIONS, start=1)
        ]
        return {"Regions": regions, "TotalCount": len(regions)}

    @action(
        "DescribeInstances",
        Struct(
            Registryids=optional(ListOf(STRING)),
            Offset=optional(INTEGER),
            Limit=optional(INTEGER),
            Filters=optional(ListOf(NAME_VALUES)),
            AllRegion=optional(BOOLEAN),
        ),
    )
    def describe_instances(self, p: Params) -> dict[str, Any]:
        region = None if p.boolean("AllRegion") else self.region
        found = sorted(self.backend.registries_of(self.account_id, region), key=lambda r: (r.region, r.id))
        wanted = set(p.texts("Registryids"))
        if wanted:
            found = [r for r in found if r.id in wanted]
        for f in p.structs("Filters"):
            field = {"RegistryName": "name", "RegistryId": "id", "RegionName": "region"}.get(f.text("Name"))
            if field is None:
                raise exc.InvalidParameter(f"Filter name `{f.text('Name')}` is not supported.")
            values = set(f.texts("Values"))
            found = [r for r in found if getattr(r, field) in values]
        offset, limit = p.integer("Offset"), _size(p, "Limit", 20, 100)
        if offset < 0:
            raise exc.InvalidParameter("Offset must be >= 0.")
        return {
            "Registries": [_instance(r, self.backend.endpoint(r)) for r in found[offset : offset + limit]],
            "TotalCount": len(found),
        }

    @action("DeleteNamespace", Struct(RegistryId=required(STRING), NamespaceName=required(STRING)))
    def delete_namespace(self, p: Params) -> dict[str, Any]:
        """DeleteNamespace (tencentcloud.com/document/api/1051/50696): RegistryId, NamespaceName."""
        self.backend.delete_namespace(self._registry(p.text("RegistryId")), p.text("NamespaceName"))
        return {}

    @action(
        "DescribeNamespaces",
        Struct(
            RegistryId=required(STRING),
            NamespaceName=optional(STRING),
            Limit=optional(INTEGER),
            Offset=optional(INTEGER),
            All=optional(BOOLEAN),
            Filters=optional(ListOf(NAME_VALUES)),
            KmsSignPolicy=optional(BOOLEAN),
        ),
    )
    def describe_namespaces(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        name = p.text("NamespaceName")
        found = sorted((ns for ns in registry.namespaces.values() if name in ns.name), key=lambda ns: ns.name)
        shown = found if p.boolean("All") else _page(found, p, "Offset", "Limit", 100, default_size=20)
        return {
            "NamespaceList": [
                {
                    "Name": ns.name,
                    "CreationTime": go_time(ns.created_at),
                    "Public": False,
                    "NamespaceId": ns.id,
                    "TagSpecification": {"ResourceType": "namespace", "Tags": []},
                    "Metadata": [],
                    "CVEWhitelistItems": [],
                    "AutoScan": False,
                    "PreventVUL": False,
                    "Severity": "",
                }
                for ns in shown
            ],
            "TotalCount": len(found),
        }

    @action(
        "DescribeRepositories",
        Struct(
            RegistryId=required(STRING),
            NamespaceName=optional(STRING),
            RepositoryName=optional(STRING),
            Offset=optional(INTEGER),
            Limit=optional(INTEGER),
            SortBy=optional(STRING),
        ),
    )
    def describe_repositories(self, p: Params) -> dict[str, Any]:
        registry = self._registry(p.text("RegistryId"))
        namespace, name = p.text("NamespaceName"), p.text("RepositoryName")
        if namespace:
            self.backend.namespace(registry, namespace)
        found = [
            (ns.name, repo)
            for ns in registry.namespaces.values()
            if not namespace or ns.name == namespace
            for repo in ns.repositories.values()
            if name in repo.name
        ]
        _sort_repositories(found, p.text("SortBy"))
        return {
            "RepositoryList": [
                {
                    "Name": f"{ns}/{repo.name}",
                    "Namespace": ns,
                    "CreationTime": go_time(repo.created_at),
                    "Public": False,
                    "Description": "",
                    "BriefDescription": "",
                    "UpdateTime": go_time(repo.updated_at),
                }
                for ns, repo in _page(found, p, "Offset", "Limit", 100, default_size=20)
            ],
            "TotalCount": len(found),
        }

    # --- helpers -------------------------------------------------------------------------------

    def _registry(self, registry_id: str) -> Registry:
        return self.backend.registry(self.region, self.account_id, registry_id)

    def _repository(self, p: Params) -> Repository:
        registry = self._registry(p.text("RegistryId"))
        return self.backend.repository(registry, p.text("NamespaceName"), p.text("RepositoryName"))


def _filters(rule: Params) -> list[Filter]:
    return [Filter(f.text("Type"), f.text("Value")) for f in rule.structs("Filters")]


def _size(p: Params, name: str, default: int, maximum: int | None) -> int:
    size = p.integer(name, default)
    if size < 1 or (maximum is not None and size > maximum):
        raise exc.InvalidParameter(f"{name} must be between 1 and {maximum or 'any'}, got {size}.")
    return size


def _page(
    items: Sequence[T],
    p: Params,
    number: str,
    size_name: str,
    maximum: int | None,
    *,
    default_size: int = 100,
) -> Sequence[T]:
    """Page ``number`` (from 1; 0 counts as 1) of ``size_name`` items."""
    size = _size(p, size_name, default_size, maximum)
    page = max(p.integer(number, 1), 1)
    return items[(page - 1) * size : page * size]


def _sort_repositories(items: list[tuple[str, Repository]], sort_by: str) -> None:
    keys: dict[str, Callable[[tuple[str, Repository]], Any]] = {
        "name": lambda item: (item[0], item[1].name),
        "creation_time": lambda item: item[1].created_at,
        "update_time": lambda item: item[1].updated_at,
    }
    key = keys.get(sort_by.lstrip("-") or "name")
    if key is None:
        raise exc.InvalidParameter(f"SortBy `{sort_by}` is not one of -creation_time, -name, -update_time.")
    items.sort(key=key, reverse=sort_by.startswith("-"))


def _policy(registry: Registry, rule: Rule) -> dict[str, Any]:
    by_type = {f.type: f.value for f in rule.filters}
    return {
        "ID": rule.id,
        "Name": rule.name,
        "Description": rule.description,
        "Filters": [{"Type": f.type, "Value": f.value} for f in rule.filters],
        "Override": rule.override,
        "Enabled": rule.enabled,
        "SrcResource": f"{by_type.get('name') or '**'}:{by_type.get('tag') or '**'} {registry.region}",
        "DestResource": f"{rule.destination_registry_id}/{rule.dest_namespace}/** {rule.destination_region}",
        "CreationTime": iso_z(rule.created_at),
        "UpdateTime": iso_z(rule.updated_at),
    }


def _execution(execution: Execution) -> dict[str, Any]:
    return {
        "ExecutionID": execution.id,
        "PolicyID": execution.policy_id,
        "Status": execution.status,
        "Total": len(execution.tasks),
        "Succeed": execution.succeeded,
        "StartTime": iso_z(execution.started_at),
        "EndTime": "" if execution.ended_at is None else iso_z(execution.ended_at),
    }


def _instance(registry: Registry, endpoint: str | None) -> dict[str, Any]:
    return {
        "RegistryId": registry.id,
        "RegistryName": registry.name,
        "RegistryType": "premium",
        "Status": registry.status,
        "PublicDomain": endpoint or f"{registry.name}.tencentcloudcr.com",
        "CreatedAt": iso_z(registry.created_at),
        "RegionName": registry.region,
        "RegionId": BY_NAME[registry.region].region_id,
        "EnableAnonymous": False,
        "TokenValidTime": 0,
        "InternalEndpoint": "",
        "TagSpecification": {"ResourceType": "instance", "Tags": []},
        "ExpiredAt": "",
        "PayMod": 0,
        "RenewFlag": 0,
        "DeletionProtection": False,
        "AIFeature": False,
        "EnableCosMAZ": False,
        "EnableCosVersioning": False,
    }
