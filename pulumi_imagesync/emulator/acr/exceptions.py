"""ACR (cr 2018-12-01) business error codes, one class each, messages built from the names involved.

ACR answers its own errors with HTTP 200, ``IsSuccess: false`` and the code (as the Terraform
providers for ACR Enterprise observe, docs/cloud-assumptions.md A-ERR-3: ``INSTANCE_NOT_EXIST``, ``NAMESPACE_NOT_EXIST``,
``REPO_NOT_EXIST`` in a successful HTTP answer); ``SYNC_TASK_NOT_EXIST`` is documented as an
HTTP 400 error of ``CancelRepoSyncTask`` and is answered so by every action. Parameter problems
are the gateway's ``InvalidParameter`` / ``Missing<Name>`` (HTTP 400). No document names the codes
of a missing or duplicate sync rule: ``SYNC_RULE_NOT_EXIST`` and ``SYNC_RULE_ALREADY_EXIST`` are
the emulator's own, shaped like the documented ones (the provider decides by listing the rules,
never by these codes).
"""

from __future__ import annotations

from ..errors import CloudError
from ..protocols.alibaba_errors import InvalidParameter, MissingParameter

__all__ = [
    "InstanceNotFound",
    "InvalidParameter",
    "MissingParameter",
    "NamespaceNotFound",
    "RepositoryNotFound",
    "SyncRuleNameExists",
    "SyncRuleNotFound",
    "SyncTaskNotCancelable",
    "SyncTaskNotFound",
    "TagNotFound",
]


class AcrError(CloudError):
    """A business error: HTTP 200 with ``IsSuccess: false``."""

    status = 200


class InstanceNotFound(AcrError):
    code = "INSTANCE_NOT_EXIST"

    def __init__(self, instance_id: str, region: str, account_id: str | None = None) -> None:
        owner = f" for account {account_id}" if account_id else ""
        super().__init__(f"The instance {instance_id} does not exist in region {region}{owner}.")


class NamespaceNotFound(AcrError):
    code = "NAMESPACE_NOT_EXIST"

    def __init__(self, instance_id: str, namespace: str) -> None:
        super().__init__(f"The namespace {namespace} does not exist in instance {instance_id}.")


class RepositoryNotFound(AcrError):
    code = "REPO_NOT_EXIST"

    def __init__(self, instance_id: str, repository: str) -> None:
        super().__init__(f"The repository {repository} does not exist in instance {instance_id}.")


class TagNotFound(AcrError):
    code = "TAG_NOT_EXIST"

    def __init__(self, repository: str, tag: str) -> None:
        super().__init__(f"The tag {tag} does not exist in repository {repository}.")


class SyncTaskNotFound(CloudError):
    code = "SYNC_TASK_NOT_EXIST"
    status = 400

    def __init__(self, instance_id: str, task_id: str) -> None:
        super().__init__(f"The sync task {task_id} does not exist in instance {instance_id}.")


class SyncTaskNotCancelable(AcrError):
    """The documentation names no code for this; the emulator's own."""

    code = "SYNC_TASK_STATUS_INVALID"

    def __init__(self, task_id: str, status: str) -> None:
        super().__init__(
            f"The sync task {task_id} is {status}; only a PENDING or SYNCHRONIZING task can be canceled."
        )


class SyncRuleNotFound(AcrError):
    """Assumed (the documentation names no code for it)."""

    code = "SYNC_RULE_NOT_EXIST"

    def __init__(self, instance_id: str, rule_id: str) -> None:
        super().__init__(f"The sync rule {rule_id} does not exist in instance {instance_id}.")


class SyncRuleNameExists(AcrError):
    """Assumed (the documentation names no code for it)."""

    code = "SYNC_RULE_ALREADY_EXIST"

    def __init__(self, instance_id: str, name: str) -> None:
        super().__init__(f"A sync rule named {name} already exists in instance {instance_id}.")
