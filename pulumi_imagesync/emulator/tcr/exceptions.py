"""TCR error codes, one class each, messages built from the names involved."""

from __future__ import annotations

from ..protocols.tencent_errors import InvalidParameter, TencentError

__all__ = [
    "ExecutionNotFound",
    "InvalidParameter",
    "NamespaceNotFound",
    "PeerNotAuthorized",
    "RegistryNotAuthorized",
    "RegistryNotFound",
    "ReplicationExists",
    "RepositoryNotFound",
    "RuleNotFound",
    "TagExists",
    "TagNotFound",
    "UnsupportedDestinationRegion",
]


class RegistryNotFound(TencentError):
    code = "ResourceNotFound"

    def __init__(self, registry_id: str, region: str) -> None:
        super().__init__(f"The instance {registry_id} does not exist in region {region}.")


class RegistryNotAuthorized(TencentError):
    code = "UnauthorizedOperation"

    def __init__(self, registry_id: str) -> None:
        super().__init__(f"The instance {registry_id} belongs to another account.")


class PeerNotAuthorized(TencentError):
    code = "UnauthorizedOperation"

    def __init__(self, registry_id: str, why: str) -> None:
        super().__init__(f"Replication to instance {registry_id} is not authorized: {why}.")


class NamespaceNotFound(TencentError):
    code = "ResourceNotFound.ErrNoNamespace"

    def __init__(self, registry_id: str, namespace: str) -> None:
        super().__init__(f"The namespace {namespace} does not exist in instance {registry_id}.")


class RepositoryNotFound(TencentError):
    code = "ResourceNotFound.ErrNoRepo"

    def __init__(self, namespace: str, repository: str) -> None:
        super().__init__(f"The repository {namespace}/{repository} does not exist.")


class TagNotFound(TencentError):
    code = "ResourceNotFound.ErrNoTag"

    def __init__(self, namespace: str, repository: str, tag: str) -> None:
        super().__init__(f"The tag {tag} does not exist in repository {namespace}/{repository}.")


class TagExists(TencentError):
    code = "FailedOperation.PreconditionFailed"

    def __init__(self, namespace: str, repository: str, tag: str) -> None:
        super().__init__(
            f"The tag {tag} already exists in repository {namespace}/{repository}; set Override to replace it."
        )


class RuleNotFound(TencentError):
    code = "ResourceNotFound"

    def __init__(self, registry_id: str, rule_name: str) -> None:
        super().__init__(f"The replication rule {rule_name} does not exist in instance {registry_id}.")


class ExecutionNotFound(TencentError):
    code = "ResourceNotFound"

    def __init__(self, registry_id: str, execution_id: int) -> None:
        super().__init__(
            f"The replication execution {execution_id} does not exist in instance {registry_id}."
        )


class ReplicationExists(TencentError):
    code = "InvalidParameter.ReplicationExists"

    def __init__(self, registry_id: str, rule_name: str) -> None:
        super().__init__(f"A replication rule named {rule_name} already exists in instance {registry_id}.")


class UnsupportedDestinationRegion(TencentError):
    code = "InvalidParameter.UnsupportedRegion"

    def __init__(self, region_id: int) -> None:
        super().__init__(f"DestinationRegionId {region_id} is not a TCR region id (see DescribeRegions).")
